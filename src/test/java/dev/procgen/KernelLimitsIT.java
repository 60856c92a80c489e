package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits procgen refuses at (compiler.KernelLimits) are the kernel's own, proved at both sides
 * of each boundary: the longest value procgen accepts reaches the process through a generated run
 * script, and one byte more is what execve(2) or bind(2) refuses.
 */
class KernelLimitsIT {
  /** MAX_ARG_STRLEN less the terminating NUL: the longest argv word or environment entry. */
  private static final int LONGEST = 131071;

  @TempDir Path tmp;

  /** {@code n} bytes of UTF-8 ending in a two-byte character, so that bytes and characters differ. */
  private static String text(int n) {
    String s = "x".repeat(n - 2) + "\u00e9";
    assertEquals(n, s.getBytes(StandardCharsets.UTF_8).length);
    return s;
  }

  private String descriptor(Probe probe, String env, String word) {
    return "app: probe\n"
        + "directory: " + tmp + "\n"
        + "bin_dir: " + tmp.resolve("bin") + "\n"
        + "log:\n  dir: " + tmp.resolve("logs") + "\n"
        + "environment:\n  PROBE_EXIT: \"0\"\n  P_BIG: " + RunScriptIT.yamlDoubleQuoted(env) + "\n"
        + "processes:\n  probe:\n    command:\n      - " + RunScriptIT.yamlDoubleQuoted(probe.program().toString())
        + "\n      - " + RunScriptIT.yamlDoubleQuoted(word) + "\n";
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theLongestAcceptedWordAndEntryReachTheProcessThroughTheRunScript() throws Exception {
    Tools.require("bash", "Debian package bash");
    Probe probe = Probe.install(tmp.resolve("probe"));
    String value = text(LONGEST - "P_BIG=".length());
    String word = text(LONGEST);
    Path file = tmp.resolve("app.yaml");
    Files.writeString(file, descriptor(probe, value, word));
    Path out = tmp.resolve("out");
    Cli.renderOnDisk(file.toString(), "--target", "bash", "--out", out.toString());

    Processes.Result run = Processes.command(out.resolve("bash/probe.sh").toString()).mergeStderr().run();
    assertEquals(0, run.exit(), run.out());
    Probe.Report report = probe.await("probe");
    assertEquals(List.of(word), report.args());
    assertEquals(value, report.env().get("P_BIG"));

    // One byte more in either is refused up front.
    try (Cli cli = new Cli()) {
      Cli.Result entry = cli.run("render", cli.put("a.yaml", descriptor(probe, value + "x", word)), "--target", "bash");
      assertEquals(1, entry.exit());
      assertTrue(entry.err().contains("environment.P_BIG: expected the entry P_BIG=value of at most 131071 bytes"),
          entry.err().substring(0, Math.min(300, entry.err().length())));
      Cli.Result argv = cli.run("render", cli.put("b.yaml", descriptor(probe, value, word + "x")), "--target", "bash");
      assertEquals(1, argv.exit());
      assertTrue(argv.err().contains("processes.probe.command: expected words of at most 131071 bytes"),
          argv.err().substring(0, Math.min(300, argv.err().length())));
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theLongestAcceptedWordAndEntryReachTheProcessThroughSupervisord() throws Exception {
    Tools.require("supervisord", "Debian package supervisor");
    Probe probe = Probe.install(tmp.resolve("probe"));
    String value = text(LONGEST - "P_BIG=".length());
    String word = text(LONGEST);
    String user = Processes.output("id", "-un").strip();
    // Without PROBE_EXIT the probe stays up, as a service does.
    String yaml = "app: probe\nuser: " + user + "\ndirectory: " + tmp + "\nbin_dir: " + tmp.resolve("bin")
        + "\nlog:\n  dir: " + Files.createDirectories(tmp.resolve("logs"))
        + "\nsupervisor:\n  home: " + tmp.resolve("home")
        + "\nenvironment:\n  P_BIG: " + RunScriptIT.yamlDoubleQuoted(value)
        + "\nprocesses:\n  probe:\n    command:\n      - " + RunScriptIT.yamlDoubleQuoted(probe.program().toString())
        + "\n      - " + RunScriptIT.yamlDoubleQuoted(word) + "\n";
    Path file = Files.writeString(tmp.resolve("app.yaml"), yaml);
    Cli.renderOnDisk(file.toString(), "--target", "supervisor", "--out", tmp.resolve("out").toString());
    Path config = Supervisord.install(tmp.resolve("out/supervisor"), tmp.resolve("home"));
    try (Supervisord supervisord = Supervisord.start(config, tmp.resolve("supervisord.console"))) {
      Probe.Report report = probe.await("probe");
      assertEquals(List.of(word), report.args());
      assertEquals(value, report.env().get("P_BIG"));
    }
  }

  /** Runs bash, which reads the value from {@code file} and execs {@code /bin/true} with it as {@code how} says. */
  private Processes.Result execWith(String how, String value) throws Exception {
    Path file = Files.writeString(tmp.resolve("value"), value);
    String script = switch (how) {
      case "argv" -> "exec /bin/true \"$(cat \"$1\")\"";
      case "env" -> "exec /usr/bin/env \"P_BIG=$(cat \"$1\")\" /bin/true";
      case "export" -> "P_BIG=\"$(cat \"$1\")\"; export P_BIG; exec /bin/true";
      default -> throw new IllegalArgumentException(how);
    };
    return Processes.command("bash", "-c", script, "bash", file.toString()).mergeStderr().run();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void execveTakesTheLongestAcceptedValueAndRefusesOneByteMore() throws Exception {
    Tools.require("bash", "Debian package bash");
    for (String how : List.of("argv", "env", "export")) {
      int longest = how.equals("argv") ? LONGEST : LONGEST - "P_BIG=".length();
      Processes.Result ok = execWith(how, text(longest));
      assertEquals(0, ok.exit(), how + ": " + ok.out());
      Processes.Result refused = execWith(how, text(longest + 1));
      assertEquals(126, refused.exit(), how + ": " + refused.out());
      assertTrue(refused.out().contains("Argument list too long"), how + ": " + refused.out());
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void argumentsTogetherPastAQuarterOfTheDefaultStackAreRefused() throws Exception {
    Tools.require("bash", "Debian package bash");
    // 21 words of 100 000 bytes pass 2 MiB; procgen refuses them (KernelLimitsTest), and so does
    // the kernel under the default 8 MiB stack that every target leaves in place.
    Path word = Files.writeString(tmp.resolve("word"), "w".repeat(100_000));
    String script = "ulimit -s 8192 || exit 99; w=\"$(cat \"$1\")\"; args=(); "
        + "for ((i = 0; i < $2; i++)); do args+=(\"$w\"); done; exec env -i /bin/true \"${args[@]}\"";
    Processes.Result under = Processes.command("bash", "-c", script, "bash", word.toString(), "20").mergeStderr().run();
    assertEquals(0, under.exit(), under.out());
    Processes.Result over = Processes.command("bash", "-c", script, "bash", word.toString(), "21").mergeStderr().run();
    assertEquals(126, over.exit(), over.out());
    assertTrue(over.out().contains("Argument list too long"), over.out());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aPathOf4095BytesResolvesAnd4096DoNotEvenWhenItExists() throws Exception {
    Tools.require("bash", "Debian package bash");
    StringBuilder base = new StringBuilder(tmp.toString());
    while (base.length() < 4093) {
      int left = 4093 - base.length();
      base.append('/').append("d".repeat(left <= 201 ? left - 1 : left == 202 ? 199 : 200));
    }
    Files.createDirectories(Path.of(base.toString()));
    // Both folders exist: they are made relative to base, whose own path is short enough.
    String script = "cd \"$1\" && mkdir x yy && cd \"$1/x\" && echo fits && cd \"$1/yy\"";
    Processes.Result r;
    try {
      r = Processes.command("bash", "-c", script, "bash", base.toString()).mergeStderr().run();
    } finally {
      // The temp dir's cleanup cannot reach a folder whose path is past PATH_MAX either.
      Processes.command("bash", "-c", "cd \"$1\" && rmdir x yy", "bash", base.toString()).run();
    }
    assertEquals(4095, (base + "/x").length());
    assertTrue(r.out().startsWith("fits\n"), r.out());
    assertNotEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("File name too long"), r.out());

    Processes.Result names = Processes.command("bash", "-c", "mkdir \"$1/$2\" && echo fits && mkdir \"$1/$2n\"", "bash",
        tmp.toString(), "n".repeat(255)).mergeStderr().run();
    assertTrue(names.out().startsWith("fits\n"), names.out());
    assertNotEquals(0, names.exit(), names.out());
    assertTrue(names.out().contains("File name too long"), names.out());
  }

  /** Binds a unix socket at {@code path} with python3, as gunicorn does. */
  private static Processes.Result bind(Path path) {
    return Processes.command(Probe.PYTHON.toString(), "-c",
        "import socket, sys\ns = socket.socket(socket.AF_UNIX)\ns.bind(sys.argv[1])\n", path.toString())
        .mergeStderr().run();
  }

  /** A socket path in {@code dir} of exactly {@code bytes} bytes of UTF-8, with a two-byte character when {@code multibyte}. */
  private static Path socketPath(Path dir, int bytes, boolean multibyte) {
    int room = bytes - dir.toString().length() - "/.sock".length();
    String name = multibyte ? "s".repeat(room - 2) + "\u00e9" : "s".repeat(room);
    Path path = dir.resolve(name + ".sock");
    assertEquals(bytes, path.toString().getBytes(StandardCharsets.UTF_8).length);
    return path;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aUnixSocketPathOf107BytesBindsAnd108DoNot() throws Exception {
    Tools.require(Probe.PYTHON.toString(), "Debian's python3");
    Path dir = Files.createDirectories(tmp.resolve("sockets"));
    for (boolean multibyte : List.of(false, true)) {
      Path fits = socketPath(dir, 107, multibyte);
      Processes.Result ok = bind(fits);
      assertEquals(0, ok.exit(), ok.out());
      assertTrue(Files.exists(fits), "the socket exists at the whole path");
      Path over = socketPath(dir, 108, multibyte);
      Processes.Result refused = bind(over);
      assertNotEquals(0, refused.exit(), refused.out());
      assertTrue(refused.out().contains("AF_UNIX path too long"), refused.out());
    }
  }
}
