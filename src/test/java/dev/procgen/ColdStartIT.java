package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/procgen's class-data archive (issue 14): made on the first run, used by the runs after it
 * without changing a byte of output, and made again or ignored when the JDK changes, never a
 * reason to fail. Each test runs a copy of bin/procgen over the packaged jar in a temporary
 * home, so the repository's own target folder is never touched and Maven never starts.
 */
class ColdStartIT {
  private static final Path JAR = Path.of("target/procgen.jar");
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  /** bin/procgen's own JVM options, with -Xshare:on: the JVM stops if it cannot map the archive. */
  private static final String SHARE_ON =
      "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xms32m -XX:NewRatio=1 -XX:-UsePerfData -Xshare:on";

  @TempDir Path tmp;

  /**
   * A copy of bin/procgen whose jar is current, with the golden two-apps case it trains the
   * archive on; the sources look older than the jar, so it never starts Maven.
   */
  private Path home() throws Exception {
    if (!Files.isRegularFile(JAR)) {
      Tools.unavailable("target/procgen.jar is missing; run mvn verify, which packages it first");
    }
    Path home = tmp.resolve("procgen-home");
    Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("src/main"));
    Files.createDirectories(home.resolve("target"));
    Files.createDirectories(home.resolve("golden/two-apps"));
    Files.writeString(home.resolve("pom.xml"), "");
    Files.copy(Path.of("bin/procgen"), home.resolve("bin/procgen"));
    Files.copy(JAR, home.resolve("target/procgen.jar"));
    for (String d : List.of("a.yaml", "b.yaml")) {
      Files.copy(Golden.root().resolve("two-apps").resolve(d), home.resolve("golden/two-apps").resolve(d));
    }
    // Readable by any account whatever the umask (one test runs it as nobody).
    for (Path dir : List.of(tmp, home, home.resolve("bin"), home.resolve("src"), home.resolve("src/main"),
        home.resolve("target"), home.resolve("golden"), home.resolve("golden/two-apps"))) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.setPosixFilePermissions(home.resolve("bin/procgen"), PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Path file : List.of(home.resolve("pom.xml"), home.resolve("target/procgen.jar"),
        home.resolve("golden/two-apps/a.yaml"), home.resolve("golden/two-apps/b.yaml"))) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
    FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(home.resolve("pom.xml"), old);
    Files.setLastModifiedTime(home.resolve("src/main"), old);
    return home;
  }

  private static List<Path> archives(Path home) throws IOException {
    try (Stream<Path> s = Files.list(home.resolve("target"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jsa")).sorted().toList();
    }
  }

  /** Runs the launcher in {@code dir} with a clean environment plus {@code env}. */
  private static Processes.Result procgen(Path home, Path dir, Map<String, String> env, List<String> args) {
    List<String> argv = new ArrayList<>(List.of(home.resolve("bin/procgen").toString()));
    argv.addAll(args);
    return Processes.command(argv).in(dir).clearEnv().env("PATH", env.getOrDefault("PATH", System.getenv("PATH")))
        .env("LANG", "C.UTF-8").env(env).limit(Duration.ofSeconds(120)).run();
  }

  @Test
  void theFirstRunMakesTheArchiveAndRendersWithItAreByteIdentical() throws Exception {
    Path home = home();
    assertEquals(List.of(), archives(home));
    Processes.Result first = procgen(home, tmp, Map.of(), List.of("--version"));
    assertEquals(0, first.exit(), first.err());
    assertEquals("", first.err());
    List<Path> made = archives(home);
    assertEquals(1, made.size(), "one archive after the first run: " + made);
    FileTime madeAt = Files.getLastModifiedTime(made.get(0));

    // Every valid golden case, to stdout, from the golden folder as a user would from their repo:
    // with the archive (and -Xshare:on, so a run that could not map it would fail) and without.
    int compared = 0;
    for (Path c : Golden.cases()) {
      if (Golden.isInvalid(c)) {
        continue;
      }
      List<String> args = renderArgs(c);
      Processes.Result shared = procgen(home, Golden.root(), Map.of("PROCGEN_JAVA_OPTS", SHARE_ON), args);
      Processes.Result plain = procgen(home, Golden.root(), Map.of("PROCGEN_CDS", "0"), args);
      assertEquals(0, shared.exit(), c + ": " + shared.err());
      assertEquals(plain.exit(), shared.exit(), c.toString());
      assertFalse(shared.out().isEmpty(), c + ": printed nothing");
      assertEquals(plain.out(), shared.out(), c + ": stdout with the archive");
      assertEquals(plain.err(), shared.err(), c + ": stderr with the archive");
      compared++;
    }
    assertTrue(compared > 0, "no valid golden case");

    // Into a folder too, the same path each time: files, modes and the listing; the run with the
    // archive under another time zone, locale and umask.
    Path two = Golden.root().resolve("two-apps");
    List<String> toOut = new ArrayList<>(renderArgs(two));
    toOut.addAll(List.of("--out", tmp.resolve("out").toString()));
    List<String> underUmask = new ArrayList<>(List.of("sh", "-c", "umask 077; exec \"$0\" \"$@\"",
        home.resolve("bin/procgen").toString()));
    underUmask.addAll(toOut);
    Processes.Result shared = Processes.command(underUmask).in(Golden.root()).clearEnv()
        .env("PATH", System.getenv("PATH")).env("LANG", "C").env("TZ", "Pacific/Kiritimati")
        .env("PROCGEN_JAVA_OPTS", SHARE_ON).limit(Duration.ofSeconds(120)).run();
    assertEquals(0, shared.exit(), shared.err());
    Map<String, String> withArchive = snapshot(tmp.resolve("out"));
    delete(tmp.resolve("out"));
    Processes.Result plain = procgen(home, Golden.root(), Map.of("PROCGEN_CDS", "0"), toOut);
    assertEquals(0, plain.exit(), plain.err());
    assertEquals(plain.out(), shared.out(), "the listing");
    assertEquals(snapshot(tmp.resolve("out")), withArchive, "files and modes");

    assertEquals(made, archives(home), "no second archive");
    assertEquals(madeAt, Files.getLastModifiedTime(made.get(0)), "the archive was not made again");
  }

  @Test
  void anArchiveThatDoesNotFitIsMadeAgainOrIgnoredAndNeverFailsARun() throws Exception {
    Path home = home();
    // A JDK of its own: a java that runs the real one, with a release file that names its version.
    Path jdk = tmp.resolve("jdk");
    Files.createDirectories(jdk.resolve("bin"));
    Path java = jdk.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\nexec \"" + JAVA + "\" \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\"17.0.99+1\"\n");
    Map<String, String> env = Map.of("PATH", jdk.resolve("bin") + ":" + System.getenv("PATH"));
    Files.writeString(tmp.resolve("app.yaml"), "app: shop\nprocesses:\n  web:\n    command: /srv/shop/web\n");
    List<String> render = List.of("render", "app.yaml", "--target", "systemd", "--target", "bash");
    String expected = procgen(home, tmp, Map.of("PROCGEN_CDS", "0"), render).assertSuccess().out();
    assertFalse(expected.isEmpty());

    Processes.Result first = procgen(home, tmp, env, render);
    assertEquals(0, first.exit(), first.err());
    assertEquals(expected, first.out());
    List<Path> made = archives(home);
    assertEquals(1, made.size(), made.toString());
    assertTrue(made.get(0).getFileName().toString().contains("17.0.99_1"),
        "the archive's name carries the JDK's version: " + made.get(0));

    // The same JDK upgraded in place: another version, whatever the files' times; a new archive.
    Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\"17.0.100+1\"\n");
    Files.setLastModifiedTime(java, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    Processes.Result upgraded = procgen(home, tmp, env, render);
    assertEquals(0, upgraded.exit(), upgraded.err());
    assertEquals(expected, upgraded.out());
    // The old version's archive goes: one archive per java.
    List<Path> now = archives(home);
    assertEquals(1, now.size(), now.toString());
    Path current = now.get(0);
    assertTrue(current.getFileName().toString().contains("17.0.100_1"), current.toString());

    // A java newer than its archive (and the jar older): the archive is made again.
    Files.setLastModifiedTime(home.resolve("target/procgen.jar"), FileTime.from(Instant.parse("2020-06-01T00:00:00Z")));
    Files.setLastModifiedTime(current, FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
    Files.setLastModifiedTime(java, FileTime.from(Instant.parse("2022-01-01T00:00:00Z")));
    Processes.Result newer = procgen(home, tmp, env, render);
    assertEquals(0, newer.exit(), newer.err());
    assertEquals(expected, newer.out());
    assertNotEquals(FileTime.from(Instant.parse("2021-01-01T00:00:00Z")), Files.getLastModifiedTime(current));

    // An archive that no JVM can use, newer than the jar and the java: the run ignores it, says
    // nothing about it, and prints the same bytes.
    byte[] noise = new byte[64 * 1024];
    new Random(14).nextBytes(noise);
    Files.write(current, noise);
    Processes.Result ignored = procgen(home, tmp, env, render);
    assertEquals(0, ignored.exit(), ignored.err());
    assertEquals(expected, ignored.out());
    assertEquals("", ignored.err());
    Files.writeString(current, "");
    Processes.Result empty = procgen(home, tmp, env, render);
    assertEquals(0, empty.exit(), empty.err());
    assertEquals(expected, empty.out());
    assertEquals("", empty.err());

    // A java with no release file beside it (a wrapper in front of the JDK, say): its version is
    // unknown, so it gets no archive, and runs as well without.
    Files.delete(jdk.resolve("release"));
    List<Path> before = archives(home);
    Processes.Result unknown = procgen(home, tmp, env, render);
    assertEquals(0, unknown.exit(), unknown.err());
    assertEquals(expected, unknown.out());
    assertEquals(before, archives(home));
  }

  @Test
  void aTrainingThatFailsIsNotTriedAgainUntilTheJarChanges() throws Exception {
    Path home = home();
    Files.writeString(home.resolve("golden/two-apps/a.yaml"), "app: [\n");
    Processes.Result first = procgen(home, tmp, Map.of(), List.of("--version"));
    assertEquals(0, first.exit(), first.err());
    assertEquals("", first.err());
    assertEquals(List.of(), archives(home));
    List<Path> failed;
    try (Stream<Path> s = Files.list(home.resolve("target"))) {
      failed = s.filter(p -> p.getFileName().toString().endsWith(".jsa.failed")).toList();
    }
    assertEquals(1, failed.size(), "a marker says the training failed");
    FileTime marked = FileTime.from(Instant.parse("2030-01-01T00:00:00Z"));
    Files.setLastModifiedTime(failed.get(0), marked);
    assertEquals(0, procgen(home, tmp, Map.of(), List.of("--version")).exit());
    assertEquals(marked, Files.getLastModifiedTime(failed.get(0)), "not tried again");

    // A new jar: tried again, and this time it works; the marker goes.
    Files.copy(Golden.root().resolve("two-apps/a.yaml"), home.resolve("golden/two-apps/a.yaml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(failed.get(0), FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
    Files.setLastModifiedTime(home.resolve("target/procgen.jar"), FileTime.from(Instant.parse("2022-01-01T00:00:00Z")));
    assertEquals(0, procgen(home, tmp, Map.of(), List.of("--version")).exit());
    assertEquals(1, archives(home).size());
    assertFalse(Files.exists(failed.get(0)));
  }

  @Test
  void aLinkedBinFolderAndOptionsThatLookLikeGlobsWork() throws Exception {
    Path home = home();
    // A folder of links, as GNU stow folds them: bin/ itself is a link into the home.
    Path stowed = Files.createDirectories(tmp.resolve("stow"));
    Files.createSymbolicLink(stowed.resolve("bin"), home.resolve("bin"));
    Path log = tmp.resolve("gc.log");
    Processes.Result r = procgen(home, tmp, Map.of(), List.of("--version"));
    assertEquals(0, r.exit(), r.err());
    List<String> argv = List.of(stowed.resolve("bin/procgen").toString(), "--version");
    Processes.Result linked = Processes.command(argv).in(tmp).clearEnv().env("PATH", System.getenv("PATH"))
        .env("LANG", "C.UTF-8").env("PROCGEN_JAVA_OPTS", "-XX:+UseSerialGC -Xlog:gc*:file=" + log)
        .limit(Duration.ofSeconds(120)).run();
    assertEquals(0, linked.exit(), linked.err());
    assertEquals(r.out(), linked.out());
    assertTrue(Files.isRegularFile(log), "the option with * reached the JVM");
    assertFalse(Files.exists(stowed.resolve("target")), "the launcher used the real home");
  }

  @Test
  void aLauncherThatMayNotWriteItsTargetFolderRunsWithoutAnArchive() throws Exception {
    if ("0".equals(Processes.output("id", "-u").strip())) {
      // root may write anywhere; run as nobody instead.
      Tools.require("setpriv", "Debian package util-linux");
    }
    Path home = home();
    Files.setPosixFilePermissions(home.resolve("target"), PosixFilePermissions.fromString("r-xr-xr-x"));
    Path app = Files.writeString(tmp.resolve("app.yaml"), "app: shop\nprocesses:\n  web:\n    command: /srv/shop/web\n");
    Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> argv = new ArrayList<>();
    if ("0".equals(Processes.output("id", "-u").strip())) {
      argv.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
    }
    argv.addAll(List.of(home.resolve("bin/procgen").toString(), "render", "app.yaml", "--target", "systemd"));
    Processes.Result r = Processes.command(argv).in(tmp).clearEnv().env("PATH", System.getenv("PATH"))
        .env("LANG", "C.UTF-8").env("HOME", "/nonexistent").limit(Duration.ofSeconds(120)).run();
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("ExecStart=/srv/shop/web\n"), r.out());
    assertEquals(List.of(), archives(home));
  }

  /** The render command line of a golden case: its descriptors and the targets it has files for. */
  private static List<String> renderArgs(Path caseDir) throws IOException {
    List<String> args = new ArrayList<>(List.of("render"));
    for (Path d : Golden.descriptors(caseDir)) {
      args.add(caseDir.getFileName() + "/" + d.getFileName());
    }
    try (Stream<Path> s = Files.list(caseDir.resolve("expected"))) {
      for (Path t : s.sorted().toList()) {
        if (Files.isDirectory(t) && !Files.exists(t.resolve("stderr.txt"))) {
          args.addAll(List.of("--target", t.getFileName().toString()));
        }
      }
    }
    return args;
  }

  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        files.put(dir.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + "\n"
            + Files.readString(p));
      }
    }
    return files;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
