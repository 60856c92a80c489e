package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nginx target's file and the rollout target's script with the real programs: a real nginx
 * (Debian's, started by the test on a loopback port with a temp prefix) proxies to four instances
 * of a small HTTP app run by a real supervisord, and by a live systemd booted in a private
 * namespace; requests reach every instance; the rolling restart replaces every instance's process
 * while a client loop of at least 500 requests through nginx sees no failure; and an instance that
 * does not come back stops the rollout with exit status 1, leaving the instances after it running
 * as they were. Everything listens on loopback and is stopped by its PID.
 */
class ProxyRolloutIT {
  private static final int INSTANCES = 4;
  private static final int LEAST_REQUESTS = 500;
  private static final Duration START = Duration.ofSeconds(60);

  /**
   * The instances' app: answers every GET with its port and PID after a short pause, so that
   * requests are in flight when an instance stops; exits at once when a file {@code
   * broken-<port>} is next to it, as an instance that cannot come back.
   */
  private static final String SERVER = """
      import http.server
      import os
      import sys
      import time

      port = int(sys.argv[1])
      here = os.path.dirname(os.path.abspath(__file__))
      if os.path.exists(os.path.join(here, "broken-%d" % port)):
          sys.exit("instance %d is broken" % port)


      class Handler(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              time.sleep(0.005)
              body = ("%d %d" % (port, os.getpid())).encode()
              self.send_response(200)
              self.send_header("Content-Type", "text/plain")
              self.send_header("Content-Length", str(len(body)))
              self.end_headers()
              self.wfile.write(body)

          def log_message(self, *args):
              pass


      http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
      """;

  @TempDir Path tmp;

  /** Returns the first of {@code count} consecutive free loopback ports. */
  private static int freePorts(int count) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int first = 20000 + (int) (Math.random() * 30000);
      boolean free = true;
      for (int p = first; p < first + count && free; p++) {
        try (ServerSocket s = new ServerSocket()) {
          s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return first;
      }
    }
    throw new IOException("no " + count + " consecutive free ports");
  }

  /** Writes the descriptor and renders it for the init system and the nginx and rollout targets. */
  private Path render(String init, int firstPort, int proxyPort, String extra) throws Exception {
    Path app = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(app.resolve("server.py"), SERVER);
    String yaml = "app: relay\ndirectory: " + app + "\nlog:\n  dir: " + tmp.resolve("logs") + "\n" + extra
        + "proxy:\n  listen: 127.0.0.1:" + proxyPort + "\n  server_name: localhost\n"
        + "processes:\n  web:\n    command: [/usr/bin/python3, " + app.resolve("server.py") + ", \"{port}\"]\n"
        + "    instances: " + INSTANCES + "\n    port: " + firstPort + "\n    health: /\n";
    Path file = Files.writeString(tmp.resolve("relay.yaml"), yaml);
    Path out = tmp.resolve("out");
    Cli.renderOnDisk(file.toString(), "--target", init, "--target", "nginx", "--target", "rollout", "--init", init,
        "--out", out.toString());
    Files.createDirectories(tmp.resolve("logs"));
    return out;
  }

  /** A real nginx, as a foreground master on a temp prefix, with the generated file included in its http block. */
  private static final class Nginx implements AutoCloseable {
    private final Process process;
    private final Path prefix;

    Nginx(Path prefix, Path generated, int port) throws Exception {
      Path nginx = Tools.require("nginx", "Debian package nginx");
      this.prefix = Files.createDirectories(prefix);
      Path conf = NginxSyntaxIT.mainConfig(prefix, generated, "daemon off;", "master_process on;", "worker_processes 1;");
      Processes.Result test = Processes.command(nginx.toString(), "-p", prefix.toString(), "-c", conf.toString(), "-t")
          .mergeStderr().run();
      assertEquals(0, test.exit(), "nginx -t: " + test.out());
      process = Processes.command(nginx.toString(), "-p", prefix.toString(), "-c", conf.toString())
          .start(prefix.resolve("nginx.out"));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (true) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
          return;
        } catch (IOException e) {
          if (System.nanoTime() > deadline || !process.isAlive()) {
            close();
            fail("nginx did not listen on " + port + ": " + Files.readString(prefix.resolve("nginx.out"))
                + Files.readString(prefix.resolve("logs/error.log")));
          }
          Thread.sleep(100);
        }
      }
    }

    String errors() throws IOException {
      return Files.readString(prefix.resolve("logs/error.log"));
    }

    @Override
    public void close() {
      Processes.stop(process, Duration.ofSeconds(10));
    }
  }

  /** Sends {@code count} requests through nginx and returns the ports that answered them. */
  private static Set<String> portsAnswering(int proxyPort, int count) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/"))
        .timeout(Duration.ofSeconds(10)).build();
    Set<String> ports = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      ports.add(r.body().split(" ")[0]);
    }
    return ports;
  }

  private static Set<String> expectedPorts(int first) {
    Set<String> ports = new TreeSet<>();
    for (int i = 0; i < INSTANCES; i++) {
      ports.add(Integer.toString(first + i));
    }
    return ports;
  }

  /**
   * The rollout under a client loop through nginx, then a rollout with a broken instance.
   *
   * @param pids returns every instance's PID, by port, as the init system reports it
   * @param rollout runs the rollout script with the given extra arguments
   */
  private void proveRollout(int first, int proxyPort, Nginx nginx, Function<Void, Map<Integer, String>> pids,
      Function<String[], Processes.Result> rollout) throws Exception {
    assertEquals(expectedPorts(first), portsAnswering(proxyPort, 8 * INSTANCES), "nginx spreads requests over every instance");

    Map<Integer, String> before = pids.apply(null);
    // A dry run says what it would restart and restarts nothing.
    Processes.Result dry = rollout.apply(new String[] {"--dry-run"});
    assertEquals(0, dry.exit(), dry.out() + dry.err());
    assertEquals(INSTANCES, dry.out().lines().filter(l -> l.contains(": would restart ")).count(), dry.out());
    assertEquals(before, pids.apply(null), "a dry run restarts nothing");
    Processes.Result done;
    ClientLoop.Summary summary;
    try (ClientLoop loop = ClientLoop.start(tmp.resolve("client"), "http://127.0.0.1:" + proxyPort + "/", 4,
        LEAST_REQUESTS)) {
      loop.awaitAnswer(Duration.ofSeconds(30));
      Thread.sleep(200);
      done = rollout.apply(new String[0]);
      summary = loop.stop();
    }
    assertEquals(0, done.exit(), done.out() + done.err());
    summary.assertNoFailure(LEAST_REQUESTS, "the rollout");
    Map<Integer, String> after = pids.apply(null);
    for (int port : before.keySet()) {
      assertNotEquals(before.get(port), after.get(port), "the instance on " + port + " was restarted: " + done.out());
    }
    assertTrue(done.out().contains("restarted " + INSTANCES + " instance(s)"), done.out());
    assertEquals(expectedPorts(first), portsAnswering(proxyPort, 8 * INSTANCES), "every instance serves again");
    assertTrue(!nginx.errors().contains("no live upstreams"), nginx.errors());

    // An instance that cannot come back: the rollout stops there with exit 1, and the last instance
    // keeps its process.
    int broken = first + 2;
    Files.writeString(tmp.resolve("app/broken-" + broken), "");
    Map<Integer, String> running = pids.apply(null);
    Processes.Result stopped = rollout.apply(new String[] {"--timeout", "5"});
    assertEquals(1, stopped.exit(), stopped.out() + stopped.err());
    // supervisorctl itself reports the spawn error; systemd restarts the unit, which never listens.
    String why = stopped.err();
    assertTrue(why.contains(Integer.toString(broken)) && why.contains("not restarted: ")
        && (why.contains("did not come back within 5 s") || why.contains("could not restart")), stopped.out() + why);
    Map<Integer, String> left = pids.apply(null);
    assertNotEquals(running.get(first), left.get(first), "the first instance was restarted");
    assertNotEquals(running.get(first + 1), left.get(first + 1), "the second instance was restarted");
    assertEquals(running.get(first + 3), left.get(first + 3), "the instance after the broken one is left as it was");
    assertTrue(stopped.err().contains(Integer.toString(first + 3)), "the message names what was not restarted: " + stopped.err());
    assertTrue(!stopped.out().contains("(4 of 4)"), "the last instance was not restarted: " + stopped.out());
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void underSupervisordARollingRestartBehindNginxFailsNoRequest() throws Exception {
    int first = freePorts(INSTANCES);
    int proxyPort = RunScriptIT.freePort();
    Path home = tmp.resolve("home");
    Path out = render("supervisor", first, proxyPort, "supervisor:\n  home: " + home + "\n");
    Path script = out.resolve("rollout/relay.sh");
    try (Supervisord supervisord = Supervisord.start(Supervisord.install(out.resolve("supervisor"), home),
        tmp.resolve("supervisord.console"));
        Nginx nginx = new Nginx(tmp.resolve("nginx"), out.resolve("nginx/relay.conf"), proxyPort)) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        names.add("relay:relay-" + (first + i));
      }
      supervisord.awaitStatus(s -> Supervisord.allIn(s, names, "RUNNING"), START, "every instance running");
      proveRollout(first, proxyPort, nginx, none -> {
        try {
          Map<Integer, String> pids = new LinkedHashMap<>();
          Map<String, String[]> status = supervisord.status();
          for (int i = 0; i < INSTANCES; i++) {
            String[] s = status.get("relay:relay-" + (first + i));
            pids.put(first + i, s[0].equals("RUNNING") ? s[1] : "not running");
          }
          return pids;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, args -> {
        List<String> argv = new ArrayList<>(List.of("bash", script.toString()));
        argv.addAll(List.of(args));
        return Processes.command(argv).limit(Duration.ofMinutes(3)).run();
      });
    }
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void underSystemdARollingRestartBehindNginxFailsNoRequest() throws Exception {
    LiveSystemd.requireTools();
    int first = freePorts(INSTANCES);
    int proxyPort = RunScriptIT.freePort();
    Path out = render("systemd", first, proxyPort, "");
    Path script = out.resolve("rollout/relay.sh");
    Path units = tmp.resolve("units");
    Files.createDirectories(units);
    try (Stream<Path> s = Files.list(out.resolve("systemd"))) {
      for (Path p : s.toList()) {
        Files.copy(p, units.resolve(p.getFileName().toString()));
      }
    }
    try (LiveSystemd systemd = LiveSystemd.boot(tmp, units)) {
      systemd.systemctl("start", "relay.target");
      for (int i = 0; i < INSTANCES; i++) {
        systemd.await("active"::equals, START, "instance " + (first + i), "is-active", "relay-web@" + (first + i) + ".service");
      }
      try (Nginx nginx = new Nginx(tmp.resolve("nginx"), out.resolve("nginx/relay.conf"), proxyPort)) {
        awaitServing(proxyPort);
        proveRollout(first, proxyPort, nginx, none -> {
          Map<Integer, String> pids = new LinkedHashMap<>();
          for (int i = 0; i < INSTANCES; i++) {
            String unit = "relay-web@" + (first + i) + ".service";
            String active = systemd.exec("systemctl", "is-active", unit);
            pids.put(first + i, active.equals("active") ? systemd.property(unit, "MainPID") : active);
          }
          return pids;
        }, args -> {
          List<String> argv = new ArrayList<>(List.of("bash", script.toString()));
          argv.addAll(List.of(args));
          Sandbox.Result r = systemd.run(argv.toArray(String[]::new));
          // The namespace's run merges stderr into stdout.
          return new Processes.Result(argv, r.exit(), r.output(), r.output());
        });
      }
      systemd.systemctl("stop", "relay.target");
    }
  }

  /**
   * Unix sockets and a health URL: two real gunicorn instances under a real supervisord, each
   * bound to a socket whose path holds a space and a quote, behind a live nginx (its workers as
   * root, to reach the test's private temp dir). The rollout reaches each socket with curl and
   * waits for {@code GET /health?full=1} to answer 2xx; a client loop through nginx sees no
   * failure, and both masters are new.
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void theRolloutWaitsForGunicornOnItsUnixSocketAndHealthUrl() throws Exception {
    if (Processes.command("/usr/bin/python3", "-c", "import gunicorn").mergeStderr().run().exit() != 0) {
      Tools.unavailable("gunicorn is not importable by /usr/bin/python3 (Debian package python3-gunicorn)");
    }
    Tools.require("curl", "Debian package curl");
    int proxyPort = RunScriptIT.freePort();
    Path app = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(app.resolve("hello.py"), """
        import os
        import time


        def application(environ, start_response):
            time.sleep(0.005)
            if environ["PATH_INFO"] == "/health" and environ["QUERY_STRING"] != "full=1":
                start_response("500 Internal Server Error", [("Content-Length", "0")])
                return [b""]
            body = str(os.getpid()).encode()
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
            return [body]
        """);
    Path sockets = Files.createDirectories(tmp.resolve("so'ck ets"));
    Path venv = Tools.virtualenv(tmp.resolve("venv"), true);
    Path home = tmp.resolve("home");
    String yaml = "app: sock\ndirectory: " + app + "\nvirtualenv: " + venv + "\nlog:\n  dir: " + tmp.resolve("logs")
        + "\nsupervisor:\n  home: " + home + "\nproxy:\n  listen: 127.0.0.1:" + proxyPort + "\n"
        + "processes:\n  web:\n    command: python -m gunicorn hello:application\n    server: gunicorn\n    workers: 2\n"
        + "    instances: 2\n    port: 8000\n    bind: " + RunScriptIT.yamlDoubleQuoted("unix:" + sockets + "/web {port}.sock")
        + "\n    health: /health?full=1\n";
    Path out = tmp.resolve("out");
    Cli.renderOnDisk(Files.writeString(tmp.resolve("sock.yaml"), yaml).toString(), "--target", "supervisor", "--target",
        "nginx", "--target", "rollout", "--init", "supervisor", "--out", out.toString());
    Files.createDirectories(tmp.resolve("logs"));
    List<String> names = List.of("sock:sock-8000", "sock:sock-8001");
    try (Supervisord supervisord = Supervisord.start(Supervisord.install(out.resolve("supervisor"), home),
        tmp.resolve("supervisord.console"))) {
      supervisord.awaitStatus(st -> Supervisord.allIn(st, names, "RUNNING"), START, "both gunicorns running");
      Path prefix = tmp.resolve("nginx");
      Path conf = NginxSyntaxIT.mainConfig(prefix, out.resolve("nginx/sock.conf"), "user root;", "daemon off;");
      Process nginx = Processes.command(Tools.require("nginx", "Debian package nginx").toString(), "-p", prefix.toString(),
          "-c", conf.toString()).start(prefix.resolve("nginx.out"));
      try {
        awaitServing(proxyPort);
        Map<String, String[]> before = supervisord.status();
        Processes.Result done;
        ClientLoop.Summary summary;
        try (ClientLoop loop = ClientLoop.start(tmp.resolve("client"), "http://127.0.0.1:" + proxyPort + "/", 4,
            LEAST_REQUESTS)) {
          loop.awaitAnswer(Duration.ofSeconds(30));
          Thread.sleep(200);
          done = Processes.command("bash", out.resolve("rollout/sock.sh").toString()).limit(Duration.ofMinutes(3)).run();
          summary = loop.stop();
        }
        assertEquals(0, done.exit(), done.out() + done.err());
        assertTrue(done.out().contains("sock:sock-8001 is back on unix:" + sockets + "/web 8001.sock"), done.out());
        summary.assertNoFailure(LEAST_REQUESTS, "the rollout over unix sockets");
        Map<String, String[]> after = supervisord.status();
        for (String name : names) {
          assertEquals("RUNNING", after.get(name)[0]);
          assertNotEquals(before.get(name)[1], after.get(name)[1], name + " has a new master");
        }
      } finally {
        Processes.stop(nginx, Duration.ofSeconds(10));
      }
    }
  }

  /** Waits until nginx answers 200 for every instance's port at least once (systemd starts them in parallel). */
  private static void awaitServing(int proxyPort) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/"))
        .timeout(Duration.ofSeconds(10)).build();
    while (System.nanoTime() < deadline) {
      try {
        if (client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not yet
      }
      Thread.sleep(200);
    }
    fail("nginx never answered 200 on " + proxyPort);
  }
}
