package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every run script rendered from every golden case, and every rollout script under every init
 * system, is clean under shellcheck and {@code bash -n}.
 */
class RunScriptShellcheckIT {
  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> everyGoldenRunScriptIsClean() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : Golden.cases()) {
      // A case the bash target refuses (expected/bash/stderr.txt) has no run script to check.
      if (Golden.isInvalid(caseDir) || Files.exists(caseDir.resolve("expected/bash/stderr.txt"))) {
        continue;
      }
      Path out = tmp.resolve(caseDir.getFileName().toString());
      List<String> args = new ArrayList<>();
      Golden.descriptors(caseDir).forEach(d -> args.add(d.toString()));
      args.addAll(List.of("--target", "bash", "--out", out.toString()));
      Cli.renderOnDisk(args.toArray(String[]::new));
      try (Stream<Path> scripts = Files.list(out.resolve("bash"))) {
        for (Path script : scripts.sorted().toList()) {
          String name = caseDir.getFileName() + "/" + script.getFileName();
          tests.add(DynamicTest.dynamicTest(name + " passes shellcheck", () -> {
            Path shellcheck = Tools.require("shellcheck", "Debian package shellcheck");
            assertClean(List.of(shellcheck.toString(), script.toString()));
          }));
          tests.add(DynamicTest.dynamicTest(name + " passes bash -n", () -> assertClean(List.of("bash", "-n", script.toString()))));
        }
      }
    }
    assertFalse(tests.isEmpty(), "no golden run script found");
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyGoldenRolloutScriptIsCleanUnderEveryInit() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : Golden.cases()) {
      if (Golden.isInvalid(caseDir)) {
        continue;
      }
      for (String init : List.of("systemd", "upstart", "supervisor", "rclocal")) {
        Path out = tmp.resolve(caseDir.getFileName() + "-" + init);
        List<String> args = new ArrayList<>();
        Golden.descriptors(caseDir).forEach(d -> args.add(d.toString()));
        args.addAll(List.of("--target", "rollout", "--init", init, "--out", out.toString()));
        Cli.renderOnDisk(args.toArray(String[]::new));
        if (!Files.isDirectory(out.resolve("rollout"))) {
          continue; // rclocal without a supervisor.home: no script, and a warning
        }
        try (Stream<Path> scripts = Files.list(out.resolve("rollout"))) {
          for (Path script : scripts.sorted().toList()) {
            String name = caseDir.getFileName() + "/" + init + "/" + script.getFileName();
            tests.add(DynamicTest.dynamicTest(name + " passes shellcheck", () -> {
              Path shellcheck = Tools.require("shellcheck", "Debian package shellcheck");
              assertClean(List.of(shellcheck.toString(), script.toString()));
            }));
            tests.add(DynamicTest.dynamicTest(name + " passes bash -n", () -> assertClean(List.of("bash", "-n", script.toString()))));
          }
        }
      }
    }
    assertTrue(tests.size() > 40, "rollout scripts under every init: " + tests.size());
    return tests.stream();
  }

  static void assertClean(List<String> command) throws Exception {
    Processes.Result r = Processes.command(command).mergeStderr().limit(Duration.ofSeconds(60)).run();
    assertEquals("", r.out(), String.join(" ", command) + " must print nothing");
    assertEquals(0, r.exit(), String.join(" ", command));
  }
}
