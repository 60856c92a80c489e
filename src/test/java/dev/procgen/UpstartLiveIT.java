package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstart target's jobs and the bash target's run scripts under a live Upstart 1.13.2, booted
 * as PID 1 of a private namespace ({@link LiveUpstart}): each test boots its own, so they share
 * no state. The jobs and run scripts are installed as the bootstrap script installs them: jobs in
 * Upstart's job folder, run scripts in {@code bin_dir}, owned by root and mode 755.
 */
class UpstartLiveIT {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path tmp;

  /** The jobs and run scripts of one rendered descriptor, installed. */
  private record Installed(Path jobs, List<String> jobNames) {}

  /**
   * Renders {@code yaml} for upstart and bash, puts the jobs in {@code tmp/jobs} and the run scripts
   * in {@code binDir}, and returns the job names, sorted.
   */
  private Installed install(String name, String yaml, Path binDir) throws Exception {
    Path file = Files.writeString(tmp.resolve(name + ".yaml"), yaml);
    Path out = tmp.resolve("out-" + name);
    Cli.renderOnDisk(file.toString(), "--target", "upstart", "--target", "bash", "--out", out.toString());
    Path jobs = Files.createDirectories(tmp.resolve("jobs"));
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(out.resolve("upstart"))) {
      for (Path p : s.sorted().toList()) {
        Files.copy(p, jobs.resolve(p.getFileName()));
        String f = p.getFileName().toString();
        names.add(f.substring(0, f.length() - ".conf".length()));
      }
    }
    Files.createDirectories(binDir);
    try (Stream<Path> s = Files.list(out.resolve("bash"))) {
      for (Path p : s.toList()) {
        Path script = binDir.resolve(p.getFileName());
        Files.copy(p, script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    return new Installed(jobs, names.stream().sorted().toList());
  }

  /** Opens every folder from {@code tmp} down to {@code dir} to every account (755). */
  private Path open(Path dir) throws Exception {
    Files.createDirectories(dir);
    for (Path p = dir; p != null && p.startsWith(tmp); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return dir;
  }

  private static String q(String value) {
    return RunScriptIT.yamlDoubleQuoted(value);
  }

  private static String command(String program, List<String> args) {
    StringBuilder y = new StringBuilder("    command:\n      - ").append(q(program)).append('\n');
    args.forEach(a -> y.append("      - ").append(q(a)).append('\n'));
    return y.toString();
  }

  /** The variables Upstart itself gives a job started by {@code event}, besides PATH. */
  private static Map<String, String> upstartVariables(String job, String events) {
    Map<String, String> env = new TreeMap<>();
    env.put("UPSTART_JOB", job);
    env.put("UPSTART_INSTANCE", "");
    env.put("UPSTART_EVENTS", events);
    return env;
  }

  /**
   * Facts 1, 2, 3 and 6 for a four-instance app carrying the hostile corpus: {@code runlevel
   * RUNLEVEL=2} starts the master job and all four instance jobs; each probe receives exactly its
   * argv and the descriptor's environment (and nothing but PATH and Upstart's own variables besides);
   * after {@code kill -9} an instance runs again under a new PID with the same argv; {@code runlevel
   * RUNLEVEL=0} stops every job. The description and {@code bin_dir} hold characters that Upstart's
   * parser and {@code /bin/sh} treat specially.
   */
  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void fourInstancesWithTheHostileCorpusGetExactlyTheirArgvAndEnvironment() throws Exception {
    Probe probe = Probe.install(tmp.resolve("probe"));
    // Named allenv-…, the probe records its whole environment.
    Path program = probe.linkAt(tmp.resolve("probe").resolve("allenv-server"));
    Map<String, String> env = HostileCorpus.environment();
    List<String> args = new ArrayList<>(List.of("--port={port}", "x{port}y"));
    args.addAll(HostileCorpus.values());
    // A bin_dir that the exec stanza must quote: Upstart then runs the line through /bin/sh.
    Path binDir = tmp.resolve("bin dir's $HOME; #x & (y) * [z] ~ é");
    StringBuilder yaml = new StringBuilder("app: hostile\ndescription: ")
        .append(q("Hostile: ' \" $ ` \\ % ; # & | < > * ? ! ~ { } [ ] ( ) = é"))
        .append("\ndirectory: ").append(q(tmp.toString())).append("\nbin_dir: ").append(q(binDir.toString()))
        .append("\nlog:\n  dir: ").append(q(tmp.resolve("logs").toString())).append("\nenvironment:\n");
    env.forEach((k, v) -> yaml.append("  ").append(k).append(": ").append(q(v)).append('\n'));
    yaml.append("processes:\n  web:\n").append(command(program.toString(), args))
        .append("    instances: 4\n    port: 8000\n");
    Installed installed = install("hostile", yaml.toString(), binDir);
    List<String> instances = List.of("hostile-8000", "hostile-8001", "hostile-8002", "hostile-8003");
    List<String> all = new ArrayList<>(List.of("hostile"));
    all.addAll(instances);
    assertEquals(all.stream().sorted().toList(), installed.jobNames());

    try (LiveUpstart upstart = LiveUpstart.boot(tmp.resolve("upstart"), installed.jobs())) {
      assertEquals(all.stream().map(j -> j + " stop/waiting").sorted().toList(),
          upstart.initctl("list").assertSuccess().out().lines().sorted().toList(), "every job loaded, none started");

      // Fact 1: the runlevel event starts the master job, and the master starts every instance.
      upstart.initctl("emit", "runlevel", "RUNLEVEL=2").assertSuccess();
      upstart.awaitState(all, "start/running", START);
      for (String job : instances) {
        assertTrue(upstart.mainPid(job).isPresent(), upstart.status(job));
      }

      // Fact 2: exact argv and environment.
      for (int i = 0; i < 4; i++) {
        String port = Integer.toString(8000 + i);
        Probe.Report r = probe.await(port);
        List<String> expectedArgs = new ArrayList<>(List.of("--port=" + port, "x" + port + "y"));
        expectedArgs.addAll(HostileCorpus.values());
        assertEquals(program.toString(), r.program());
        assertEquals(expectedArgs, r.args(), "argv of hostile-" + port);
        Map<String, String> expectedEnv = new TreeMap<>(env);
        expectedEnv.put("PORT", port);
        expectedEnv.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/bin:/usr/sbin:/sbin:/bin");
        expectedEnv.putAll(upstartVariables("hostile-" + port, "starting"));
        expectedEnv.put("JOB", "hostile");
        expectedEnv.put("INSTANCE", "");
        // The exec line holds shell characters, so Upstart runs it through /bin/sh, which exports
        // PWD; the run script passes its caller's environment on as it was.
        expectedEnv.put("PWD", "/");
        Map<String, String> actual = new TreeMap<>(r.env());
        // Python itself sets LC_CTYPE when the locale is C (PEP 538): the probe's own, not Upstart's.
        assertEquals("C.UTF-8", actual.remove("LC_CTYPE"));
        assertEquals(expectedEnv, actual, "environment of hostile-" + port);
        assertEquals(tmp.toString(), r.cwd(), "the run script runs in directory");
        assertEquals("0 0", r.uid(), "no user: the job runs as root");
      }

      // Fact 3: kill -9 of one instance's process: it runs again under a new PID, with the same argv.
      long before = upstart.mainPid("hostile-8002").orElseThrow();
      upstart.kill("KILL", before);
      upstart.await(() -> upstart.mainPid("hostile-8002").filter(p -> p != before).isPresent()
          && upstart.state("hostile-8002").equals("start/running"), START, () -> "hostile-8002 under a new PID");
      List<Probe.Report> starts = probe.await("8002", 2);
      assertEquals(starts.get(0).args(), starts.get(1).args(), "the respawned process gets the same argv");
      assertEquals(starts.get(0).env(), starts.get(1).env(), "the respawned process gets the same environment");
      assertEquals(1, probe.starts("8001"), "the other instances were not restarted");

      // Fact 6: runlevel 0 stops the master, and with it every instance job and process.
      upstart.initctl("emit", "runlevel", "RUNLEVEL=0").assertSuccess();
      upstart.awaitState(all, "stop/waiting", START);
      upstart.await(() -> upstart.processes(l -> l.contains("allenv-server")).isEmpty(), START,
          () -> "no probe left: " + upstart.processes(l -> true));
    }
  }

  /**
   * Facts 1, 2, 5 and 6 for a two-process app: both process jobs start with the master; their
   * {@code setuid}/{@code setgid} stanzas make them run as the user, with the descriptor's group as
   * their group and the user's groups as supplementary groups ({@code initgroups(user, group)}, as
   * systemd's {@code User=}/{@code Group=} give); {@code initctl stop} of the master job stops both.
   * An app with a user and no group, alongside, runs in the user's primary group with the user's
   * groups, and not in root's group, which Upstart's {@code setuid} alone would leave it.
   */
  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void twoProcessesRunAsTheUserAndGroupAndStopWithTheMasterJob() throws Exception {
    try (Accounts accounts = new Accounts()) {
      String primary = accounts.group("upri");
      String group = accounts.group("uapp");
      String member = accounts.group("umem");
      String user = accounts.user("uapp", primary, member);
      Probe probe = Probe.install(open(tmp.resolve("probe")));
      Path web = probe.linkAt(tmp.resolve("probe").resolve("allenv-web"));
      Path worker = probe.linkAt(tmp.resolve("probe").resolve("allenv-worker"));
      // setuid jobs run their whole run script as the user: log.dir must exist and be theirs to write.
      Path logs = open(tmp.resolve("logs"));
      Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxrwxrwx"));
      Path binDir = open(tmp.resolve("bin"));
      String yaml = "app: shop\ndescription: Shop\nuser: " + user + "\ngroup: " + group + "\ndirectory: "
          + open(tmp.resolve("site")) + "\nbin_dir: " + binDir + "\nlog:\n  dir: " + logs
          + "\nenvironment:\n  P_DSN: " + q("postgres://u:p%40ss@127.0.0.1/shop?x=1&y='2'") + "\n  P_QUEUES: "
          + q("default,mail \"urgent\" $1") + "\nprocesses:\n  web:\n" + command(web.toString(), List.of("--port={port}"))
          + "    port: 8100\n  worker:\n" + command(worker.toString(), List.of("-A", "shop", "--queues", "default,mail"));
      // And an app with a user and no group, which Upstart's setuid alone would leave in root's group.
      Path solo = probe.linkAt(tmp.resolve("probe").resolve("allenv-solo"));
      install("solo", "app: solo\nuser: " + user + "\ndirectory: " + tmp.resolve("site") + "\nbin_dir: " + binDir
          + "\nlog:\n  dir: " + logs + "\nprocesses:\n  web:\n" + command(solo.toString(), List.of("alone")), binDir);
      Installed installed = install("shop", yaml, binDir);
      List<String> all = List.of("shop", "shop-web", "shop-worker");
      assertEquals(all, installed.jobNames());
      String soloJob = Files.readString(installed.jobs().resolve("solo.conf"));
      assertTrue(soloJob.contains("\nexec /usr/sbin/chroot --skip-chdir '--userspec=" + user + "' / ")
          && !soloJob.contains("setuid") && !soloJob.contains("setgid"), soloJob);
      for (String job : List.of("shop-web", "shop-worker")) {
        String text = Files.readString(installed.jobs().resolve(job + ".conf"));
        assertTrue(text.contains("\nsetuid " + user + "\nsetgid " + group + "\n"), text);
      }

      try (LiveUpstart upstart = LiveUpstart.boot(tmp.resolve("upstart"), installed.jobs())) {
        upstart.initctl("emit", "runlevel", "RUNLEVEL=2").assertSuccess();
        upstart.awaitState(all, "start/running", START);
        Probe.Report w = probe.await("8100");
        Probe.Report k = probe.await("allenv-worker");
        assertEquals(List.of("--port=8100"), w.args());
        assertEquals(List.of("-A", "shop", "--queues", "default,mail"), k.args());
        for (Probe.Report r : List.of(w, k)) {
          assertEquals("postgres://u:p%40ss@127.0.0.1/shop?x=1&y='2'", r.env().get("P_DSN"));
          assertEquals("default,mail \"urgent\" $1", r.env().get("P_QUEUES"));
          assertEquals(tmp.resolve("site").toString(), r.cwd());
          String uid = Integer.toString(Accounts.uid(user));
          String gid = Integer.toString(Accounts.gid(group));
          assertEquals(uid + " " + uid, r.uid(), "setuid: the process runs as the user");
          assertEquals(gid + " " + gid, r.gid(), "setgid: the process runs in the descriptor's group");
          assertEquals(Accounts.grouplist(user, group), r.groups().stream().distinct().sorted().toList(),
              "supplementary groups: initgroups(user, group)");
        }
        assertEquals("shop", w.env().get("JOB"), "started by the master job's starting event");
        upstart.awaitState(List.of("solo"), "start/running", START);
        Probe.Report alone = probe.await("allenv-solo");
        assertEquals(List.of("alone"), alone.args());
        String uid = Integer.toString(Accounts.uid(user));
        String pgid = Integer.toString(Accounts.gid(primary));
        assertEquals(uid + " " + uid, alone.uid());
        assertEquals(pgid + " " + pgid, alone.gid(), "a user alone: the user's primary group");
        assertEquals(Accounts.grouplist(user, primary), alone.groups().stream().distinct().sorted().toList(),
            "supplementary groups: initgroups(user, primary group)");

        // Fact 6, the other way: stopping the master job stops every process job.
        upstart.initctl("stop", "shop").assertSuccess();
        upstart.awaitState(all, "stop/waiting", START);
        upstart.await(() -> upstart.processes(l -> l.contains("allenv-w")).isEmpty(), START,
            () -> "no web or worker probe left: " + upstart.processes(l -> true));
        assertEquals("start/running", upstart.state("solo"), "another app runs on");
        // And starting it again starts both once more.
        upstart.initctl("start", "shop").assertSuccess();
        upstart.awaitState(all, "start/running", START);
        probe.await("allenv-worker", 2);
      }
    }
  }

  /**
   * Stands in for the recipe's Django project: {@code manage.py run_gunicorn} (the command of
   * django-gunicorn, which the recipe runs) serves {@code project.wsgi} with the real gunicorn and
   * the options it was given; the app answers with its {@code GREETING} or settings module, and
   * prints a line on stdout when imported and on each request.
   */
  static void writeDjangoProject(Path directory) throws Exception {
    Files.createDirectories(directory.resolve("project"));
    Files.writeString(directory.resolve("manage.py"), """
        import sys

        from gunicorn.app.wsgiapp import run

        if sys.argv[1:2] != ["run_gunicorn"]:
            sys.exit("usage: manage.py run_gunicorn [gunicorn's options]")
        sys.argv = [sys.argv[0]] + sys.argv[2:] + ["project.wsgi:application"]
        run()
        """);
    Files.writeString(directory.resolve("project/__init__.py"), "");
    Files.writeString(directory.resolve("project/wsgi.py"), """
        import os

        print("project.wsgi imported", flush=True)


        def application(environ, start_response):
            print("project.wsgi answers", environ["PATH_INFO"], flush=True)
            text = os.environ.get("GREETING", os.environ["DJANGO_SETTINGS_MODULE"])
            body = text.encode("utf-8")
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        """);
  }

  /** Polls http://127.0.0.1:PORT/ from inside the namespace until it answers 200, and returns the body. */
  static String awaitHttp(LiveUpstart upstart, int port) throws Exception {
    String fetch = "import sys, urllib.request\n"
        + "with urllib.request.urlopen('http://127.0.0.1:" + port + "/', timeout=5) as r:\n"
        + "    sys.stdout.buffer.write(b'%d\\n' % r.status + r.read())\n";
    String[] body = {""};
    upstart.await(() -> {
      Processes.Result r = upstart.exec("/usr/bin/python3", "-c", fetch);
      if (r.exit() == 0 && r.out().startsWith("200\n")) {
        body[0] = r.out().substring(4);
        return true;
      }
      return false;
    }, START, () -> "an HTTP answer on 127.0.0.1:" + port);
    return body[0];
  }

  private static List<Integer> groupsOf(Map<String, String> status) {
    String groups = status.get("Groups");
    return groups.isEmpty() ? List.of()
        : java.util.Arrays.stream(groups.split("\\s+")).map(Integer::valueOf).distinct().sorted().toList();
  }

  /**
   * Facts 1, 3, 5, 6 and 7 for the Gunicorn recipe's shape, with real gunicorn in a real
   * virtualenv on loopback: the job starts at runlevel 2 and gunicorn answers HTTP with the
   * environment value exactly; its workers run as the user and group (gunicorn drops privileges
   * itself); its log file, with what the app prints, appears in {@code log.dir}, and nothing
   * reaches Upstart's console log; after {@code kill -9} of the master it runs and answers again
   * under a new PID; runlevel 0 stops it and every worker.
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void theGunicornRecipeServesHttpAndLogsToLogDir() throws Exception {
    if (Processes.command("/usr/bin/python3", "-c", "import gunicorn").mergeStderr().run().exit() != 0) {
      Tools.unavailable("gunicorn is not importable by /usr/bin/python3 (Debian package python3-gunicorn)");
    }
    try (Accounts accounts = new Accounts()) {
      String primary = accounts.group("gpri");
      String group = accounts.group("gwww");
      String member = accounts.group("gmem");
      String user = accounts.user("gapp", primary, member);
      Path venv = Tools.virtualenv(open(tmp.resolve("virtualenvs")).resolve("django-project"), true);
      Path project = open(tmp.resolve("django-project"));
      writeDjangoProject(project);
      Path logs = open(tmp.resolve("logs"));
      String greeting = "hello 100% \"world\" $HOME 'it''s' ; # \\ `x` é";
      String yaml = "app: django-project\ndescription: Django Project\nuser: " + user + "\ngroup: " + group
          + "\ndirectory: " + project + "\nvirtualenv: " + venv + "\nbin_dir: " + project.resolve("bin")
          + "\nenvironment:\n  DJANGO_SETTINGS_MODULE: project.settings\n  GREETING: " + q(greeting)
          + "\nlog:\n  dir: " + logs + "\n  level: debug\nrespawn:\n  limit: 10\n  interval: 5\nprocesses:\n  web:\n"
          + "    command: python manage.py run_gunicorn\n    server: gunicorn\n    workers: 3\n    bind: 127.0.0.1:8000\n";
      Installed installed = install("django-project", yaml, open(project.resolve("bin")));
      assertEquals(List.of("django-project"), installed.jobNames());

      try (LiveUpstart upstart = LiveUpstart.boot(tmp.resolve("upstart"), installed.jobs())) {
        upstart.initctl("emit", "runlevel", "RUNLEVEL=2").assertSuccess();
        upstart.awaitState(List.of("django-project"), "start/running", START);
        assertEquals(greeting, awaitHttp(upstart, 8000), "the environment value reaches the app exactly");

        long master = upstart.mainPid("django-project").orElseThrow();
        assertTrue(upstart.exec("cat", "/proc/" + master + "/cmdline").out().contains("run_gunicorn"),
            "Upstart tracks gunicorn's master itself: the run script execs it");
        upstart.await(() -> upstart.children(master).size() == 3, START, () -> "three workers under " + master);
        String uid = Integer.toString(Accounts.uid(user));
        String gid = Integer.toString(Accounts.gid(group));
        for (long worker : upstart.children(master)) {
          Map<String, String> status = upstart.procStatus(worker);
          assertEquals(List.of(uid, uid, uid, uid), List.of(status.get("Uid").split("\\s+")), "Uid of worker " + worker);
          assertEquals(List.of(gid, gid, gid, gid), List.of(status.get("Gid").split("\\s+")), "Gid of worker " + worker);
          assertEquals(Accounts.grouplist(user, group), groupsOf(status), "supplementary groups of worker " + worker);
        }

        // Fact 7: gunicorn's own log, at the descriptor's level, is in log.dir.
        Path log = logs.resolve("django-project.log");
        upstart.await(() -> read(log).contains("Booting worker"), START, () -> "gunicorn's log in log.dir: " + read(log));
        assertTrue(read(log).contains("[DEBUG]"), "log.level debug reaches gunicorn: " + read(log));
        // What the app prints goes there too, and nothing reaches Upstart's console log.
        assertTrue(read(log).contains("project.wsgi imported\n") && read(log).contains("project.wsgi answers /\n"), read(log));
        assertEquals("", upstart.jobLog("django-project"), "Upstart's console log of the job");

        // Fact 3: kill -9 of the master: the job runs again under a new PID and answers again. The
        // old workers, orphaned, hold the port until they notice (within half of gunicorn's worker
        // timeout), so the first new masters may fail to bind and be respawned in turn.
        upstart.kill("KILL", master);
        long[] second = {0};
        upstart.await(() -> {
          second[0] = upstart.mainPid("django-project").orElse(master);
          return second[0] != master && upstart.state("django-project").equals("start/running")
              && upstart.children(second[0]).size() == 3
              && upstart.processes(l -> l.contains("run_gunicorn")).size() == 4;
        }, Duration.ofSeconds(120), () -> "a new gunicorn master with three workers and no orphan:\n"
            + upstart.exec("ps", "-ef").out() + read(log));
        assertEquals(greeting, awaitHttp(upstart, 8000));

        // Fact 6: runlevel 0 stops the job, the master and every worker.
        upstart.initctl("emit", "runlevel", "RUNLEVEL=0").assertSuccess();
        upstart.awaitState(List.of("django-project"), "stop/waiting", START);
        upstart.await(() -> upstart.processes(l -> l.contains("run_gunicorn")).isEmpty(), START,
            () -> "no gunicorn left: " + upstart.processes(l -> true));
      }
    }
  }

  /**
   * Acceptance 3: the bootstrap script for the Gunicorn recipe ({@code golden/gunicorn-recipe},
   * {@code --init upstart}), run as root inside the live Upstart's namespace with Upstart's {@code
   * initctl} on PATH, over a copy of /etc and a temp dir as /home: a dry run changes nothing; the
   * first run creates the account and folders, installs the job and run script, loads the job and
   * starts it, and gunicorn answers; a second run reports no change and leaves the same process
   * running; after a change to the descriptor, a run installs the new run script and stops and
   * starts the job, whose process then has the new value. The project's code and virtualenv are
   * there before the script runs, as a deploy puts them.
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void theBootstrapScriptInstallsAndStartsTheRecipeAndASecondRunChangesNothing() throws Exception {
    if (Processes.command("/usr/bin/python3", "-c", "import gunicorn").mergeStderr().run().exit() != 0) {
      Tools.unavailable("gunicorn is not importable by /usr/bin/python3 (Debian package python3-gunicorn)");
    }
    Sandbox sandbox = new Sandbox(tmp.resolve("root"), Map.of());
    Files.createDirectories(sandbox.etc().resolve("init"));
    Path home = open(tmp.resolve("home"));
    writeDjangoProject(open(home.resolve("user/django-project")));
    Tools.virtualenv(open(home.resolve("user/.virtualenvs")).resolve("django-project"), true);
    String recipe = Files.readString(Golden.root().resolve("gunicorn-recipe/app.yaml"));
    Path descriptor = Files.writeString(tmp.resolve("app.yaml"), recipe);
    Path script = bootstrap(descriptor, tmp.resolve("out"));
    String hostPasswd = Accounts.hostPasswd();

    try (LiveUpstart upstart = LiveUpstart.boot(tmp.resolve("upstart"), Path.of("/etc/init"),
        Map.of("/etc", sandbox.etc(), "/home", home))) {
      String path = upstart.sbin() + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
      java.util.function.Function<String[], Processes.Result> run = args -> {
        List<String> command = new ArrayList<>(List.of("env", "PATH=" + path, "bash", script.toString()));
        command.addAll(List.of(args));
        return upstart.exec(command.toArray(String[]::new));
      };
      String leftAlone = "bootstrap django-project: leave /home/user/django-project alone: it belongs to root, not www\n";

      Processes.Result dry = run.apply(new String[] {"--dry-run"});
      assertEquals(0, dry.exit(), dry.out());
      assertTrue(dry.out().contains("would run initctl --quiet start django-project\n"), dry.out());
      assertFalse(Files.exists(sandbox.etc().resolve("init/django-project.conf")), "a dry run installs nothing");
      assertEquals("", passwd(sandbox.etc(), "www"), "a dry run creates no account");

      Processes.Result first = run.apply(new String[0]);
      assertEquals(0, first.exit(), first.out() + upstart.log());
      for (String line : List.of("create group www", "create user www", "create directory /home/user/logs (750 www:www)",
          "create directory /home/user/django-project/bin (755 root:root)",
          "write /home/user/django-project/bin/django-project.sh", "write /etc/init/django-project.conf",
          "run initctl reload-configuration", "run initctl --quiet start django-project")) {
        assertTrue(first.out().contains(line + "\n"), "the first run must say: " + line + "\n" + first.out());
      }
      assertTrue(passwd(sandbox.etc(), "www").endsWith(":/home/user/django-project:/usr/sbin/nologin"),
          passwd(sandbox.etc(), "www"));
      assertEquals(hostPasswd, Accounts.hostPasswd(), "the host's accounts are untouched");
      assertEquals("start/running", upstart.state("django-project"), upstart.status("django-project"));
      assertEquals("project.settings", awaitHttp(upstart, 8000));
      Path log = home.resolve("user/logs/django-project.log");
      upstart.await(() -> read(log).contains("Booting worker"), START, () -> "gunicorn's log: " + read(log));
      long pid = upstart.mainPid("django-project").orElseThrow();
      String www = upstart.exec("id", "-u", "www").assertSuccess().out().strip();
      upstart.await(() -> upstart.children(pid).size() == 3, START, () -> "three workers");
      for (long worker : upstart.children(pid)) {
        assertTrue(upstart.procStatus(worker).get("Uid").startsWith(www + "\t"), "worker " + worker + " runs as www");
      }

      Processes.Result second = run.apply(new String[0]);
      assertEquals(0, second.exit(), second.out());
      assertEquals(leftAlone + "bootstrap django-project: nothing changed\n", second.out());
      assertEquals(Optional.of(pid), upstart.mainPid("django-project"), "a second run leaves the app running as it was");

      // A changed value reaches the running app: the run script changed, so the job is stopped and started.
      Files.writeString(descriptor, recipe.replace("project.settings", "project.production"));
      assertEquals(script, bootstrap(descriptor, tmp.resolve("out")));
      Processes.Result third = run.apply(new String[0]);
      assertEquals(0, third.exit(), third.out());
      assertEquals(leftAlone + "write /home/user/django-project/bin/django-project.sh\n"
          + "run initctl reload-configuration\nrun initctl --quiet stop django-project\nrun initctl --quiet start django-project\n",
          third.out());
      assertNotEquals(Optional.of(pid), upstart.mainPid("django-project"));
      assertEquals("project.production", awaitHttp(upstart, 8000));
    }
  }

  /**
   * The bootstrap script of an app with a master job and two process jobs, under live Upstart: the
   * first run starts the master and with it both processes; after one process job was stopped, a
   * run starts that job alone and leaves the other process as it was; then a run changes nothing.
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void theBootstrapScriptStartsAStoppedProcessJobOfARunningApp() throws Exception {
    Sandbox sandbox = new Sandbox(tmp.resolve("root"), Map.of());
    Files.createDirectories(sandbox.etc().resolve("init"));
    Probe probe = Probe.install(tmp.resolve("probe"));
    String yaml = "app: shop\ndirectory: " + Files.createDirectories(tmp.resolve("site")) + "\nbin_dir: "
        + tmp.resolve("bin") + "\nlog:\n  dir: " + tmp.resolve("logs") + "\nprocesses:\n  web:\n"
        + command(probe.linkAt(tmp.resolve("probe/web")).toString(), List.of()) + "  worker:\n"
        + command(probe.linkAt(tmp.resolve("probe/worker")).toString(), List.of());
    Path script = bootstrap(Files.writeString(tmp.resolve("shop.yaml"), yaml), tmp.resolve("out"));
    List<String> all = List.of("shop", "shop-web", "shop-worker");
    try (LiveUpstart upstart = LiveUpstart.boot(tmp.resolve("upstart"), Path.of("/etc/init"),
        Map.of("/etc", sandbox.etc()))) {
      String path = upstart.sbin() + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
      Processes.Result first = upstart.exec("env", "PATH=" + path, "bash", script.toString());
      assertEquals(0, first.exit(), first.out());
      assertTrue(first.out().endsWith("run initctl reload-configuration\nrun initctl --quiet start shop\n"), first.out());
      upstart.awaitState(all, "start/running", START);
      long worker = upstart.mainPid("shop-worker").orElseThrow();

      upstart.initctl("stop", "shop-web").assertSuccess();
      assertEquals("stop/waiting", upstart.state("shop-web"));
      Processes.Result second = upstart.exec("env", "PATH=" + path, "bash", script.toString());
      assertEquals(0, second.exit(), second.out());
      assertEquals("run initctl --quiet start shop-web\n", second.out());
      upstart.awaitState(all, "start/running", START);
      assertEquals(Optional.of(worker), upstart.mainPid("shop-worker"), "the running process is left alone");
      assertEquals(2, probe.await("web", 2).size());

      Processes.Result third = upstart.exec("env", "PATH=" + path, "bash", script.toString());
      assertEquals("bootstrap shop: nothing changed\n", third.out());
      assertEquals(1, probe.starts("worker"));
    }
  }

  private static Path bootstrap(Path descriptor, Path out) throws Exception {
    Cli.renderOnDisk(descriptor.toString(), "--target", "bootstrap", "--init", "upstart", "--out", out.toString());
    try (Stream<Path> s = Files.list(out.resolve("bootstrap"))) {
      return s.findFirst().orElseThrow();
    }
  }

  private static String passwd(Path etc, String user) throws Exception {
    return Files.readAllLines(etc.resolve("passwd")).stream().filter(l -> l.startsWith(user + ":")).findFirst().orElse("");
  }

  /**
   * Fact 4: a process that exits at once is respawned until {@code respawn limit COUNT INTERVAL}
   * trips, so it starts exactly {@code limit + 1} times, and then its job is {@code stop/waiting},
   * for a one-job app and for each instance job of a two-instance app.
   */
  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void aCrashingProcessIsRespawnedUntilTheDescriptorsLimit() throws Exception {
    Probe probe = Probe.install(tmp.resolve("probe"));
    Path binDir = tmp.resolve("bin");
    String one = "app: crash\ndirectory: " + tmp + "\nbin_dir: " + binDir + "\nlog:\n  dir: " + tmp.resolve("logs")
        + "\nenvironment:\n  PROBE_EXIT: '3'\nrespawn:\n  limit: 4\n  interval: 30\nprocesses:\n  web:\n"
        + command(probe.linkAt(tmp.resolve("probe").resolve("crash")).toString(), List.of());
    String two = "app: burst\ndirectory: " + tmp + "\nbin_dir: " + binDir + "\nlog:\n  dir: " + tmp.resolve("logs")
        + "\nenvironment:\n  PROBE_EXIT: '1'\nrespawn:\n  limit: 2\n  interval: 600\nprocesses:\n  web:\n"
        + command(probe.program().toString(), List.of()) + "    instances: 2\n    port: 9000\n";
    install("crash", one, binDir);
    Installed installed = install("burst", two, binDir);
    assertTrue(Files.readString(installed.jobs().resolve("crash.conf")).contains("\nrespawn limit 4 30\n"));
    assertTrue(Files.readString(installed.jobs().resolve("burst-9000.conf")).contains("\nrespawn limit 2 600\n"));

    try (LiveUpstart upstart = LiveUpstart.boot(tmp.resolve("upstart"), installed.jobs())) {
      upstart.initctl("emit", "runlevel", "RUNLEVEL=2").assertSuccess();
      List<String> crashing = List.of("crash", "burst-9000", "burst-9001");
      upstart.await(() -> crashing.stream().allMatch(j -> upstart.log().contains("init: " + j + " respawning too fast, stopped")),
          START, () -> "every crashing job stopped by its respawn limit");
      upstart.awaitState(crashing, "stop/waiting", START);
      // A moment later nothing has started again.
      Thread.sleep(1000);
      assertEquals(5, probe.starts("crash"), "limit 4: one start and four respawns");
      assertEquals(3, probe.starts("9000"), "limit 2: one start and two respawns");
      assertEquals(3, probe.starts("9001"), "limit 2: one start and two respawns");
      assertEquals("start/running", upstart.state("burst"), "the master job has no process of its own");
      assertTrue(upstart.log().contains("init: crash main process (") && upstart.log().contains("terminated with status 3"),
          upstart.log());
    }
  }

  /**
   * The logging choice: the run script sends a process's output to its file in {@code log.dir};
   * Upstart's own console log ({@code --logdir}, {@code /var/log/upstart/<job>.log} on a host)
   * gets only what the run script says before its {@code exec}, such as a missing virtualenv.
   */
  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void outputGoesToLogDirAndUpstartsConsoleLogHoldsOnlyWhatFailsBeforeTheExec() throws Exception {
    Path binDir = tmp.resolve("bin");
    Path logs = tmp.resolve("logs");
    String talk = "app: talk\ndirectory: " + tmp + "\nbin_dir: " + binDir + "\nlog:\n  dir: " + logs
        + "\nprocesses:\n  web:\n"
        + command("/bin/sh", List.of("-c", "echo to stdout; echo to stderr >&2; exec sleep 600"));
    String novenv = "app: novenv\ndirectory: " + tmp + "\nbin_dir: " + binDir + "\nvirtualenv: " + tmp.resolve("absent-venv")
        + "\nlog:\n  dir: " + logs + "\nrespawn:\n  limit: 1\n  interval: 60\nprocesses:\n  web:\n"
        + command("/bin/true", List.of());
    install("talk", talk, binDir);
    Installed installed = install("novenv", novenv, binDir);
    try (LiveUpstart upstart = LiveUpstart.boot(tmp.resolve("upstart"), installed.jobs())) {
      upstart.initctl("emit", "runlevel", "RUNLEVEL=2").assertSuccess();
      upstart.awaitState(List.of("talk"), "start/running", START);
      Path talkLog = logs.resolve("talk.log");
      upstart.await(() -> read(talkLog).equals("to stdout\nto stderr\n"), START, () -> "talk.log: " + read(talkLog));
      assertEquals("", upstart.jobLog("talk"), "nothing of a running process reaches Upstart's console log");

      upstart.awaitState(List.of("novenv"), "stop/waiting", START);
      String message = binDir.resolve("novenv.sh") + ": virtualenv " + tmp.resolve("absent-venv") + " not found";
      upstart.await(() -> jobLog(upstart, "novenv").contains(message), START,
          () -> "Upstart's console log of novenv: " + jobLog(upstart, "novenv"));
      assertFalse(Files.exists(logs.resolve("novenv.log")), "the script stopped before its log file");
    }
  }

  /**
   * The descriptor's {@code reload} under Upstart: {@code initctl reload} of a real gunicorn job
   * sends the job's {@code reload signal} (HUP, gunicorn's default) to the master, which keeps its
   * PID and replaces both workers, while a client loop inside the namespace, on loopback, sees no
   * failed request.
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void initctlReloadReplacesGunicornsWorkersWithNoFailedRequest() throws Exception {
    if (Processes.command("/usr/bin/python3", "-c", "import gunicorn").mergeStderr().run().exit() != 0) {
      Tools.unavailable("gunicorn is not importable by /usr/bin/python3 (Debian package python3-gunicorn)");
    }
    Path project = open(tmp.resolve("reloaded"));
    Files.writeString(project.resolve("hello.py"), """
        import os
        import time


        def application(environ, start_response):
            time.sleep(0.01)
            body = str(os.getpid()).encode()
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
            return [body]
        """);
    Path venv = Tools.virtualenv(open(tmp.resolve("virtualenvs")).resolve("reloaded"), true);
    String yaml = "app: reloaded\ndirectory: " + project + "\nvirtualenv: " + venv + "\nbin_dir: " + project.resolve("bin")
        + "\nlog:\n  dir: " + open(tmp.resolve("logs")) + "\nprocesses:\n  web:\n"
        + "    command: python -m gunicorn hello:application\n    server: gunicorn\n    workers: 2\n    port: 8000\n";
    Installed installed = install("reloaded", yaml, open(project.resolve("bin")));
    assertTrue(Files.readString(installed.jobs().resolve("reloaded.conf")).contains("\nreload signal HUP\n"),
        "the job names gunicorn's reload signal");

    try (LiveUpstart upstart = LiveUpstart.boot(tmp.resolve("upstart"), installed.jobs())) {
      upstart.initctl("emit", "runlevel", "RUNLEVEL=2").assertSuccess();
      upstart.awaitState(List.of("reloaded"), "start/running", START);
      awaitHttp(upstart, 8000);
      long master = upstart.mainPid("reloaded").orElseThrow();
      upstart.await(() -> upstart.children(master).size() == 2, START, () -> "two workers under " + master);
      List<Long> before = upstart.children(master);

      try (ClientLoop loop = ClientLoop.start(tmp.resolve("client"), "http://127.0.0.1:8000/", 4, 50, upstart::inside)) {
        loop.awaitAnswer(Duration.ofSeconds(30));
        Thread.sleep(200);
        upstart.initctl("reload", "reloaded").assertSuccess();
        upstart.await(() -> {
          List<Long> now = upstart.children(master);
          return now.size() == 2 && now.stream().noneMatch(before::contains);
        }, START, () -> "two new workers under " + master + ", none of " + before + ": " + upstart.children(master));
        Thread.sleep(1000);
        ClientLoop.Summary summary = loop.stop().assertNoFailure(50, "initctl reload");
        List<String> old = before.stream().map(String::valueOf).toList();
        List<String> answered = upstart.children(master).stream().map(String::valueOf).toList();
        assertTrue(old.stream().anyMatch(summary.bodies()::containsKey) && answered.stream().anyMatch(summary.bodies()::containsKey),
            "the loop ran across the reload, answered by old workers " + old + " and new ones " + answered + ": "
                + summary.bodies().keySet());
      }
      assertEquals(Optional.of(master), upstart.mainPid("reloaded"), "a reload keeps the master");
      assertEquals("start/running", upstart.state("reloaded"));
    }
  }

  /**
   * The rollout target under Upstart: the script restarts each instance job in turn ({@code initctl
   * start} for one that was stopped), waits until it answers its health URL, and every job runs
   * under a new PID afterwards; with a broken instance it stops there with exit 1, and the job
   * after it keeps its PID.
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void theRolloutScriptRestartsEachInstanceJobInTurn() throws Exception {
    Path project = open(tmp.resolve("rolled"));
    Files.writeString(project.resolve("server.py"), """
        import http.server, os, sys

        port = int(sys.argv[1])
        if os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), "broken-%d" % port)):
            sys.exit("instance %d is broken" % port)


        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = str(os.getpid()).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)


        http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
        """);
    String yaml = "app: rolled\ndirectory: " + project + "\nbin_dir: " + project.resolve("bin") + "\nlog:\n  dir: "
        + open(tmp.resolve("logs")) + "\nprocesses:\n  web:\n    command: [/usr/bin/python3, " + project.resolve("server.py")
        + ", \"{port}\"]\n    instances: 3\n    port: 8000\n    health: /\n";
    Installed installed = install("rolled", yaml, open(project.resolve("bin")));
    Cli.renderOnDisk(tmp.resolve("rolled.yaml").toString(), "--target", "rollout", "--init", "upstart", "--out",
        tmp.resolve("out-rollout").toString());
    Path script = tmp.resolve("out-rollout/rollout/rolled.sh");
    List<String> jobs = List.of("rolled-8000", "rolled-8001", "rolled-8002");

    try (LiveUpstart upstart = LiveUpstart.boot(tmp.resolve("upstart"), installed.jobs())) {
      String path = upstart.sbin() + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
      upstart.initctl("emit", "runlevel", "RUNLEVEL=2").assertSuccess();
      upstart.awaitState(jobs, "start/running", START);
      upstart.initctl("stop", "rolled-8001").assertSuccess();
      upstart.awaitState(List.of("rolled-8001"), "stop/waiting", START);
      Map<String, Long> before = new LinkedHashMap<>();
      for (String job : jobs) {
        before.put(job, upstart.mainPid(job).orElse(0L));
      }

      Processes.Result rolled = upstart.exec("env", "PATH=" + path, "bash", script.toString());
      assertEquals(0, rolled.exit(), rolled.out());
      assertTrue(rolled.out().contains("rolled-8002 is back on 127.0.0.1:8002\n"), rolled.out());
      for (String job : jobs) {
        assertEquals("start/running", upstart.state(job), rolled.out());
        assertNotEquals(before.get(job), upstart.mainPid(job).orElseThrow(), job + " runs under a new PID: " + rolled.out());
      }

      Files.writeString(project.resolve("broken-8001"), "");
      long last = upstart.mainPid("rolled-8002").orElseThrow();
      Processes.Result stopped = upstart.exec("env", "PATH=" + path, "bash", script.toString(), "--timeout", "3");
      assertEquals(1, stopped.exit(), stopped.out());
      assertTrue(stopped.out().contains("rolled-8001 did not come back within 3 s") && stopped.out().contains(
          "not restarted: rolled-8002"), stopped.out());
      assertEquals(Optional.of(last), upstart.mainPid("rolled-8002"), "the job after the broken one is left as it was");
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String jobLog(LiveUpstart upstart, String job) {
    try {
      return upstart.jobLog(job);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
