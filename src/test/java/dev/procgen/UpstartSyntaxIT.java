package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Upstart job of every golden case loads in Upstart 1.13.2's own parser: booted as a Session
 * Init on the case's {@code expected/upstart/} folder, Upstart reports no error for any file and
 * lists each one as a job. A job Upstart rejects fails the test with Upstart's own message.
 */
class UpstartSyntaxIT {
  private static final Path GOLDEN = Path.of("golden");

  static Stream<String> casesWithUpstartJobs() throws IOException {
    try (Stream<Path> cases = Files.list(GOLDEN)) {
      List<String> names = cases.filter(c -> Files.isDirectory(c.resolve("expected/upstart")))
          .map(c -> c.getFileName().toString()).sorted().toList();
      assertFalse(names.isEmpty(), "golden cases with Upstart jobs");
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("casesWithUpstartJobs")
  void everyJobOfTheCaseLoadsInUpstart(String name, @TempDir Path tmp) throws Exception {
    Path prefix = UpstartSession.prefix();
    Path jobs = Files.createDirectories(tmp.resolve("jobs"));
    List<String> expected;
    try (Stream<Path> files = Files.list(GOLDEN.resolve(name).resolve("expected/upstart"))) {
      expected = files.filter(f -> f.toString().endsWith(".conf")).map(f -> {
        try {
          Files.copy(f, jobs.resolve(f.getFileName()));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        String file = f.getFileName().toString();
        return file.substring(0, file.length() - ".conf".length());
      }).sorted().toList();
    }
    assertFalse(expected.isEmpty(), name + " has jobs");
    try (UpstartSession upstart = new UpstartSession(prefix, jobs, tmp.resolve("work"))) {
      assertEquals(List.of(), upstart.parseErrors(), name + ": Upstart's parse errors");
      assertEquals(expected, upstart.jobs(), name + ": the jobs Upstart loaded");
    }
  }

  @Test
  void aJobUpstartRejectsIsReportedWithUpstartsOwnMessage(@TempDir Path tmp) throws Exception {
    Path prefix = UpstartSession.prefix();
    Path jobs = Files.createDirectories(tmp.resolve("jobs"));
    Files.writeString(jobs.resolve("good.conf"), "exec /bin/true\n");
    Files.writeString(jobs.resolve("bad.conf"), "exec /bin/true\nrespawn limit forever\n");
    Files.writeString(jobs.resolve("worse.conf"), "exec /bin/true\nstart on runlevel [2345]\nbogus stanza\n");
    try (UpstartSession upstart = new UpstartSession(prefix, jobs, tmp.resolve("work"))) {
      List<String> errors = upstart.parseErrors();
      assertEquals(List.of("good"), upstart.jobs(), upstart.output());
      assertTrue(errors.stream().anyMatch(e -> e.startsWith("worse.conf:3: Unknown stanza")), errors.toString());
      assertTrue(errors.stream().anyMatch(e -> e.startsWith("bad.conf:2: ")), errors.toString());
    }
  }
}
