package dev.procgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small Python program that records what it was started with (argv, the {@code P_*} and a few
 * other environment variables, its working directory and interpreter prefix) into {@code
 * <dir>/<PORT or "once">}, appends that name to {@code <dir>/starts}, then stays alive until it is
 * stopped (or, with {@code PROBE_EXIT} set, exits with status 3).
 */
final class Probe {
  static final Path PYTHON = Path.of("/usr/bin/python3");

  private Probe() {}

  /** Writes the probe into {@code dir} and returns its path. */
  static Path write(Path dir) throws IOException {
    Path probe = dir.resolve("probe.py");
    Files.writeString(probe, """
        import os, sys, time
        report_dir = sys.argv[1]
        name = os.environ.get("PORT", "once")
        tmp = os.path.join(report_dir, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            for a in sys.argv[2:]:
                f.write(os.fsencode(a) + b"\\0")
            f.write(b"--env--\\0")
            for k in sorted(os.environ):
                if k.startswith("P_") or k in ("PORT", "VIRTUAL_ENV"):
                    f.write(os.fsencode(k) + b"=" + os.fsencode(os.environ[k]) + b"\\0")
            f.write(b"--cwd--\\0" + os.fsencode(os.getcwd()) + b"\\0")
            f.write(b"--prefix--\\0" + os.fsencode(sys.prefix) + b"\\0")
        os.rename(tmp, os.path.join(report_dir, name))
        with open(os.path.join(report_dir, "starts"), "a") as f:
            f.write(name + "\\n")
        if os.environ.get("PROBE_EXIT"):
            sys.exit(3)
        while True:
            time.sleep(3600)
        """);
    return probe;
  }

  /**
   * A probe's report.
   *
   * @param argv the arguments after the report dir
   * @param env the recorded environment variables
   * @param cwd the working directory
   * @param prefix Python's {@code sys.prefix}, the virtualenv when one is active
   */
  record Report(List<String> argv, Map<String, String> env, String cwd, String prefix) {}

  /** Reads the report named {@code name}, or null if it is not there yet. */
  static Report read(Path dir, String name) throws IOException {
    Path file = dir.resolve(name);
    if (!Files.exists(file)) {
      return null;
    }
    String[] parts = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\0", -1);
    List<String> argv = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    int i = 0;
    while (!parts[i].equals("--env--")) {
      argv.add(parts[i++]);
    }
    i++;
    while (!parts[i].equals("--cwd--")) {
      int eq = parts[i].indexOf('=');
      env.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
      i++;
    }
    String cwd = parts[i + 1];
    String prefix = parts[i + 3];
    return new Report(argv, env, cwd, prefix);
  }
}
