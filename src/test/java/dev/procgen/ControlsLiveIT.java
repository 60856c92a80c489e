package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The descriptor's {@code reload}, {@code limits} and {@code stop} under a live systemd 252 (one
 * booted for the class, each app with units of its own) and through the run script: a real
 * gunicorn reloaded by {@code systemctl reload} keeps its master and replaces its workers while a
 * client loop on loopback sees no failed request; the limits show in the process's {@code
 * /proc/self/limits}; a process that ignores SIGTERM is killed after {@code stop.timeout} seconds
 * and not before. The same gunicorn reload is checked under a real supervisord with {@code
 * supervisorctl signal HUP}.
 */
class ControlsLiveIT {
  private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");
  /** The limits every check gives, in files, processes and bytes (a whole number of KiB for bash). */
  private static final String LIMITS = "{nofile: 4321, nproc: 1234, core: 2M, memlock: 64K}";
  private static final Map<String, String> EXPECTED_LIMITS = Map.of(
      "Max open files", "4321", "Max processes", "1234", "Max core file size", "2097152", "Max locked memory", "65536");
  private static final int STOP_TIMEOUT = 3;

  @TempDir static Path shared;

  private static LiveSystemd systemd;
  private static int port;
  private static int readyPort;

  @TempDir Path tmp;

  private static boolean gunicornAvailable() {
    return Files.isExecutable(SYSTEM_PYTHON)
        && Processes.command(SYSTEM_PYTHON.toString(), "-c", "import gunicorn").mergeStderr().run().exit() == 0;
  }

  /** A WSGI app that answers with its worker's PID after a short pause, so that requests overlap a reload. */
  private static Path writeApp(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("hello.py"), """
        import os
        import time


        def application(environ, start_response):
            time.sleep(0.01)
            body = str(os.getpid()).encode()
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
            return [body]
        """);
    return dir;
  }

  private static void render(Path work, Path units, String name, String yaml, String target) throws Exception {
    Path file = Files.writeString(work.resolve(name + ".yaml"), yaml);
    Path out = work.resolve("out-" + name);
    Cli.renderOnDisk(file.toString(), "--target", target, "--out", out.toString());
    if (target.equals("systemd")) {
      Files.createDirectories(units);
      try (Stream<Path> s = Files.list(out.resolve("systemd"))) {
        for (Path p : s.toList()) {
          Files.copy(p, units.resolve(p.getFileName().toString()));
        }
      }
    }
  }

  private static String gunicornApp(String name, Path work, int port) throws Exception {
    Path venv = Tools.virtualenv(work.resolve("venv-" + name), true);
    return String.join("\n",
        "app: " + name,
        "directory: " + writeApp(work.resolve("app-" + name)),
        "virtualenv: " + venv,
        "log:",
        "  dir: " + work.resolve("logs-" + name),
        "processes:",
        "  web:",
        "    command: python -m gunicorn hello:application",
        "    server: gunicorn",
        "    workers: 2",
        "    port: " + port,
        "");
  }

  @BeforeAll
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  static void bootSystemd() throws Exception {
    LiveSystemd.requireTools();
    Path units = shared.resolve("units");
    if (gunicornAvailable()) {
      port = RunScriptIT.freePort();
      render(shared, units, "reloader", gunicornApp("reloader", shared, port), "systemd");
      readyPort = RunScriptIT.freePort();
      render(shared, units, "ready", gunicornApp("ready", shared, readyPort), "systemd");
    }
    render(shared, units, "limited", "app: limited\nlimits: " + LIMITS + "\nprocesses:\n  web:\n    command: "
        + "[/bin/sh, -c, 'cat /proc/self/limits > " + shared.resolve("limits.txt") + "; exec sleep 600']\n", "systemd");
    render(shared, units, "stubborn", "app: stubborn\nstop: {timeout: " + STOP_TIMEOUT + "}\nprocesses:\n  web:\n"
        + "    command: [/bin/sh, -c, \"trap '' TERM; while :; do sleep 0.2; done\"]\n", "systemd");
    systemd = LiveSystemd.boot(shared, units);
  }

  @AfterAll
  static void stopSystemd() {
    if (systemd != null) {
      systemd.close();
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void systemctlReloadReplacesGunicornsWorkersWithNoFailedRequest() throws Exception {
    if (!gunicornAvailable()) {
      Tools.unavailable("gunicorn is not importable by /usr/bin/python3 (Debian package python3-gunicorn)");
    }
    String unit = "reloader-web.service";
    assertEquals("/bin/kill -s HUP $MAINPID", execReload(shared.resolve("out-reloader/systemd/" + unit)));
    systemd.systemctl("start", "reloader.target");
    systemd.await("active"::equals, Duration.ofSeconds(30), unit + " active", "is-active", unit);
    ReloadCheck check = new ReloadCheck(port);
    check.awaitServing();
    String master = systemd.property(unit, "MainPID");
    Set<String> before = check.awaitWorkers(2, Set.of());
    check.during(() -> {
      systemd.systemctl("reload", unit);
      return null;
    }, () -> check.awaitWorkers(2, before));
    assertEquals(master, systemd.property(unit, "MainPID"), "a reload keeps the master");
    systemd.systemctl("stop", "reloader.target");
  }

  /**
   * Readiness: gunicorn's unit is {@code Type=notify}, so {@code systemctl start} returns only once
   * gunicorn's master has sent {@code READY=1}, after it binds: a connection made the moment
   * start returns is accepted, and the request is answered. (With {@code Type=exec}, start returns
   * once Python is exec'd, long before gunicorn listens.)
   */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void gunicornsUnitIsActiveOnlyOnceGunicornListens() throws Exception {
    if (!gunicornAvailable()) {
      Tools.unavailable("gunicorn is not importable by /usr/bin/python3 (Debian package python3-gunicorn)");
    }
    String unit = "ready-web.service";
    assertEquals("notify", systemd.property(unit, "Type"));
    systemd.systemctl("start", unit);
    try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), readyPort)) {
      assertTrue(s.isConnected());
    } catch (java.io.IOException e) {
      fail("systemctl start returned before gunicorn listened on " + readyPort + ": " + e);
    }
    assertEquals("active", systemd.exec("systemctl", "is-active", unit));
    new ReloadCheck(readyPort).awaitServing();
    systemd.systemctl("stop", unit);
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void supervisorctlSignalHupReplacesGunicornsWorkersWithNoFailedRequest() throws Exception {
    if (!gunicornAvailable()) {
      Tools.unavailable("gunicorn is not importable by /usr/bin/python3 (Debian package python3-gunicorn)");
    }
    int p = RunScriptIT.freePort();
    Path home = tmp.resolve("home");
    String yaml = gunicornApp("hupped", tmp, p) + "supervisor:\n  home: " + home + "\n";
    render(tmp, null, "hupped", yaml, "supervisor");
    String conf = Files.readString(tmp.resolve("out-hupped/supervisor/conf.d/hupped.conf"));
    assertTrue(conf.contains("supervisorctl -c " + home + "/supervisord.conf signal HUP 'hupped:*'"), conf);
    Files.createDirectories(tmp.resolve("logs-hupped"));
    try (Supervisord supervisord = Supervisord.start(Supervisord.install(tmp.resolve("out-hupped/supervisor"), home),
        tmp.resolve("supervisord.console"))) {
      supervisord.awaitStatus(s -> Supervisord.allIn(s, List.of("hupped:hupped"), "RUNNING"), Duration.ofSeconds(60),
          "gunicorn running");
      ReloadCheck check = new ReloadCheck(p);
      check.awaitServing();
      String master = supervisord.status().get("hupped:hupped")[1];
      Set<String> before = check.awaitWorkers(2, Set.of());
      check.during(() -> supervisord.ctl("signal", "HUP", "hupped:*"), () -> check.awaitWorkers(2, before));
      assertEquals(master, supervisord.status().get("hupped:hupped")[1], "a reload keeps the master");
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void limitsReachTheProcessUnderSystemd() throws Exception {
    systemd.systemctl("start", "limited.target");
    systemd.await("active"::equals, Duration.ofSeconds(30), "limited-web active", "is-active", "limited-web.service");
    Path file = shared.resolve("limits.txt");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!Files.exists(file) || Files.size(file) == 0) {
      assertTrue(System.nanoTime() < deadline, "the process never wrote its limits");
      Thread.sleep(100);
    }
    assertLimits(Files.readString(file));
    systemd.systemctl("stop", "limited.target");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void limitsReachTheProcessThroughTheRunScript() throws Exception {
    Path binDir = tmp.resolve("bin");
    render(tmp, null, "scripted", "app: scripted\nbin_dir: " + binDir + "\nlog:\n  dir: " + tmp.resolve("logs")
        + "\nlimits: " + LIMITS + "\nprocesses:\n  web:\n    command: [/bin/sh, -c, 'cat /proc/self/limits > "
        + tmp.resolve("limits.txt") + "']\n", "bash");
    Files.createDirectories(binDir);
    Path script = binDir.resolve("scripted.sh");
    Files.copy(tmp.resolve("out-scripted/bash/scripted.sh"), script, StandardCopyOption.COPY_ATTRIBUTES);
    Processes.Result r = Processes.command(script.toString()).in(tmp).run();
    assertEquals(0, r.exit(), r.out() + r.err());
    assertLimits(Files.readString(tmp.resolve("limits.txt")));

    // A hard limit lower than the descriptor's stops the script with a message, before the exec. Root
    // could raise it, so the script runs without CAP_SYS_RESOURCE, as an unprivileged account would.
    Tools.require("setpriv", "Debian package util-linux");
    Processes.Result lowered = Processes.command("setpriv", "--bounding-set=-sys_resource", "--", "sh", "-c",
        "ulimit -Sn 1000; ulimit -Hn 1000; exec \"$0\"", script.toString()).in(tmp).run();
    assertNotEquals(0, lowered.exit());
    assertTrue((lowered.out() + lowered.err()).contains("cannot set the open files limit (limits.nofile) to 4321"),
        lowered.out() + lowered.err());
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aProcessThatIgnoresTermIsKilledAfterTheStopTimeout() throws Exception {
    String unit = "stubborn-web.service";
    systemd.systemctl("start", "stubborn.target");
    systemd.await("active"::equals, Duration.ofSeconds(30), unit + " active", "is-active", unit);
    Thread.sleep(500); // let the shell set its trap
    long start = System.nanoTime();
    systemd.systemctl("stop", unit);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds >= STOP_TIMEOUT - 0.2, "killed before stop.timeout: after " + seconds + " s");
    assertTrue(seconds < STOP_TIMEOUT + 3, "not killed soon after stop.timeout: " + seconds + " s");
    // Killed after the timeout, the unit ends "failed" with the result "timeout".
    assertEquals("failed", systemd.exec("systemctl", "is-active", unit));
    assertEquals("timeout", systemd.property(unit, "Result"), "systemd must have had to kill it");
  }

  private static String execReload(Path unit) throws Exception {
    for (String line : Files.readAllLines(unit)) {
      if (line.startsWith("ExecReload=")) {
        return line.substring("ExecReload=".length());
      }
    }
    return "";
  }

  private static void assertLimits(String limits) {
    for (Map.Entry<String, String> e : EXPECTED_LIMITS.entrySet()) {
      String line = limits.lines().filter(l -> l.startsWith(e.getKey())).findFirst().orElse("");
      String[] f = line.substring(Math.min(line.length(), 26)).trim().split("\\s+");
      assertTrue(f.length >= 2, "no " + e.getKey() + " in:\n" + limits);
      assertEquals(e.getValue(), f[0], e.getKey() + " soft:\n" + limits);
      assertEquals(e.getValue(), f[1], e.getKey() + " hard:\n" + limits);
    }
  }

  /** A client loop on loopback, and the worker PIDs it sees answer. */
  private static final class ReloadCheck {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final HttpRequest request;

    ReloadCheck(int port) {
      request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10)).build();
    }

    void awaitServing() throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        try {
          if (client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
            return;
          }
        } catch (java.io.IOException e) {
          // not listening yet
        }
        Thread.sleep(200);
      }
      fail("gunicorn never answered on " + request.uri());
    }

    /** Returns {@code count} worker PIDs seen answering, none of them in {@code old}. */
    Set<String> awaitWorkers(int count, Set<String> old) throws Exception {
      Set<String> seen = new HashSet<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (seen.size() < count && System.nanoTime() < deadline) {
        String pid = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        if (!old.contains(pid)) {
          seen.add(pid);
        }
      }
      assertEquals(count, seen.size(), "new workers answering, besides " + old);
      return seen;
    }

    /** Runs {@code reload}, then {@code after}, while requests run in a loop; fails on any failed request. */
    void during(java.util.concurrent.Callable<?> reload, java.util.concurrent.Callable<?> after) throws Exception {
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger ok = new AtomicInteger();
      List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Thread> loops = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread loop = new Thread(() -> {
          while (running.get()) {
            try {
              HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 200) {
                ok.incrementAndGet();
              } else {
                failures.add("status " + r.statusCode());
              }
            } catch (Exception e) {
              failures.add(e.toString());
            }
          }
        });
        loop.start();
        loops.add(loop);
      }
      try {
        Thread.sleep(300);
        reload.call();
        after.call();
        Thread.sleep(500);
      } finally {
        running.set(false);
        for (Thread loop : loops) {
          loop.join(15_000);
        }
      }
      assertEquals(List.of(), failures, "requests failed during the reload (" + ok.get() + " succeeded)");
      assertTrue(ok.get() > 20, "the client loop must have run through the reload: " + ok.get() + " requests");
    }
  }
}
