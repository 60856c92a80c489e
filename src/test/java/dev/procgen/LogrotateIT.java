package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logrotate target's files under the real logrotate 3.21 (Debian package {@code logrotate}),
 * run with {@code -s STATEFILE -f} on the generated file while the app runs: under a real
 * supervisord that reopens on SIGUSR2, under a gunicorn master that reopens on SIGUSR1, and under
 * the plain run script, which only {@code copytruncate} can rotate. After each rotation the
 * process's next lines land in the new file, the rotated file holds the earlier ones, and {@code
 * log.rotate.keep} rotated files are kept. And {@code logrotate -d} reports no error for any golden
 * case under any {@code --init}.
 */
class LogrotateIT {
  private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");
  /** Prints 0, 1, 2, ... one a line, every 20 ms. */
  private static final String TICKER =
      "import itertools, time; [(print(i, flush=True), time.sleep(0.02)) for i in itertools.count()]";
  private static final int KEEP = 2;
  private static final int ROTATIONS = 4;

  @TempDir Path tmp;

  private static Path logrotate() throws Exception {
    Path tool = Tools.require("logrotate", "Debian package logrotate");
    if (!Processes.output("id", "-u").strip().equals("0")) {
      Tools.unavailable("logrotate rotates as root here: it refuses a config file that root does not own");
    }
    return tool;
  }

  /** Every golden case, under every init system: logrotate -d parses each file with no error. */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void logrotateDebugFindsNoErrorInAnyGoldenCase() throws Exception {
    Path tool = logrotate();
    Sandbox.requireTools();
    List<Path> files = new ArrayList<>();
    Set<String> accounts = new LinkedHashSet<>();
    Pattern su = Pattern.compile("(?m)^ +su (\\S+) (\\S+)$");
    for (Path caseDir : Golden.cases()) {
      if (Golden.isInvalid(caseDir)) {
        continue;
      }
      for (String init : List.of("systemd", "upstart", "supervisor", "rclocal")) {
        Path out = tmp.resolve("out").resolve(caseDir.getFileName().toString()).resolve(init);
        List<String> args = new ArrayList<>();
        for (Path d : Golden.descriptors(caseDir)) {
          args.add(d.toString());
        }
        args.addAll(List.of("--target", "logrotate", "--init", init, "--out", out.toString()));
        Cli.Result result = Cli.renderOnDiskResult(args.toArray(String[]::new));
        if (result.exit() != 0) {
          // A case whose values logrotate cannot carry is refused, with the target named.
          assertTrue(result.err().contains("for the logrotate target"), result.err());
          continue;
        }
        Path dir = out.resolve("logrotate");
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (Stream<Path> s = Files.list(dir)) {
          for (Path f : s.sorted().toList()) {
            files.add(f);
            Matcher m = su.matcher(Files.readString(f));
            while (m.find()) {
              accounts.add(m.group(1) + " " + m.group(2));
            }
          }
        }
      }
    }
    assertTrue(files.size() > 20, "the golden cases must give logrotate files to check, found " + files.size());
    // The stanzas name the apps' accounts (su), which logrotate looks up: create them in a copy of /etc.
    StringBuilder script = new StringBuilder("set -u\n");
    for (String pair : accounts) {
      String[] ug = pair.split(" ");
      script.append("getent group ").append(ug[1]).append(" >/dev/null || groupadd --system ").append(ug[1]).append('\n');
      script.append("id -u ").append(ug[0]).append(" >/dev/null 2>&1 || useradd --system --no-create-home -g ")
          .append(ug[1]).append(' ').append(ug[0]).append('\n');
    }
    for (Path f : files) {
      script.append("echo '=== ").append(f).append("'\n");
      script.append(tool).append(" -d -s ").append(tmp.resolve("debug.state")).append(" '").append(f).append("' 2>&1\n");
    }
    Path file = Files.writeString(tmp.resolve("debug.sh"), script.toString());
    Sandbox sandbox = new Sandbox(tmp.resolve("sandbox"), Map.of());
    Sandbox.Result result = sandbox.run(file, tmp);
    String current = "";
    List<String> errors = new ArrayList<>();
    for (String line : result.output().split("\n")) {
      if (line.startsWith("=== ")) {
        current = line.substring(4);
      } else if (line.startsWith("error:") || line.contains("Ignoring")) {
        errors.add(current + ": " + line);
      }
    }
    assertEquals(List.of(), errors, result.output());
    assertTrue(result.output().contains("rotating pattern"), "logrotate -d must have read the stanzas:\n" + result.output());
  }

  /** supervisord writes the files, and reopens them on SIGUSR2 from the postrotate script. */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void supervisordReopensItsLogsOnUsr2() throws Exception {
    Path tool = logrotate();
    Path home = tmp.resolve("home");
    Path logs = tmp.resolve("logs");
    Path descriptor = Files.writeString(tmp.resolve("app.yaml"), String.join("\n",
        "app: ticks",
        "supervisor:",
        "  home: " + home,
        "log:",
        "  dir: " + logs,
        "  rotate: {size: 1K, keep: " + KEEP + "}",
        "processes:",
        "  tick:",
        "    command: [" + SYSTEM_PYTHON + ", -u, -c, " + RunScriptIT.yamlDoubleQuoted(TICKER) + "]",
        ""));
    Path out = tmp.resolve("out");
    Cli.renderOnDisk(descriptor.toString(), "--target", "supervisor", "--target", "logrotate", "--init", "supervisor",
        "--out", out.toString());
    Path conf = Supervisord.install(out.resolve("supervisor"), home);
    Path rotateConf = out.resolve("logrotate/ticks");
    assertTrue(Files.readString(rotateConf).contains("kill -USR2"), Files.readString(rotateConf));
    Files.createDirectories(logs);
    try (Supervisord supervisord = Supervisord.start(conf, tmp.resolve("supervisord.console"))) {
      supervisord.awaitStatus(s -> Supervisord.allIn(s, List.of("ticks:ticks"), "RUNNING"), Duration.ofSeconds(30),
          "the ticker running");
      rotateAndCheck(tool, rotateConf, logs.resolve("ticks.log"), true);
    }
  }

  /** A gunicorn master started by its run script reopens its log file, with the app's own output, on SIGUSR1. */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void gunicornReopensItsLogOnUsr1() throws Exception {
    Path tool = logrotate();
    Tools.require(SYSTEM_PYTHON.toString(), "Debian's python3");
    if (Processes.command(SYSTEM_PYTHON.toString(), "-c", "import gunicorn").mergeStderr().run().exit() != 0) {
      Tools.unavailable("gunicorn is not importable by /usr/bin/python3 (Debian package python3-gunicorn)");
    }
    Path venv = Tools.virtualenv(tmp.resolve("venv"), true);
    Path appDir = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(appDir.resolve("hello.py"), """
        import sys


        def application(environ, start_response):
            print("request " + environ["QUERY_STRING"], flush=True)
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
            return [b"ok"]
        """);
    int port = RunScriptIT.freePort();
    Path logs = tmp.resolve("logs");
    Path binDir = tmp.resolve("bin");
    Path descriptor = Files.writeString(tmp.resolve("app.yaml"), String.join("\n",
        "app: hello",
        "user: " + Processes.output("id", "-un").strip(),
        "directory: " + appDir,
        "virtualenv: " + venv,
        "bin_dir: " + binDir,
        "log:",
        "  dir: " + logs,
        "  rotate: {keep: " + KEEP + "}",
        "processes:",
        "  web:",
        "    command: python -m gunicorn hello:application",
        "    server: gunicorn",
        "    workers: 2",
        "    port: " + port,
        ""));
    Path out = tmp.resolve("out");
    Cli.renderOnDisk(descriptor.toString(), "--target", "bash", "--target", "logrotate", "--init", "upstart",
        "--out", out.toString());
    Files.createDirectories(binDir);
    Path script = binDir.resolve("hello.sh");
    Files.copy(out.resolve("bash/hello.sh"), script, StandardCopyOption.COPY_ATTRIBUTES);
    Path rotateConf = out.resolve("logrotate/hello");
    assertTrue(Files.readString(rotateConf).contains("kill -USR1"), Files.readString(rotateConf));
    Process server = Processes.command(script.toString()).in(tmp).clearEnv()
        .env(Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"))
        .start(tmp.resolve("console.log"));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Path log = logs.resolve("hello.log");
    try {
      awaitLine(server, log, "request r0", port, client, "r0");
      assertEquals(Long.toString(server.pid()), Files.readString(logs.resolve("hello.pid")).strip(),
          "the pid file must name the master, which the run script execs");
      for (int r = 1; r <= ROTATIONS; r++) {
        request(client, port, "before" + r);
        runLogrotate(tool, rotateConf);
        // The app's next output, from a worker, lands in the new file, and the earlier in the rotated one.
        awaitLine(server, log, "request after" + r, port, client, "after" + r);
        String rotated = Files.readString(logs.resolve("hello.log.1"));
        assertTrue(rotated.contains("request before" + r), "the rotated file keeps the earlier lines:\n" + rotated);
        // A worker reopens a moment after the master forwards SIGUSR1, so the first "after" requests may still
        // reach the old file; the one that is in the new file proves the reopen.
        assertFalse(Files.readString(log).contains("request before" + r), "the new file starts after the rotation");
      }
      assertKept(logs, "hello.log");
    } finally {
      Processes.stop(server, Duration.ofSeconds(15));
    }
  }

  /** The plain run script's output can only be copied and truncated in place. */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void runScriptLogIsCopiedAndTruncated() throws Exception {
    Path tool = logrotate();
    Path logs = tmp.resolve("logs");
    Path binDir = tmp.resolve("bin");
    Path descriptor = Files.writeString(tmp.resolve("app.yaml"), String.join("\n",
        "app: ticks",
        "bin_dir: " + binDir,
        "log:",
        "  dir: " + logs,
        "  rotate: {size: 1K, keep: " + KEEP + "}",
        "processes:",
        "  tick:",
        "    command: [" + SYSTEM_PYTHON + ", -u, -c, " + RunScriptIT.yamlDoubleQuoted(TICKER) + "]",
        ""));
    Path out = tmp.resolve("out");
    Cli.renderOnDisk(descriptor.toString(), "--target", "bash", "--target", "logrotate", "--init", "rclocal",
        "--out", out.toString());
    Path rotateConf = out.resolve("logrotate/ticks");
    assertTrue(Files.readString(rotateConf).contains("copytruncate"), Files.readString(rotateConf));
    Files.createDirectories(binDir);
    Path script = binDir.resolve("ticks.sh");
    Files.copy(out.resolve("bash/ticks.sh"), script, StandardCopyOption.COPY_ATTRIBUTES);
    Process ticker = Processes.command(script.toString()).in(tmp).clearEnv()
        .env(Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"))
        .start(tmp.resolve("console.log"));
    try {
      rotateAndCheck(tool, rotateConf, logs.resolve("ticks.log"), false);
    } finally {
      Processes.stop(ticker, Duration.ofSeconds(15));
    }
  }

  /**
   * Rotates {@code log} {@link #ROTATIONS} times while a ticker writes it: each time, the rotated
   * file ends with the earlier lines and the live file goes on after them (with no line lost when
   * the writer reopens; {@code copytruncate} may lose the lines written during the copy).
   */
  private void rotateAndCheck(Path tool, Path conf, Path log, boolean reopens) throws Exception {
    awaitNumbers(log, 5);
    for (int r = 1; r <= ROTATIONS; r++) {
      runLogrotate(tool, conf);
      // Read once the writer is on the new file: supervisord reopens at its next tick, after logrotate returns.
      List<Long> fresh = awaitNumbers(log, 3);
      List<Long> rotated = numbers(Files.readString(log.resolveSibling(log.getFileName() + ".1")));
      assertFalse(rotated.isEmpty(), "the rotated file holds the earlier lines");
      long lastRotated = rotated.get(rotated.size() - 1);
      if (reopens) {
        assertEquals(lastRotated + 1, fresh.get(0), "the new file goes on exactly where the rotated one ended");
      } else {
        assertTrue(fresh.get(0) > lastRotated, "the new file holds later lines than the rotated one: "
            + lastRotated + " then " + fresh.get(0));
      }
      Thread.sleep(200);
    }
    assertKept(log.getParent(), log.getFileName().toString());
  }

  /** After several rotations exactly {@link #KEEP} rotated files are left: the newest plain, the older gzipped. */
  private static void assertKept(Path dir, String name) throws Exception {
    List<String> rotated = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith(name + ".")) {
          rotated.add(n);
        }
      }
    }
    assertEquals(List.of(name + ".1", name + ".2.gz"), rotated, "log.rotate.keep: " + KEEP);
  }

  private void runLogrotate(Path tool, Path conf) {
    Processes.Result result = Processes.command(tool.toString(), "-s", tmp.resolve("state").toString(), "-f",
        conf.toString()).run();
    assertEquals(0, result.exit(), result.out() + result.err());
    assertFalse((result.out() + result.err()).contains("error"), result.out() + result.err());
  }

  private static List<Long> numbers(String text) {
    List<Long> numbers = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.matches("[0-9]+")) {
        numbers.add(Long.parseLong(line));
      }
    }
    return numbers;
  }

  /** Waits until {@code log} holds at least {@code count} numbered lines, and returns them. */
  private static List<Long> awaitNumbers(Path log, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        List<Long> numbers = numbers(Files.readString(log));
        if (numbers.size() >= count) {
          return numbers;
        }
      }
      Thread.sleep(50);
    }
    fail("no " + count + " lines in " + log + (Files.exists(log) ? ":\n" + Files.readString(log) : " (missing)"));
    return List.of();
  }

  private static void request(HttpClient client, int port, String tag) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/?" + tag))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
  }

  /** Sends requests tagged {@code tag} until {@code line} appears in {@code log}. */
  private void awaitLine(Process server, Path log, String line, int port, HttpClient client, String tag) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        fail("gunicorn exited with " + server.exitValue() + ": " + Files.readString(tmp.resolve("console.log"))
            + (Files.exists(log) ? Files.readString(log) : ""));
      }
      try {
        request(client, port, tag);
      } catch (java.io.IOException e) {
        // not listening yet
      }
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      Thread.sleep(200);
    }
    fail("no '" + line + "' in " + log + (Files.exists(log) ? ":\n" + Files.readString(log) : " (missing)"));
  }
}
