package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bootstrap script, run for real as root in a sandbox that never touches the host's files. */
class BootstrapIT {
  private static final List<String> INITS = List.of("systemd", "upstart", "supervisor", "rclocal");

  @TempDir Path tmp;

  private Path render(Path descriptor, String init, Path out) {
    Cli.renderOnDisk(descriptor.toString(), "--target", "bootstrap", "--init", init, "--out", out.toString());
    try (Stream<Path> s = Files.list(out.resolve("bootstrap"))) {
      return s.findFirst().orElseThrow();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyBootstrapScriptIsCleanUnderShellcheckAndBashN() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : Golden.cases()) {
      if (Golden.isInvalid(caseDir) || Files.exists(caseDir.resolve("expected/bootstrap/stderr.txt"))) {
        continue;
      }
      for (Path descriptor : Golden.descriptors(caseDir)) {
        for (String init : INITS) {
          String name = caseDir.getFileName() + "/" + descriptor.getFileName() + " --init " + init;
          tests.add(DynamicTest.dynamicTest(name, () -> {
            Path script = render(descriptor, init, tmp.resolve(caseDir.getFileName() + "-" + descriptor.getFileName() + "-" + init));
            Path shellcheck = Tools.require("shellcheck", "Debian package shellcheck");
            RunScriptShellcheckIT.assertClean(List.of(shellcheck.toString(), script.toString()));
            RunScriptShellcheckIT.assertClean(List.of("bash", "-n", script.toString()));
          }));
        }
      }
    }
    assertFalse(tests.isEmpty());
    return tests.stream();
  }

  /** Snapshots every file below {@code dir}: mode, owner and bytes. */
  private static Map<String, String> snapshot(Path dir) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        files.put(dir.relativize(p).toString(), PosixFilePermissions.toString(a.permissions()) + " "
            + a.owner().getName() + "\n" + Files.readString(p, StandardCharsets.ISO_8859_1));
      }
    }
    return files;
  }

  // The Upstart recipe's bootstrap runs under a live Upstart: UpstartLiveIT.

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void aMissingInitSystemStopsTheScriptBeforeAnyChange() throws Exception {
    Sandbox.requireTools();
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path script = render(Golden.root().resolve("gunicorn-recipe/app.yaml"), "upstart", tmp.resolve("out"));
    Sandbox sandbox = new Sandbox(tmp.resolve("root"), Map.of("/home", home));
    Sandbox.Result r = sandbox.run(script, null);
    assertEquals(1, r.exit(), r.output());
    assertEquals("bootstrap django-project: Upstart is not present: no initctl on PATH\n"
        + "bootstrap django-project: changed nothing: fix the 1 problem(s) above and run again\n", r.output());
    try (Stream<Path> s = Files.list(home)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void tornadoUnderItsOwnSupervisordRunsAllFourAndKeepsTheOperatorsRcLocal() throws Exception {
    Sandbox.requireTools();
    Tools.require("supervisord", "Debian package supervisor");
    Path home = Files.createDirectories(tmp.resolve("home"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    // The app's user runs the probe: /home/chat/probe, reporting into /home/chat/reports.
    Probe probe = Probe.install(home.resolve("chat"));
    String yaml = """
        app: chat
        user: chat
        directory: /home/chat/app
        bin_dir: /home/chat/bin
        log:
          dir: /home/chat/logs
        supervisor:
          home: /home/chat/supervisor
        processes:
          chat:
            command: /home/chat/probe --port={port}
            instances: 4
            port: 8000
        """;
    Path descriptor = Files.writeString(tmp.resolve("chat.yaml"), yaml);
    Path script = render(descriptor, "supervisor", tmp.resolve("out"));
    Sandbox sandbox = new Sandbox(tmp.resolve("root"), Map.of("/home", home));
    String operatorLines = "#!/bin/sh -e\n# The operator's own boot lines.\necho booting >/dev/null\n";
    Files.writeString(sandbox.etc().resolve("rc.local"), operatorLines + "exit 0\n");
    Files.setPosixFilePermissions(sandbox.etc().resolve("rc.local"), PosixFilePermissions.fromString("rwxr-xr-x"));

    long supervisordPid = 0;
    try {
      Sandbox.Result first = sandbox.run(script, null);
      assertEquals(0, first.exit(), first.output());
      assertTrue(first.output().contains("write the procgen chat block into /etc/rc.local\n"), first.output());
      assertTrue(first.output().contains("run su -s /bin/sh chat -c exec supervisord -c /home/chat/supervisor/supervisord.conf\n"),
          first.output());
      Path pidfile = home.resolve("chat/supervisor/supervisord.pid");
      for (int i = 0; i < 100 && !Files.exists(pidfile); i++) {
        Thread.sleep(100);
      }
      supervisordPid = Long.parseLong(Files.readString(pidfile).strip());
      String owner = Processes.output("ps", "-o", "user=", "-p", Long.toString(supervisordPid)).strip();
      assertFalse(owner.equals("root"), "supervisord must run as the app's user, not root");

      List<String> names = List.of("chat:chat-8000", "chat:chat-8001", "chat:chat-8002", "chat:chat-8003");
      long pid = supervisordPid;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      String status = "";
      while (System.nanoTime() < deadline) {
        String now = Processes.output("nsenter", "-t", Long.toString(pid), "-m", "supervisorctl", "-c",
            "/home/chat/supervisor/supervisord.conf", "status").strip();
        status = now;
        if (names.stream().allMatch(n -> now.lines().anyMatch(l -> l.startsWith(n + " ") && l.contains("RUNNING")))) {
          break;
        }
        Thread.sleep(250);
      }
      final String lastStatus = status;
      for (String n : names) {
        assertTrue(lastStatus.lines().anyMatch(l -> l.startsWith(n + " ") && l.contains("RUNNING")), n + ":\n" + lastStatus);
        String port = n.substring(n.length() - 4);
        assertEquals(List.of("--port=" + port), probe.await(port).args(), "instance " + port + " ran with its own argv");
      }

      Map<String, String> before = snapshot(home.resolve("chat/bin"));
      String rcLocal = Files.readString(sandbox.etc().resolve("rc.local"));
      Sandbox.Result second = sandbox.run(script, null);
      assertEquals(0, second.exit(), second.output());
      assertEquals("bootstrap chat: nothing changed\n", second.output());
      assertEquals(before, snapshot(home.resolve("chat/bin")));
      assertEquals(rcLocal, Files.readString(sandbox.etc().resolve("rc.local")));

      assertTrue(rcLocal.startsWith(operatorLines + "# BEGIN procgen chat\n"), rcLocal);
      assertTrue(rcLocal.endsWith("# END procgen chat\nexit 0\n"), rcLocal);
      assertEquals(1, rcLocal.split("# BEGIN procgen chat\n", -1).length - 1, "exactly one block for the app");
    } finally {
      if (supervisordPid != 0) {
        ProcessHandle.of(supervisordPid).ifPresent(h -> Processes.stop(h, Duration.ofSeconds(20)));
      }
    }
  }
}
