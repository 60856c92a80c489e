package dev.procgen;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one probe program of the tests ({@code src/test/resources/probe.py}): whatever starts it
 * (a run script, supervisord, systemd, a boot hook, a bootstrap script), it records the program
 * path it was run as, its arguments, its {@code P_*}, {@code PORT} and {@code VIRTUAL_ENV}
 * variables (all of its environment when it is run under a name that starts with {@link
 * #ALL_ENV}), its working directory, its Python prefix, and its uid, gid and supplementary groups,
 * so that a test can compare them with what the descriptor said.
 *
 * <p>{@link #install} puts it at {@code <home>/probe}, executable by anyone, with its reports in
 * {@code <home>/reports}, writable by anyone, so that it may run as another user. A report is
 * named after {@code $PORT}, or else the name the probe was run under; a second start under the
 * same name writes {@code <name>.2}, and so on. {@link #linkAt} makes the probe runnable under
 * another path or name, for example a stand-in {@code su} or a program path holding a port.
 * See the program's own comment for what it does after recording: stay alive (a service), exit
 * with {@code $PROBE_EXIT}, or, run as {@code su}, run its {@code -c} command.
 */
final class Probe {
  /** Debian's python3, which runs the probe. */
  static final Path PYTHON = Path.of("/usr/bin/python3");

  /** The probe records its whole environment when the name it is run under starts with this. */
  static final String ALL_ENV = "allenv";

  private final Path home;

  private Probe(Path home) {
    this.home = home;
  }

  /** Writes the probe to {@code home/probe} and an empty {@code home/reports}, and returns it. */
  static Probe install(Path home) throws IOException {
    Tools.require(PYTHON.toString(), "Debian's python3");
    Files.createDirectories(home);
    Path program = home.resolve("probe");
    try (InputStream in = Probe.class.getResourceAsStream("/probe.py")) {
      Files.write(program, in.readAllBytes());
    }
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path reports = Files.createDirectories(home.resolve("reports"));
    Files.setPosixFilePermissions(reports, PosixFilePermissions.fromString("rwxrwxrwx"));
    return new Probe(home);
  }

  /** The probe program, {@code home/probe}. */
  Path program() {
    return home.resolve("probe");
  }

  /** The folder the reports go to. */
  Path reports() {
    return home.resolve("reports");
  }

  /** Makes {@code path} (and its folders) a symbolic link to the probe, and returns it. */
  Path linkAt(Path path) throws IOException {
    Files.createDirectories(path.getParent());
    return Files.createSymbolicLink(path, program());
  }

  /**
   * One start of the probe.
   *
   * @param program the path it was run as, {@code argv[0]}
   * @param args the arguments after it
   * @param env the recorded environment variables, by name
   * @param cwd the working directory
   * @param prefix Python's {@code sys.prefix}, the virtualenv when one is active
   * @param uid the real and effective uid, {@code "<real> <effective>"}
   * @param gid the real and effective gid, {@code "<real> <effective>"}
   * @param groups the supplementary group ids, in the kernel's order
   */
  record Report(String program, List<String> args, Map<String, String> env, String cwd, String prefix, String uid,
      String gid, List<Integer> groups) {}

  /** Returns every report written under {@code name}, in the order of the starts. */
  List<Report> reports(String name) {
    List<Report> all = new ArrayList<>();
    for (int n = 1; ; n++) {
      Path file = reports().resolve(n == 1 ? name : name + "." + n);
      if (!Files.exists(file)) {
        return all;
      }
      all.add(read(file));
    }
  }

  /** Returns how many times the probe started under {@code name}. */
  int starts(String name) {
    return reports(name).size();
  }

  /** Waits up to 30 s for the first report under {@code name}, or fails the test. */
  Report await(String name) throws InterruptedException {
    return await(name, 1).get(0);
  }

  /** Waits up to 30 s until {@code count} starts under {@code name} are reported, or fails the test. */
  List<Report> await(String name, int count) throws InterruptedException {
    // Generous: it returns as soon as the reports are there, and a loaded CI host (four IT classes
    // at once, each starting servers) can take seconds to start a supervisord and a python.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<Report> found = reports(name);
    while (found.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
      found = reports(name);
    }
    if (found.size() < count) {
      fail("expected " + count + " reports " + name + " in " + reports() + ", found " + found.size() + " among " + names());
    }
    return found;
  }

  private List<String> names() {
    try (Stream<Path> s = Files.list(reports())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Report read(Path file) {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] f = text.split("\0", -1);
    int i = 0;
    String program = f[i++];
    int argc = Integer.parseInt(f[i++]);
    List<String> args = new ArrayList<>();
    for (int k = 0; k < argc; k++) {
      args.add(f[i++]);
    }
    int envc = Integer.parseInt(f[i++]);
    Map<String, String> env = new LinkedHashMap<>();
    for (int k = 0; k < envc; k++) {
      int eq = f[i].indexOf('=');
      env.put(f[i].substring(0, eq), f[i].substring(eq + 1));
      i++;
    }
    String cwd = f[i++];
    String prefix = f[i++];
    String uid = f[i++];
    String gid = f[i++];
    String groupList = f[i++];
    List<Integer> groups = groupList.isEmpty() ? List.of()
        : Stream.of(groupList.split(",")).map(Integer::valueOf).toList();
    if (i != f.length - 1 || !f[i].isEmpty()) {
      throw new IllegalStateException("malformed probe report " + file + ": " + text);
    }
    return new Report(program, args, env, cwd, prefix, uid, gid, groups);
  }
}
