package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
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
 * time zones, locales and umasks, both into a folder and to stdout.
 */
class DeterminismIT {
  private static final Path JAR = Path.of("target/procgen.jar");

  @TempDir Path tmp;

  private record Run(Map<String, String> files, String stdout) {}

  /**
   * Renders one case in a child JVM.
   *
   * @param locale LANG and LC_ALL; must be installed (C, C.UTF-8) or the JVM falls back to C
   * @param javaLanguage the JVM's own language and country, for example {@code tr_TR}
   */
  private Run render(Path caseDir, String tz, String locale, String javaLanguage, String umask) throws Exception {
    // The same folder for every run (the header names it), emptied in between.
    Path out = tmp.resolve("out").resolve(caseDir.getFileName().toString());
    if (Files.exists(out)) {
      try (Stream<Path> s = Files.walk(out)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    StringBuilder args = new StringBuilder();
    for (Path d : Golden.descriptors(caseDir)) {
      args.append(' ').append(d.getFileName());
    }
    // Run from inside the case folder, as a user would from their repo.
    String script = "umask " + umask + "; exec java -jar '" + JAR.toAbsolutePath() + "' render" + args;
    Map<String, String> files = new TreeMap<>();
    String targets = targets(caseDir);
    String stdout = exec(caseDir, List.of("sh", "-c", script + targets + " --out '" + out + "'"), tz, locale, javaLanguage);
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        files.put(out.relativize(p).toString(), mode + "\n" + Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    assertFalse(stdout.isEmpty());
    String printed = exec(caseDir, List.of("sh", "-c", script + targets), tz, locale, javaLanguage);
    return new Run(files, printed);
  }

  /** The targets a case renders: those with expected files rather than an expected refusal. */
  private static String targets(Path caseDir) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.list(caseDir.resolve("expected"))) {
      for (Path t : s.sorted().toList()) {
        if (Files.isDirectory(t) && !Files.exists(t.resolve("stderr.txt"))) {
          sb.append(" --target ").append(t.getFileName());
        }
      }
    }
    return sb.toString();
  }

  private String exec(Path dir, List<String> command, String tz, String locale, String javaLanguage) throws Exception {
    String[] lang = javaLanguage.split("_");
    Processes.Result r = Processes.command(command).in(dir).limit(Duration.ofSeconds(60))
        .env("TZ", tz).env("LANG", locale).env("LC_ALL", locale)
        .env("JAVA_TOOL_OPTIONS", "-Duser.language=" + lang[0] + " -Duser.country=" + lang[1])
        .run();
    assertEquals(0, r.exit(), "procgen failed in " + dir + ": " + r.err());
    return r.out().replace(tmp.toString(), "TMP");
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
    assertFalse(cases.isEmpty());
    for (Path c : cases) {
      Run a = render(c, "UTC", "C", "en_US", "022");
      Run b = render(c, "Pacific/Kiritimati", "C.UTF-8", "tr_TR", "077");
      assertEquals(a.files(), b.files(), c.getFileName() + ": files and modes");
      assertEquals(a.stdout(), b.stdout(), c.getFileName() + ": stdout");
    }
  }
}
