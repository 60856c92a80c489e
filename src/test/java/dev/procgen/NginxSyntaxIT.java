package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real nginx accepts every nginx file procgen renders: {@code nginx -t}, with a temp
 * prefix and a main configuration that includes the file in its {@code http} block, for every
 * golden case with a proxy; and a live nginx reaches a socket path holding each hostile value
 * that nginx can carry exactly.
 */
class NginxSyntaxIT {
  @TempDir Path tmp;

  /**
   * Writes {@code prefix/nginx.conf}: every path nginx writes (pid, error log, temp folders) in
   * {@code prefix}, the {@code top} lines first (such as {@code daemon off;}), and {@code
   * include} in the {@code http} block. Returns its path.
   */
  static Path mainConfig(Path prefix, Path include, String... top) throws Exception {
    Files.createDirectories(prefix.resolve("logs"));
    List<String> lines = new ArrayList<>(List.of(top));
    lines.addAll(List.of(
        "pid " + prefix.resolve("nginx.pid") + ";",
        "error_log " + prefix.resolve("logs/error.log") + ";",
        "events { worker_connections 512; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + prefix.resolve("body") + ";",
        "  proxy_temp_path " + prefix.resolve("proxy") + ";",
        "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";",
        "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";",
        "  scgi_temp_path " + prefix.resolve("scgi") + ";",
        "  include " + include + ";",
        "}", ""));
    return Files.writeString(prefix.resolve("nginx.conf"), String.join("\n", lines));
  }

  /** Runs {@code nginx -t} on a main configuration that includes {@code file}. */
  static Processes.Result test(Path prefix, Path file, String flag) throws Exception {
    Path nginx = Tools.require("nginx", "Debian package nginx");
    Path conf = mainConfig(prefix, file);
    return Processes.command(nginx.toString(), "-p", prefix.toString(), "-c", conf.toString(), flag)
        .mergeStderr().limit(Duration.ofSeconds(30)).run();
  }

  @TestFactory
  Stream<DynamicTest> nginxAcceptsEveryGoldenCasesFile() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : Golden.cases()) {
      Path dir = caseDir.resolve("expected/nginx");
      if (Golden.isInvalid(caseDir) || !Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.sorted().toList()) {
          String name = caseDir.getFileName() + "/" + file.getFileName();
          tests.add(DynamicTest.dynamicTest(name + " passes nginx -t", () -> {
            Processes.Result r = test(tmp.resolve(name.replace('/', '-')), file, "-t");
            assertEquals(0, r.exit(), r.out());
            assertTrue(r.out().contains("test is successful"), r.out());
          }));
        }
      }
    }
    assertTrue(tests.size() >= 3, "golden cases with a proxy: " + tests.size());
    return tests.stream();
  }

  /**
   * A Python server on one unix socket per path given, each answering GET with its own path: the
   * proof that nginx connected to exactly the path the descriptor gave.
   */
  private static final String SOCKETS = """
      import http.server, os, socketserver, sys, threading

      class Handler(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              body = self.server.server_address.encode("utf-8", "surrogateescape")
              self.send_response(200)
              self.send_header("Content-Length", str(len(body)))
              self.end_headers()
              self.wfile.write(body)

          def address_string(self):
              return "unix"

          def log_message(self, *args):
              pass

      for path in sys.argv[1:]:
          server = socketserver.ThreadingUnixStreamServer(path, Handler)
          os.chmod(path, 0o777)
          threading.Thread(target=server.serve_forever, daemon=True).start()
      open(os.path.join(os.path.dirname(sys.argv[1]), "ready"), "w").close()
      threading.Event().wait()
      """;

  /**
   * Every hostile value that nginx can carry, as a unix socket path: each app's nginx file passes
   * nginx -t, and a live nginx (its workers as root, to reach the test's private temp dir)
   * proxies each app's port to the server listening on exactly that path.
   */
  @Test
  @org.junit.jupiter.api.Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
  void everyHostileSocketPathReachesNginxExactly() throws Exception {
    Path sockets = Files.createDirectories(tmp.resolve("s"));
    List<String> paths = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    List<String> descriptors = new ArrayList<>();
    for (String value : HostileCorpus.valuesWithoutControlCharacters()) {
      String path = sockets + "/" + value.replace("/", "_");
      if (value.isEmpty() || path.endsWith(" ") || paths.contains(path)
          || path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 100) {
        continue;
      }
      int i = paths.size();
      int port = RunScriptIT.freePort();
      paths.add(path);
      ports.add(port);
      String yaml = "app: h" + i + "\nproxy: {listen: 127.0.0.1:" + port + "}\nprocesses:\n  web:\n    command: gunicorn a:b\n"
          + "    server: gunicorn\n    bind: " + RunScriptIT.yamlDoubleQuoted("unix:" + path) + "\n";
      descriptors.add(Files.writeString(tmp.resolve("h" + i + ".yaml"), yaml).toString());
    }
    assertTrue(paths.size() > 10, "hostile socket paths: " + paths);
    List<String> args = new ArrayList<>(descriptors);
    args.addAll(List.of("--target", "nginx", "--out", tmp.resolve("out").toString()));
    Cli.Result render = Cli.renderOnDiskResult(args.toArray(String[]::new));
    assertEquals(0, render.exit(), render.err());
    Path all = Files.writeString(tmp.resolve("all.conf"), "include " + tmp.resolve("out/nginx") + "/*.conf;\n");
    for (int i = 0; i < paths.size(); i++) {
      Path file = tmp.resolve("out/nginx/h" + i + ".conf");
      Processes.Result t = test(tmp.resolve("prefix-" + i), file, "-t");
      assertEquals(0, t.exit(), "nginx -t for " + paths.get(i) + ":\n" + t.out() + Files.readString(file));
    }

    Path script = Files.writeString(tmp.resolve("sockets.py"), SOCKETS);
    List<String> argv = new ArrayList<>(List.of("timeout", "-s", "KILL", "120", "/usr/bin/python3", script.toString()));
    argv.addAll(paths);
    Process server = Processes.command(argv).start(tmp.resolve("sockets.out"));
    Process nginx = null;
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!Files.exists(sockets.resolve("ready"))) {
        assertTrue(System.nanoTime() < deadline && server.isAlive(), Files.readString(tmp.resolve("sockets.out")));
        Thread.sleep(50);
      }
      Path prefix = tmp.resolve("live");
      Path conf = mainConfig(prefix, all, "user root;", "daemon off;");
      nginx = Processes.command(Tools.require("nginx", "Debian package nginx").toString(), "-p", prefix.toString(), "-c",
          conf.toString()).start(prefix.resolve("nginx.out"));
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      for (int i = 0; i < paths.size(); i++) {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + ports.get(i) + "/")).timeout(Duration.ofSeconds(10)).build();
        String body = null;
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (body == null) {
          try {
            var r = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), paths.get(i) + ": " + r.body() + Files.readString(prefix.resolve("logs/error.log")));
            body = r.body();
          } catch (java.io.IOException e) {
            assertTrue(System.nanoTime() < until && nginx.isAlive(), "nginx never answered on " + ports.get(i) + ": "
                + Files.readString(prefix.resolve("nginx.out")));
            Thread.sleep(100);
          }
        }
        assertEquals(paths.get(i), body, "nginx connected to exactly the descriptor's socket path");
      }
    } finally {
      if (nginx != null) {
        Processes.stop(nginx, Duration.ofSeconds(10));
      }
      Processes.stop(server, Duration.ZERO);
    }
  }
}
