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
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
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
      args.addAll(Golden.extraArgs(caseDir));
      Cli.Result result = cli.run(args.toArray(String[]::new));
      Path expectedDir = caseDir.resolve("expected").resolve(target);
      Path refusal = expectedDir.resolve("stderr.txt");
      if (result.exit() == 1 && (Files.exists(refusal) || Golden.updating())) {
        // The target refuses a value it cannot carry: the case expects exactly that refusal.
        assertNoCrash(result.err(), caseDir, target);
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
      // The nginx target renders a file exactly for an app with a proxy; of the others, only the logrotate
      // target renders nothing for an app, when no process's log is rotated by logrotate.
      boolean proxy;
      try (var yamls = Files.list(caseDir)) {
        proxy = yamls.filter(f -> f.toString().endsWith(".yaml")).anyMatch(f -> {
          try {
            return Files.readString(f).lines().anyMatch(l -> l.startsWith("proxy:"));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      }
      if (target.equals("nginx")) {
        assertEquals(proxy, !produced.isEmpty(), "the nginx target renders a file exactly when the app has a proxy");
      } else {
        assertTrue(!produced.isEmpty() || target.equals("logrotate"), "the target rendered no file");
      }
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
      assertNoCrash(result.err(), caseDir, "all");
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

  /**
   * A crash as the CLI reports it: {@code procgen: internal error: ...}, or, from CLIs that
   * predate that wording, {@code procgen: error: } followed by a Java exception's class name
   * (lower-case package segments, then a capitalized class name).
   */
  private static final Pattern CRASH = Pattern.compile(
      "(?m)^procgen: (?:internal error: .*|error: (?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?::.*)?)$");

  /** Returns the line of {@code stderr} that reports a crash, if there is one. */
  static Optional<String> crash(String stderr) {
    Matcher m = CRASH.matcher(stderr);
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }

  /**
   * Fails the case when procgen crashed: a crash is never an expected refusal, so update mode
   * must not save it as {@code stderr.txt}, and no saved expectation may hold one.
   */
  private static void assertNoCrash(String stderr, Path caseDir, String target) {
    crash(stderr).ifPresent(line -> fail(caseDir.getFileName() + " / " + target + ": procgen crashed ("
        + line + ")" + (Golden.updating() ? "; not saved as an expected stderr.txt" : "") + ":\n" + stderr));
  }

  @Test
  void aCrashIsToldApartFromARefusal() {
    assertEquals(Optional.of("procgen: internal error: java.lang.NullPointerException: x is null"),
        crash("procgen: internal error: java.lang.NullPointerException: x is null\n(run again with --stacktrace for details)\n"));
    assertEquals(Optional.of("procgen: error: java.lang.IllegalStateException: not checked: a"),
        crash("procgen: error: java.lang.IllegalStateException: not checked: a\n(run again with --stacktrace for details)\n"));
    assertEquals(Optional.of("procgen: error: dev.procgen.targets.Foo$BarError"), crash("procgen: error: dev.procgen.targets.Foo$BarError\n"));
    assertEquals(Optional.empty(), crash("app.yaml:3:5: error: environment.X: expected a value without control characters for "
        + "the systemd target, found 'a\\nb'\n"));
    assertEquals(Optional.empty(), crash("procgen: error: out/x: expected a real file or folder below out, found a symbolic link\n"));
    assertEquals(Optional.empty(), crash("app.yaml: error: cannot read the descriptor: no such file\n"));
    assertEquals(Optional.empty(), crash("procgen: error: app.yaml: cannot read the descriptor\n"));
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
