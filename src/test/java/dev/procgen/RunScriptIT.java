package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a generated run script for real: Debian's gunicorn in a virtualenv serves a small WSGI app
 * on a free loopback port, exactly as an Upstart job would start it.
 */
class RunScriptIT {
  private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

  @TempDir Path tmp;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void gunicornRunScriptServesAndLogs() throws Exception {
    Tools.require(SYSTEM_PYTHON.toString(), "Debian's python3");
    if (Processes.command(SYSTEM_PYTHON.toString(), "-c", "import gunicorn").mergeStderr().run().exit() != 0) {
      Tools.unavailable("gunicorn is not importable by /usr/bin/python3 (Debian package python3-gunicorn)");
    }
    Path venv = Tools.virtualenv(tmp.resolve("venv"), true);

    Path appDir = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(appDir.resolve("hello.py"), """
        import os


        def application(environ, start_response):
            body = os.environ["GREETING"].encode("utf-8")
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        """);
    String greeting = "hello 100% \"world\" $HOME 'it''s' ; # \\ `x` é";
    String user = Processes.output("id", "-un").strip();
    String group = Processes.output("id", "-gn").strip();
    int port = freePort();
    Path logDir = tmp.resolve("logs");
    Path binDir = tmp.resolve("bin");
    String descriptor = String.join("\n",
        "app: hello",
        "user: " + user,
        "group: " + group,
        "directory: " + appDir,
        "virtualenv: " + venv,
        "bin_dir: " + binDir,
        "environment:",
        "  GREETING: " + yamlDoubleQuoted(greeting),
        "log:",
        "  dir: " + logDir,
        "  level: info",
        "processes:",
        "  web:",
        "    command: python -m gunicorn hello:application",
        "    server: gunicorn",
        "    workers: 2",
        "    port: " + port,
        "");
    Path descriptorFile = tmp.resolve("app.yaml");
    Files.writeString(descriptorFile, descriptor);

    Path out = tmp.resolve("out");
    Cli.renderOnDisk(descriptorFile.toString(), "--target", "bash", "--out", out.toString());

    // Install the run script where the Upstart job execs it from, as an operator would.
    Files.createDirectories(binDir);
    Path script = binDir.resolve("hello.sh");
    Files.copy(out.resolve("bash/hello.sh"), script, StandardCopyOption.COPY_ATTRIBUTES);
    assertTrue(Files.isExecutable(script), "the run script must be written executable");

    // Upstart starts jobs with a minimal environment.
    Process server = Processes.command(script.toString()).in(tmp).clearEnv()
        .env(Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM", "linux"))
        .start(tmp.resolve("console.log"));
    try {
      HttpResponse<String> response = awaitHttp(server, port, Duration.ofSeconds(60));
      assertEquals(200, response.statusCode());
      assertEquals(greeting, response.body(), "the environment value must reach the app exactly");

      String cmdline = Files.readString(Path.of("/proc", Long.toString(server.pid()), "cmdline")).replace('\0', ' ');
      assertTrue(cmdline.contains("gunicorn"), "the script must exec gunicorn in place, found: " + cmdline);

      Path logFile = logDir.resolve("hello.log");
      assertTrue(Files.isRegularFile(logFile), "gunicorn's log file must appear in log.dir");
      assertTrue(Files.readString(logFile).contains("Booting worker"), "gunicorn logs at info level into log.dir");
    } finally {
      Processes.stop(server, Duration.ofSeconds(15));
    }
    assertTrue(!server.isAlive(), "gunicorn must stop when its PID is sent SIGTERM");
  }

  private HttpResponse<String> awaitHttp(Process server, int port, Duration limit) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        fail("the run script exited with " + server.exitValue() + ": " + Files.readString(tmp.resolve("console.log")));
      }
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (ConnectException e) {
        Thread.sleep(200);
      }
    }
    fail("no HTTP answer on port " + port + " within " + limit + ": " + Files.readString(tmp.resolve("console.log")));
    return null;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Writes {@code s} as a YAML double-quoted scalar (YAML 1.1, section 5.7 escapes): every
   * character YAML would fold as a line break or refuse as non-printable is escaped, so the
   * descriptor reads back exactly {@code s}.
   */
  static String yamlDoubleQuoted(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            sb.append(String.format("\\x%02x", (int) c));
          } else if (c == '\u2028' || c == '\u2029' || c == '\ufeff' || c >= '\ufffe') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
