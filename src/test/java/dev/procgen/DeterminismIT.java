package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged procgen renders every golden case to the same bytes and modes under different
 * time zones, locales, JVM languages and umasks, both into a folder and to stdout.
 *
 * <p>Each environment is one JVM ({@link RenderCases}) that renders every case, from the golden
 * folder as a user would from their repo; its last command line, the hostile case (the one with
 * non-ASCII text) to stdout, goes through the jar's own {@code Main.main}.
 */
class DeterminismIT {
  private static final Path JAR = Path.of("target/procgen.jar");
  /** The case whose stdout goes through Main.main: it holds non-ASCII text. */
  private static final String LAST = "hostile";

  @TempDir Path tmp;

  /**
   * What one environment rendered.
   *
   * @param files per case, every file below its --out folder with its mode
   * @param stdout per case, what the stdout render printed
   * @param listed per case, what the --out render printed
   * @param main what the last command line printed through Main.main
   */
  private record Run(Map<String, Map<String, String>> files, Map<String, String> stdout, Map<String, String> listed, String main) {}

  /**
   * Renders every case in one child JVM.
   *
   * @param locale LANG and LC_ALL; must be installed (C, C.UTF-8) or the JVM falls back to C
   * @param javaLanguage the JVM's own language and country, for example {@code tr_TR}
   */
  private Run render(List<Path> cases, String tz, String locale, String javaLanguage, String umask) throws Exception {
    // The same folders for every environment (the headers name them), emptied in between.
    Path outRoot = tmp.resolve("out");
    delete(outRoot);
    Path printed = Files.createDirectories(tmp.resolve("printed"));
    List<String> jobs = new ArrayList<>();
    Path last = null;
    for (Path c : cases) {
      String name = c.getFileName().toString();
      List<String> command = new ArrayList<>(List.of("render"));
      for (Path d : Golden.descriptors(c)) {
        command.add(name + "/" + d.getFileName());
      }
      command.addAll(targets(c));
      List<String> toOut = new ArrayList<>(command);
      toOut.addAll(List.of("--out", outRoot.resolve(name).toString()));
      jobs.add(printed.resolve(name + ".listed") + "\t" + String.join("\t", toOut));
      if (name.equals(LAST)) {
        last = c;
      } else {
        jobs.add(printed.resolve(name + ".stdout") + "\t" + String.join("\t", command));
      }
    }
    List<String> lastCommand = new ArrayList<>(List.of("render"));
    for (Path d : Golden.descriptors(last)) {
      lastCommand.add(LAST + "/" + d.getFileName());
    }
    lastCommand.addAll(targets(last));
    jobs.add("-\t" + String.join("\t", lastCommand));
    Path jobFile = Files.write(tmp.resolve("jobs.txt"), jobs, StandardCharsets.UTF_8);

    String classPath = JAR.toAbsolutePath() + ":" + Path.of(RenderCases.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String[] lang = javaLanguage.split("_");
    // Run from the golden folder, as a user would from their repo.
    Processes.Result r = Processes.command("sh", "-c", "umask " + umask + "; exec \"$0\" -cp \"$1\" dev.procgen.RenderCases \"$2\"",
            java, classPath, jobFile.toString())
        .in(Golden.root()).limit(Duration.ofSeconds(120))
        .env("TZ", tz).env("LANG", locale).env("LC_ALL", locale)
        .env("JAVA_TOOL_OPTIONS", "-Duser.language=" + lang[0] + " -Duser.country=" + lang[1])
        .run();
    assertEquals(0, r.exit(), "procgen failed under TZ=" + tz + " LANG=" + locale + ": " + r.err());

    Map<String, Map<String, String>> files = new TreeMap<>();
    Map<String, String> stdout = new TreeMap<>();
    Map<String, String> listed = new TreeMap<>();
    for (Path c : cases) {
      String name = c.getFileName().toString();
      Path out = outRoot.resolve(name);
      Map<String, String> tree = new LinkedHashMap<>();
      try (Stream<Path> s = Files.walk(out)) {
        for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
          String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
          tree.put(out.relativize(p).toString(), mode + "\n" + Files.readString(p, StandardCharsets.UTF_8));
        }
      }
      files.put(name, tree);
      listed.put(name, read(printed.resolve(name + ".listed")));
      if (!name.equals(LAST)) {
        stdout.put(name, read(printed.resolve(name + ".stdout")));
      }
    }
    return new Run(files, stdout, listed, r.out().replace(tmp.toString(), "TMP"));
  }

  private String read(Path file) throws IOException {
    // Bytes as UTF-8, compared byte for byte; the temp folder's name differs from run to run.
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace(tmp.toString(), "TMP");
  }

  /** The targets a case renders: those with expected files rather than an expected refusal. */
  private static List<String> targets(Path caseDir) throws IOException {
    List<String> args = new ArrayList<>();
    try (Stream<Path> s = Files.list(caseDir.resolve("expected"))) {
      for (Path t : s.sorted().toList()) {
        if (Files.isDirectory(t) && !Files.exists(t.resolve("stderr.txt"))) {
          args.addAll(List.of("--target", t.getFileName().toString()));
        }
      }
    }
    return args;
  }

  private static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void everyGoldenCaseRendersTheSameBytesUnderAnyLocaleTimeZoneAndUmask() throws Exception {
    if (!Files.isRegularFile(JAR)) {
      Tools.unavailable("target/procgen.jar is missing; run mvn verify, which packages it first");
    }
    List<Path> cases = new ArrayList<>();
    for (Path c : Golden.cases()) {
      if (!Golden.isInvalid(c)) {
        cases.add(c);
      }
    }
    assertTrue(cases.stream().anyMatch(c -> c.getFileName().toString().equals(LAST)), "the golden case " + LAST);
    Run a = render(cases, "UTC", "C", "en_US", "022");
    Run b = render(cases, "Pacific/Kiritimati", "C.UTF-8", "tr_TR", "077");
    for (Path c : cases) {
      String name = c.getFileName().toString();
      assertFalse(a.files().get(name).isEmpty(), name + ": rendered no file");
      assertFalse(a.listed().get(name).isEmpty(), name + ": --out lists what it wrote");
      assertEquals(a.files().get(name), b.files().get(name), name + ": files and modes");
      assertEquals(a.listed().get(name), b.listed().get(name), name + ": --out listing");
      if (!name.equals(LAST)) {
        assertFalse(a.stdout().get(name).isEmpty(), name + ": stdout");
        assertEquals(a.stdout().get(name), b.stdout().get(name), name + ": stdout");
      }
    }
    assertTrue(a.main().contains("grüße, 日本語, 🚀"), "Main.main prints the hostile case's non-ASCII text as UTF-8 under LANG=C:\n"
        + a.main());
    assertEquals(a.main(), b.main(), LAST + ": stdout through Main.main");
  }
}
