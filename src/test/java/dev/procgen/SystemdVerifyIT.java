package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemd-analyze verify} accepts every unit of every golden case without printing a
 * word. It runs against a root folder holding the units, the distribution's own units, and a
 * stand-in for every executable the units name, so the host's files are never read as the app's.
 */
class SystemdVerifyIT {
  private static final Pattern EXEC = Pattern.compile("(?m)^Exec(?:Start|StartPre|Reload)=(\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+))");
  private static final Pattern WANTS = Pattern.compile("(?m)^Wants=(.*)$");

  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> everyGoldenUnitPassesSystemdAnalyzeVerify() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : Golden.cases()) {
      Path units = caseDir.resolve("expected/systemd");
      // A case the systemd target refuses has only expected/systemd/stderr.txt: nothing to verify.
      if (Files.isDirectory(units) && !Files.exists(units.resolve("stderr.txt"))) {
        tests.add(DynamicTest.dynamicTest(caseDir.getFileName() + " verifies cleanly", () -> verify(caseDir, units)));
      }
    }
    assertFalse(tests.isEmpty());
    return tests.stream();
  }

  private void verify(Path caseDir, Path units) throws Exception {
    Path analyze = Tools.require("systemd-analyze", "Debian package systemd");
    Path root = tmp.resolve(caseDir.getFileName().toString());
    Path system = Files.createDirectories(root.resolve("etc/systemd/system"));
    copyTree(Path.of("/lib/systemd/system"), Files.createDirectories(root.resolve("lib/systemd/system")));
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(units)) {
      for (Path unit : files.sorted().toList()) {
        String text = Files.readString(unit);
        Files.writeString(system.resolve(unit.getFileName().toString()), text);
        Matcher exec = EXEC.matcher(text);
        while (exec.find()) {
          String program = exec.group(2) != null ? exec.group(2).replace("\\\\", "\\").replace("\\\"", "\"") : exec.group(3);
          // The special prefixes (systemd.service(5), "Special executable prefixes") are not part of the path.
          stub(root, program.replaceFirst("^[-@:+!]+", "").replace("%%", "%"));
        }
        Matcher wants = WANTS.matcher(text);
        if (unit.getFileName().toString().endsWith(".target") && wants.find()) {
          names.add(unit.getFileName().toString());
          names.addAll(List.of(wants.group(1).trim().split("\\s+")));
        }
      }
    }
    List<String> command = new ArrayList<>(List.of(analyze.toString(), "verify", "--root=" + root));
    command.addAll(names);
    Processes.Result r = Processes.command(command).mergeStderr().limit(Duration.ofSeconds(60)).run();
    assertEquals("", r.out(), "systemd-analyze verify " + names + " must print nothing");
    assertEquals(0, r.exit());
  }

  /** Puts an executable stand-in at {@code program} below {@code root}. */
  private static void stub(Path root, String program) throws IOException {
    Path file = root.resolve(program.substring(1)).normalize();
    assertTrue(program.startsWith("/") && file.startsWith(root), "an absolute executable below the root: " + program);
    Files.createDirectories(file.getParent());
    if (!Files.exists(file)) {
      Files.writeString(file, "#!/bin/sh\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          Files.createDirectories(target.getParent());
          Files.deleteIfExists(target);
          Files.createSymbolicLink(target, Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
