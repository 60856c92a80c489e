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
   * su(1) gives the user's primary group, so a block for an app with a {@code group} starts its run
   * scripts through chroot(8) instead: run for real as root, each process gets the user's uid, the
   * group's gid and the supplementary groups systemd gives {@code User=} with {@code Group=}; with a
   * group and no user, root with the group and no other groups.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aGroupOtherThanTheUsersPrimaryGroupIsTheProcesssGroup() throws Exception {
    if (!Processes.output("id", "-u").strip().equals("0")) {
      Tools.unavailable("switching accounts needs root");
    }
    try (Accounts accounts = new Accounts()) {
      String primary = accounts.group("rpri");
      String readers = accounts.group("rwww");
      String member = accounts.group("rmem");
      String user = accounts.user("rapp", primary, member);
      Probe probe = Probe.install(tmp.resolve("probe"));
      Path logs = Files.createDirectories(tmp.resolve("logs"));
      Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxrwxrwx"));
      for (Path p = tmp; p != null && p.startsWith(tmp); p = p.getParent()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      Path bin = tmp.resolve("bin");
      String common = "directory: " + tmp + "\nbin_dir: " + bin + "\nlog:\n  dir: " + logs + "\nprocesses:\n  web:\n"
          + "    command: [" + RunScriptIT.yamlDoubleQuoted(probe.program().toString()) + ", \"{port}\"]\n"
          + "    port: 8400\n    instances: 2\n";
      Path withUser = Files.writeString(tmp.resolve("rg.yaml"), "app: rg\nuser: " + user + "\ngroup: " + readers + "\n"
          + common);
      Path groupOnly = Files.writeString(tmp.resolve("rgo.yaml"), "app: rgo\ngroup: " + readers + "\n"
          + common.replace("8400", "8500"));
      Path out = tmp.resolve("out");
      Cli.renderOnDisk(withUser.toString(), groupOnly.toString(), "--target", "rclocal", "--target", "bash", "--out",
          out.toString());
      Files.createDirectories(bin);
      try (Stream<Path> scripts = Files.list(out.resolve("bash"))) {
        for (Path script : scripts.toList()) {
          Files.copy(script, bin.resolve(script.getFileName().toString()));
          Files.setPosixFilePermissions(bin.resolve(script.getFileName().toString()),
              PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
      for (String app : List.of("rg", "rgo")) {
        Processes.Result r = Processes.command("sh", out.resolve("rclocal").resolve(app + ".sh").toString())
            .env("PROBE_EXIT", "0").mergeStderr().limit(Duration.ofSeconds(10)).run();
        assertEquals(0, r.exit(), r.out());
      }
      String uid = Accounts.uid(user) + " " + Accounts.uid(user);
      String gid = Accounts.gid(readers) + " " + Accounts.gid(readers);
      List<Integer> groups = java.util.Arrays.stream(Processes.output("/usr/bin/python3", "-c",
          "import os, sys; print(' '.join(str(g) for g in sorted(set(os.getgrouplist(sys.argv[1], int(sys.argv[2]))))))",
          user, Integer.toString(Accounts.gid(readers))).strip().split(" ")).map(Integer::valueOf).toList();
      assertTrue(groups.contains(Accounts.gid(member)) && !groups.contains(Accounts.gid(primary)), groups.toString());
      for (String port : List.of("8400", "8401")) {
        Probe.Report report = probe.await(port);
        assertEquals(List.of(port), report.args());
        assertEquals(uid, report.uid(), "uid of " + port);
        assertEquals(gid, report.gid(), "gid of " + port + ": the group, not the user's primary group");
        assertEquals(groups, report.groups().stream().distinct().sorted().toList(), "groups of " + port);
      }
      for (String port : List.of("8500", "8501")) {
        Probe.Report report = probe.await(port);
        assertEquals("0 0", report.uid(), "a group without user keeps root");
        assertEquals(gid, report.gid(), "gid of " + port);
        assertEquals(List.of(), report.groups(), "no supplementary groups, as systemd's Group= alone");
      }
    }
  }
}
