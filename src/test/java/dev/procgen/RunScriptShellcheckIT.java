package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every run script rendered from every golden case is clean under shellcheck and {@code bash -n}. */
class RunScriptShellcheckIT {
  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> everyGoldenRunScriptIsClean() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : Golden.cases()) {
      if (Golden.isInvalid(caseDir)) {
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

  static void assertClean(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in 60 s");
    }
    assertEquals("", output, String.join(" ", command) + " must print nothing");
    assertEquals(0, p.exitValue(), String.join(" ", command));
  }
}
