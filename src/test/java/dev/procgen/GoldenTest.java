package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.procgen.targets.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Renders every golden case through the real command line into Jimfs and compares the files, byte
 * for byte, with {@code golden/<case>/expected/<target>/}. {@code -Dprocgen.golden.update=true}
 * rewrites the expectations instead; read {@code git diff golden/} before committing them.
 */
class GoldenTest {

  @TestFactory
  Stream<DynamicTest> everyCaseRendersAsExpected() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : Golden.cases()) {
      String name = caseDir.getFileName().toString();
      if (Golden.isInvalid(caseDir)) {
        tests.add(DynamicTest.dynamicTest(name + " is refused", () -> invalidCase(caseDir)));
      } else {
        for (Target target : Target.all()) {
          tests.add(DynamicTest.dynamicTest(name + " / " + target.id(), () -> validCase(caseDir, target.id())));
        }
      }
    }
    return tests.stream();
  }

  private static List<String> args(Cli cli, Path caseDir) {
    List<String> args = new ArrayList<>(List.of("render"));
    for (Path d : Golden.descriptors(caseDir)) {
      args.add(cli.put(d, d.getFileName().toString()));
    }
    return args;
  }

  private static void validCase(Path caseDir, String target) throws IOException {
    try (Cli cli = new Cli()) {
      List<String> args = args(cli, caseDir);
      args.addAll(List.of("--target", target, "--out", "out"));
      Cli.Result result = cli.run(args.toArray(String[]::new));
      Path expectedDir = caseDir.resolve("expected").resolve(target);
      Path refusal = expectedDir.resolve("stderr.txt");
      if (result.exit() == 1 && (Files.exists(refusal) || Golden.updating())) {
        // The target refuses a value it cannot carry: the case expects exactly that refusal.
        if (Golden.updating()) {
          rewrite(expectedDir, Map.of("stderr.txt", result.err()));
          return;
        }
        assertEquals(Files.readString(refusal, StandardCharsets.UTF_8), result.err());
        assertTrue(cli.tree("/work/out").isEmpty(), "a refused render must write nothing");
        return;
      }
      assertEquals(0, result.exit(), () -> "render failed: " + result.err());
      Map<String, String> produced = cli.tree("/work/out/" + target);
      if (Golden.updating()) {
        rewrite(expectedDir, produced);
        return;
      }
      Map<String, String> expected = read(expectedDir);
      TreeSet<String> missing = new TreeSet<>(expected.keySet());
      missing.removeAll(produced.keySet());
      TreeSet<String> unexpected = new TreeSet<>(produced.keySet());
      unexpected.removeAll(expected.keySet());
      if (!missing.isEmpty() || !unexpected.isEmpty()) {
        fail("files differ from " + expectedDir + ": expected but not produced " + missing
            + "; produced but not expected " + unexpected);
      }
      assertTrue(!produced.isEmpty(), "the target rendered no file");
      for (String file : expected.keySet()) {
        assertEquals(expected.get(file), produced.get(file), target + "/" + file);
      }
    }
  }

  private static void invalidCase(Path caseDir) throws IOException {
    try (Cli cli = new Cli()) {
      List<String> args = args(cli, caseDir);
      args.addAll(List.of("--target", "all", "--out", "out"));
      Cli.Result result = cli.run(args.toArray(String[]::new));
      Path expected = caseDir.resolve("expected/stderr.txt");
      if (Golden.updating()) {
        Files.writeString(expected, result.err(), StandardCharsets.UTF_8);
        return;
      }
      assertEquals(Files.readString(expected, StandardCharsets.UTF_8), result.err());
      assertEquals(1, result.exit());
      assertEquals("", result.out());
      assertTrue(cli.tree("/work/out").isEmpty(), "an invalid descriptor must write nothing");
    }
  }

  private static Map<String, String> read(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  private static void rewrite(Path dir, Map<String, String> files) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.delete(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
    }
  }
}
