package dev.procgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Upstart 1.13.2 (built from {@code ../shared/upstart} by {@code .ci/upstart}) booted as a
 * Session Init ({@code init --user}, as Upstart's own {@code init-checkconf} does) on a folder of
 * job files: it parses every {@code *.conf} with Upstart's own parser and starts nothing. Its
 * {@code initctl list} shows the files that became jobs, and its log the ones it rejected, as
 * {@code init:<file>:<line>: <message>}. Everything lives in a temp folder; the host's init and
 * {@code /etc/init} are never touched, and init is stopped by its PID.
 */
public final class UpstartSession implements AutoCloseable {
  /** The system property, then the environment variable, that names the build's prefix. */
  public static final String PROPERTY = "procgen.upstart";
  public static final String VARIABLE = "PROCGEN_UPSTART";
  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final Path prefix;
  private final Path jobs;
  private final Path log;
  private final Process init;
  private final String session;

  /**
   * Returns the prefix of the test Upstart, or fails the test under {@code CI=true} and skips it
   * elsewhere, saying how to build one.
   */
  public static Path prefix() {
    String given = Optional.ofNullable(System.getProperty(PROPERTY)).filter(s -> !s.isEmpty())
        .orElse(System.getenv(VARIABLE));
    if (given == null || given.isEmpty()) {
      Tools.unavailable("no test Upstart: build one with `.ci/upstart` and set " + VARIABLE + " (or -D" + PROPERTY
          + ") to the prefix it prints");
    }
    Path p = Path.of(given);
    if (!Files.isExecutable(p.resolve("sbin/init")) || !Files.isExecutable(p.resolve("sbin/initctl"))) {
      Tools.unavailable(VARIABLE + "=" + given + " holds no sbin/init and sbin/initctl; build it with `.ci/upstart`");
    }
    return p;
  }

  /** Boots a Session Init on the job files in {@code jobs}, with its state in {@code work}. */
  public UpstartSession(Path prefix, Path jobs, Path work) throws IOException, InterruptedException {
    this.prefix = prefix;
    this.jobs = jobs;
    Path xdg = Files.createDirectories(work.resolve("xdg"));
    Files.setPosixFilePermissions(xdg, PosixFilePermissions.fromString("rwx------"));
    Files.createDirectories(work.resolve("log"));
    this.log = work.resolve("init.out");
    // Bounded whatever happens to the test: timeout(1) kills init after 300 s.
    this.init = Processes.command("timeout", "-s", "KILL", "300", prefix.resolve("sbin/init").toString(), "--user", "--no-dbus", "--no-startup-event",
            "--verbose", "--confdir", jobs.toString(), "--logdir", work.resolve("log").toString())
        .in(Path.of("/")).clearEnv().env(Map.of("PATH", PATH, "HOME", work.toString(), "LANG", "C",
            "XDG_RUNTIME_DIR", xdg.toString()))
        .start(log);
    String found = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (found == null && System.nanoTime() < deadline && init.isAlive()) {
      Path sessions = xdg.resolve("upstart/sessions");
      if (Files.isDirectory(sessions)) {
        try (Stream<Path> s = Files.list(sessions)) {
          for (Path f : s.filter(p -> p.toString().endsWith(".session")).toList()) {
            for (String line : Files.readAllLines(f)) {
              if (line.startsWith("UPSTART_SESSION=")) {
                found = line.substring("UPSTART_SESSION=".length());
              }
            }
          }
        }
      }
      if (found != null && initctlAt(found, "version").exit() != 0) {
        found = null;
      }
      if (found == null) {
        Thread.sleep(100);
      }
    }
    this.session = found;
    if (found == null) {
      Processes.stop(init, Duration.ofSeconds(5));
      throw new IllegalStateException("Upstart's Session Init did not come up; its output:\n" + output());
    }
  }

  /** Runs this Upstart's {@code initctl ARGS} against the session, bounded to 20 s. */
  public Processes.Result initctl(String... args) {
    return initctlAt(session, args);
  }

  private Processes.Result initctlAt(String address, String... args) {
    List<String> argv = new ArrayList<>(List.of(prefix.resolve("sbin/initctl").toString()));
    argv.addAll(List.of(args));
    return Processes.command(argv).clearEnv().env(Map.of("PATH", PATH, "UPSTART_SESSION", address))
        .limit(Duration.ofSeconds(20)).run();
  }

  /** Returns the D-Bus address of the session's private socket ({@code UPSTART_SESSION}). */
  public String address() {
    return session;
  }

  /**
   * Returns a job's {@code description} as Upstart holds it, read over the session's private
   * D-Bus socket with {@code dbus-send --peer} (Debian package dbus-bin): the job object's {@code
   * com.ubuntu.Upstart0_6.Job.description} property. Upstart prints it nowhere else.
   */
  public String description(String job) {
    Tools.require("dbus-send", "Debian package dbus-bin");
    // The job's object path: libnih's nih_dbus_path escapes every byte but letters and digits as _XX.
    StringBuilder path = new StringBuilder("/com/ubuntu/Upstart/jobs/");
    for (byte b : job.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      if (b >= 0 && Character.isLetterOrDigit((char) b)) {
        path.append((char) b);
      } else {
        path.append(String.format("_%02x", b & 0xff));
      }
    }
    Processes.Result r = Processes.command("dbus-send", "--peer=" + session, "--print-reply=literal", path.toString(),
        "org.freedesktop.DBus.Properties.Get", "string:com.ubuntu.Upstart0_6.Job", "string:description")
        .clearEnv().env("PATH", PATH).limit(Duration.ofSeconds(20)).run().assertSuccess();
    // Literal replies print the variant as "   variant       <string>", with no quoting and no newline.
    String out = r.out();
    String head = "   variant       ";
    if (!out.startsWith(head)) {
      throw new IllegalStateException("unexpected dbus-send reply for " + job + ": " + out);
    }
    return out.substring(head.length());
  }

  /** Returns the names of the jobs Upstart loaded, from {@code initctl list}. */
  public List<String> jobs() {
    Processes.Result r = initctl("list").assertSuccess();
    return r.out().lines().filter(l -> !l.isBlank()).map(l -> l.split(" ", 2)[0]).sorted().toList();
  }

  /** Returns every message Upstart logged about a job file, without the folder: {@code <file>:<line>: <message>}. */
  public List<String> parseErrors() throws IOException {
    String prefix = "init:" + jobs + "/";
    return output().lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
  }

  /** Returns what init printed so far. */
  public String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() {
    Processes.stop(init, Duration.ofSeconds(5));
  }
}
