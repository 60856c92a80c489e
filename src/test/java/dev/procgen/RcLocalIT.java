package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The rc.local boot hook: clean POSIX sh, and it starts the app only through su as its user. */
class RcLocalIT {
  @TempDir Path tmp;

  private Path render(String yaml, String name) throws Exception {
    Path descriptor = Files.writeString(tmp.resolve(name + ".yaml"), yaml);
    Path out = tmp.resolve("out-" + name);
    Cli.renderOnDisk(descriptor.toString(), "--target", "rclocal", "--out", out.toString());
    return out.resolve("rclocal");
  }

  @TestFactory
  Stream<DynamicTest> everyGoldenBlockIsCleanPosixSh() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : Golden.cases()) {
      Path dir = caseDir.resolve("expected/rclocal");
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> blocks = Files.list(dir)) {
        for (Path block : blocks.sorted().toList()) {
          String name = caseDir.getFileName() + "/" + block.getFileName();
          tests.add(DynamicTest.dynamicTest(name + " passes shellcheck -s sh", () -> {
            Path shellcheck = Tools.require("shellcheck", "Debian package shellcheck");
            RunScriptShellcheckIT.assertClean(List.of(shellcheck.toString(), "-s", "sh", block.toString()));
          }));
          tests.add(DynamicTest.dynamicTest(name + " passes sh -n",
              () -> RunScriptShellcheckIT.assertClean(List.of("sh", "-n", block.toString()))));
        }
      }
    }
    assertFalse(tests.isEmpty());
    return tests.stream();
  }

  /**
   * Runs the block under sh with the probe standing in for su and supervisord, and returns their
   * calls, each as its name and arguments, sorted; the stand-in su runs its -c command with sh, as
   * the real one would after switching users.
   */
  private List<List<String>> runWithStubs(Path block, int expectedCalls) throws Exception {
    Path stubs = tmp.resolve("stubs");
    Probe probe = Probe.install(tmp.resolve("probe"));
    List<String> names = List.of("su", "supervisord");
    for (String name : names) {
      probe.linkAt(stubs.resolve(name));
    }
    // The block must not block: it starts everything in the background.
    Processes.Result r = Processes.command("sh", block.toString()).env("PATH", stubs + ":/usr/bin:/bin")
        .env("PROBE_EXIT", "0").mergeStderr().limit(Duration.ofSeconds(10)).run();
    assertEquals(0, r.exit(), r.out());
    List<List<String>> calls = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (calls.size() < expectedCalls && System.nanoTime() < deadline) {
      Thread.sleep(50);
      calls.clear();
      for (String name : names) {
        for (Probe.Report call : probe.reports(name)) {
          List<String> c = new ArrayList<>(List.of(name));
          c.addAll(call.args());
          calls.add(c);
        }
      }
    }
    calls.sort((a, b) -> String.join(" ", a).compareTo(String.join(" ", b)));
    return calls;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void startsThePerUserSupervisordAsTheUserNeverAsRoot() throws Exception {
    Path home = tmp.resolve("it's home");
    Path block = render("app: chat\nuser: chat\nsupervisor:\n  home: \"" + home + "\"\nprocesses:\n  web:\n    command: run\n", "chat");
    List<List<String>> calls = runWithStubs(block.resolve("chat.sh"), 2);
    String conf = home.resolve("supervisord.conf").toString();
    assertEquals(List.of(
        List.of("su", "-s", "/bin/sh", "chat", "-c", "exec supervisord -c '" + conf.replace("'", "'\\''") + "'"),
        List.of("supervisord", "-c", conf)), calls);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void withoutSupervisorItStartsEachRunScriptAsTheUser() throws Exception {
    Path bin = tmp.resolve("bin");
    Path block = render("app: q\nuser: www\nbin_dir: " + bin + "\nprocesses:\n  worker:\n    command: run\n    instances: 2\n", "q");
    String text = Files.readString(block.resolve("q.sh"));
    assertTrue(text.startsWith("# BEGIN procgen q\n") && text.endsWith("# END procgen q\n"), text);
    List<List<String>> calls = runWithStubs(block.resolve("q.sh"), 2);
    assertEquals(List.of(
        List.of("su", "-s", "/bin/sh", "www", "-c", "exec " + bin.resolve("q-1.sh")),
        List.of("su", "-s", "/bin/sh", "www", "-c", "exec " + bin.resolve("q-2.sh"))), calls.subList(0, 2));
  }
  /**
   * With a group, the block starts the run script through chroot --userspec, for real, as root:
   * the process gets the user, the group (not the user's primary group) and the supplementary
   * groups getgrouplist(user, group), as systemd's User= and Group= give them; with a group and
   * no user it keeps root with that group and no supplementary groups.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aGroupIsRealUserOrNot() throws Exception {
    Tools.require("chroot", "Debian package coreutils");
    try (Accounts accounts = new Accounts()) {
      String primary = accounts.group("rpri");
      String readers = accounts.group("rwww");
      String member = accounts.group("rmem");
      String user = accounts.user("rapp", primary, member);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Probe probe = Probe.install(tmp.resolve("probe"));
      Path bin = Files.createDirectories(tmp.resolve("bin"));
      Path logs = Files.createDirectories(tmp.resolve("logs"));
      Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxrwxrwx"));
      String both = "app: rgrp\nuser: " + user + "\ngroup: " + readers + "\nbin_dir: " + bin + "\nlog:\n  dir: " + logs
          + "\nenvironment:\n  PROBE_EXIT: \"0\"\nprocesses:\n  web:\n    command: " + probe.linkAt(tmp.resolve("pb/rgrp-web")) + "\n";
      String groupOnly = "app: ronly\ngroup: " + readers + "\nbin_dir: " + bin + "\nlog:\n  dir: " + logs
          + "\nenvironment:\n  PROBE_EXIT: \"0\"\nprocesses:\n  web:\n    command: " + probe.linkAt(tmp.resolve("pb/ronly-web")) + "\n";
      Path out = tmp.resolve("out");
      Cli.renderOnDisk(Files.writeString(tmp.resolve("rgrp.yaml"), both).toString(),
          Files.writeString(tmp.resolve("ronly.yaml"), groupOnly).toString(), "--target", "bash", "--target", "rclocal",
          "--out", out.toString());
      try (Stream<Path> scripts = Files.list(out.resolve("bash"))) {
        for (Path script : scripts.toList()) {
          Path installed = Files.copy(script, bin.resolve(script.getFileName()));
          Files.setPosixFilePermissions(installed, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
      for (String app : List.of("rgrp", "ronly")) {
        Path block = out.resolve("rclocal/" + app + ".sh");
        assertTrue(Files.readString(block).contains("/usr/sbin/chroot --skip-chdir --userspec="), Files.readString(block));
        Processes.Result r = Processes.command("sh", block.toString()).mergeStderr().limit(Duration.ofSeconds(10)).run();
        assertEquals(0, r.exit(), r.out());
      }
      List<Integer> expected = Accounts.grouplist(user, readers);
      assertTrue(expected.contains(Accounts.gid(member)) && !expected.contains(Accounts.gid(primary)), expected.toString());

      Probe.Report web = probe.await("rgrp-web");
      assertEquals(Accounts.uid(user) + " " + Accounts.uid(user), web.uid(), "the user's uid");
      assertEquals(Accounts.gid(readers) + " " + Accounts.gid(readers), web.gid(), "the group's gid, not the primary group's");
      assertEquals(expected, web.groups().stream().distinct().sorted().toList(), "getgrouplist(user, group)");

      Probe.Report only = probe.await("ronly-web");
      assertEquals("0 0", only.uid(), "no user: root");
      assertEquals(Accounts.gid(readers) + " " + Accounts.gid(readers), only.gid());
      assertEquals(List.of(), only.groups(), "no user: no supplementary groups");
    }
  }
}
