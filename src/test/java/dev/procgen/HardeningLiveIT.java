package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The descriptor's {@code hardening} under a live systemd 252 (booted in a private namespace,
 * with a temp dir over {@code /home}): at each level a real gunicorn, run as a throwaway account
 * from a project and virtualenv in a home folder, binds its unix socket and answers HTTP, and a
 * worker process writes its log in {@code log.dir}; the sandbox is real, since under {@code
 * strict} the project folder is read-only for the worker. {@code systemd-analyze security} scores
 * the Gunicorn recipe's unit at each level.
 */
class HardeningLiveIT {
  private static final List<String> LEVELS = List.of("off", "standard", "strict");
  private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: ([0-9.]+)");

  @TempDir Path tmp;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void systemdAnalyzeSecurityScoresTheGunicornRecipeAtEachLevel() throws Exception {
    Path analyze = Tools.require("systemd-analyze", "Debian package systemd");
    String recipe = Files.readString(Golden.root().resolve("gunicorn-recipe/app.yaml"));
    Map<String, Double> most = Map.of("off", 10.0, "standard", 5.0, "strict", 3.0);
    for (String level : LEVELS) {
      Path descriptor = Files.writeString(tmp.resolve(level + ".yaml"),
          recipe.replace("app: django-project\n", "app: django-project\nhardening: " + level + "\n"));
      Path out = tmp.resolve("out-" + level);
      Cli.renderOnDisk(descriptor.toString(), "--target", "systemd", "--out", out.toString());
      Processes.Result r = Processes.command(analyze.toString(), "security", "--offline=true",
          out.resolve("systemd/django-project-web.service").toString()).mergeStderr().run();
      Matcher m = EXPOSURE.matcher(r.out());
      assertTrue(m.find(), r.out());
      double score = Double.parseDouble(m.group(1));
      System.out.println("systemd-analyze security, Gunicorn recipe, hardening " + level + ": " + score);
      assertTrue(score <= most.get(level), "hardening " + level + " scores " + score + ":\n" + r.out());
      if (level.equals("off")) {
        assertTrue(score > 8.0, "off is systemd's defaults: " + score);
      }
    }
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void atEachLevelGunicornServesOnItsSocketAndAWorkerWritesItsLog() throws Exception {
    LiveSystemd.requireTools();
    if (Processes.command("/usr/bin/python3", "-c", "import gunicorn").mergeStderr().run().exit() != 0) {
      Tools.unavailable("gunicorn is not importable by /usr/bin/python3 (Debian package python3-gunicorn)");
    }
    Tools.require("curl", "Debian package curl");
    Path home = Files.createDirectories(tmp.resolve("home"));
    Processes.output("chmod", "755", home.toString());
    Path units = Files.createDirectories(tmp.resolve("units"));
    try (Accounts accounts = new Accounts()) {
      String group = accounts.group("hard");
      String user = accounts.user("hard", group);
      for (String level : LEVELS) {
        // As the host has it, below the temp dir that the namespace mounts over /home.
        Path base = Files.createDirectories(home.resolve("hard/" + level));
        Path project = Files.createDirectories(base.resolve("project"));
        Files.writeString(project.resolve("hello.py"), """
            import os


            def application(environ, start_response):
                body = ("hello from " + str(os.getpid())).encode()
                start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
                return [body]
            """);
        Tools.virtualenv(base.resolve("venv"), true);
        Path logs = Files.createDirectories(base.resolve("logs"));
        Processes.output("chown", "-R", user + ":" + group, project.toString(), logs.toString());
        Processes.output("chmod", "-R", "go+rX", home.toString());
        String at = "/home/hard/" + level;
        String yaml = "app: h" + level + "\nuser: " + user + "\ngroup: " + group + "\nhardening: " + level
            + "\ndirectory: " + at + "/project\nvirtualenv: " + at + "/venv\nlog:\n  dir: " + at + "/logs\n"
            + "processes:\n  web:\n    command: python -m gunicorn hello:application\n    server: gunicorn\n"
            + "    workers: 2\n    bind: unix:/run/h" + level + "/web.sock\n"
            + "  worker:\n    command: [/bin/sh, -c, 'echo started >> " + at + "/logs/worker.log; "
            + "if touch " + at + "/project/probe 2>/dev/null; then echo project writable; else echo project read-only; fi"
            + " >> " + at + "/logs/worker.log; exec sleep 600']\n";
        Path descriptor = Files.writeString(tmp.resolve(level + ".yaml"), yaml);
        Path out = tmp.resolve("out-" + level);
        Cli.renderOnDisk(descriptor.toString(), "--target", "systemd", "--out", out.toString());
        try (Stream<Path> s = Files.list(out.resolve("systemd"))) {
          for (Path p : s.toList()) {
            Files.copy(p, units.resolve(p.getFileName().toString()));
          }
        }
      }
      try (LiveSystemd systemd = LiveSystemd.boot(tmp, units, Map.of("/home", home))) {
        for (String level : LEVELS) {
          String app = "h" + level;
          // What the bootstrap script does: the socket's folder, owned by the app's user.
          systemd.run("install", "-d", "-o", user, "-g", group, "/run/" + app);
          systemd.systemctl("start", app + ".target");
          for (String unit : List.of(app + "-web.service", app + "-worker.service")) {
            systemd.await("active"::equals, Duration.ofSeconds(60), unit + " active at " + level, "is-active", unit);
          }
          String body = "";
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (!body.startsWith("hello from ")) {
            if (System.nanoTime() > deadline) {
              fail("gunicorn at " + level + " never answered on its socket: " + body + "\n"
                  + systemd.exec("journalctl", "--no-pager", "-n", "40", "-u", app + "-web.service"));
            }
            body = systemd.exec("curl", "-s", "--max-time", "5", "--unix-socket", "/run/" + app + "/web.sock", "http://localhost/");
            Thread.sleep(200);
          }
          Path log = home.resolve("hard/" + level + "/logs/worker.log");
          deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (!Files.exists(log) || Files.readString(log).lines().count() < 2) {
            assertTrue(System.nanoTime() < deadline, "the worker at " + level + " wrote no log: "
                + systemd.exec("journalctl", "--no-pager", "-n", "20", "-u", app + "-worker.service"));
            Thread.sleep(100);
          }
          assertEquals("started\nproject " + (level.equals("strict") ? "read-only" : "writable") + "\n",
              Files.readString(log), "the worker's log at " + level);
          assertEquals(level.equals("off") ? "no" : "yes", systemd.property(app + "-web.service", "NoNewPrivileges"));
          systemd.systemctl("stop", app + ".target");
        }
      }
    }
  }
}
