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
   * Runs the block under sh with stand-ins for su and supervisord that record their arguments;
   * the stand-in su runs its -c command with sh, as the real one would after switching users.
   */
  private List<List<String>> runWithStubs(Path block, int expectedCalls) throws Exception {
    Path stubs = Files.createDirectories(tmp.resolve("stubs"));
    Path calls = Files.createDirectories(tmp.resolve("calls"));
    String recorder = """
        #!/bin/sh
        f=$(mktemp "%s/$(basename "$0").XXXXXX")
        for a in "$@"; do printf '%%s\\0' "$a" >> "$f"; done
        mv "$f" "$f.done"
        """.formatted(calls);
    for (String name : List.of("su", "supervisord")) {
      Path stub = stubs.resolve(name);
      String body = recorder + (name.equals("su") ? "shift 4\nexec sh -c \"$1\"\n" : "");
      Files.writeString(stub, body);
      Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    // The block must not block: it starts everything in the background.
    Processes.Result r = Processes.command("sh", block.toString()).env("PATH", stubs + ":/usr/bin:/bin").mergeStderr()
        .limit(Duration.ofSeconds(10)).run();
    assertEquals(0, r.exit(), r.out());
    List<Path> done = List.of();
    for (int i = 0; i < 100 && done.size() < expectedCalls; i++) {
      Thread.sleep(100);
      try (Stream<Path> s = Files.list(calls)) {
        done = s.filter(f -> f.toString().endsWith(".done")).sorted().toList();
      }
    }
    List<List<String>> result = new ArrayList<>();
    for (Path f : done) {
      String name = f.getFileName().toString().replaceFirst("\\..*", "");
      List<String> call = new ArrayList<>(List.of(name));
      String text = Files.readString(f);
      if (!text.isEmpty()) {
        call.addAll(List.of(text.substring(0, text.length() - 1).split("\0", -1)));
      }
      result.add(call);
    }
    result.sort((a, b) -> String.join(" ", a).compareTo(String.join(" ", b)));
    return result;
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
}
