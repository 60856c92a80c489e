package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the supervisor target's output under a real supervisord (Debian's supervisor 4.2.5) whose
 * home is a temp dir: names, exact argv and environment, restarts and respawn limits.
 */
class SupervisorIT {
  /** Values supervisord's own parsing would mangle if they were written naively, and the corpus. */
  static final List<String> HOSTILE = hostile();

  private static List<String> hostile() {
    List<String> values = new ArrayList<>(List.of(
        "a\"b$c%d", "x ;y #z", "50%", "it's", "", " lead", "trail ", "%(here)s", "%%", "$HOME", "`id`", "a\\b",
        "\"quoted\"", "'single'", "both ' and \"", "a,b", "k=v", "tab\there", "é ü 中文", "#start", ";start", "x\t;y"));
    values.addAll(HostileCorpus.values());
    return List.copyOf(values);
  }

  @TempDir Path tmp;

  private static void render(String... args) {
    Cli.renderOnDisk(args);
  }

  private String user() throws Exception {
    return Processes.output("id", "-un").strip();
  }

  private Map<String, String> hostileEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < HOSTILE.size(); i++) {
      env.put(String.format("P_%02d", i), HOSTILE.get(i));
    }
    return env;
  }

  private String descriptor(String app, Map<String, String> env, String extra, String processes) throws Exception {
    StringBuilder y = new StringBuilder();
    y.append("app: ").append(app).append('\n')
        .append("user: ").append(user()).append('\n')
        .append("directory: ").append(tmp).append('\n')
        .append("bin_dir: ").append(tmp.resolve("bin")).append('\n')
        .append("log:\n  dir: ").append(Files.createDirectories(tmp.resolve("logs"))).append('\n')
        .append("supervisor:\n  home: ").append(tmp.resolve("home")).append('\n')
        .append(extra);
    if (!env.isEmpty()) {
      y.append("environment:\n");
      env.forEach((k, v) -> y.append("  ").append(k).append(": ").append(RunScriptIT.yamlDoubleQuoted(v)).append('\n'));
    }
    y.append("processes:\n").append(processes);
    return y.toString();
  }

  private static String probeCommand(Probe probe, List<String> args) {
    return probeCommand(probe.program().toString(), args);
  }

  private static String probeCommand(String program, List<String> args) {
    StringBuilder y = new StringBuilder("    command:\n");
    y.append("      - ").append(RunScriptIT.yamlDoubleQuoted(program)).append('\n');
    for (String a : args) {
      y.append("      - ").append(RunScriptIT.yamlDoubleQuoted(a)).append('\n');
    }
    return y.toString();
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void tornadoGroupRunsWithExactValuesRestartsAndGroupRestart() throws Exception {
    Probe probe = Probe.install(tmp.resolve("probe"));
    Map<String, String> env = hostileEnvironment();
    List<String> args = new ArrayList<>(List.of("--port={port}"));
    args.addAll(HOSTILE);
    String yaml = descriptor("chat", env, "",
        "  chat:\n" + probeCommand(probe, args) + "    instances: 4\n    port: 8000\n");
    Path file = Files.writeString(tmp.resolve("chat.yaml"), yaml);
    render(file.toString(), "--target", "supervisor", "--out", tmp.resolve("out").toString());
    Path config = Supervisord.install(tmp.resolve("out/supervisor"), tmp.resolve("home"));

    List<String> names = List.of("chat:chat-8000", "chat:chat-8001", "chat:chat-8002", "chat:chat-8003");
    try (Supervisord supervisord = Supervisord.start(config, tmp.resolve("supervisord.console"))) {
      Map<String, String[]> status = supervisord.awaitStatus(s -> Supervisord.allIn(s, names, "RUNNING"),
          Duration.ofSeconds(60), "all four instances RUNNING");
      assertEquals(names, List.copyOf(status.keySet()), "exactly the four instances, in the chat group");

      for (int i = 0; i < 4; i++) {
        String port = Integer.toString(8000 + i);
        Probe.Report report = probe.await(port);
        assertEquals(probe.program().toString(), report.program());
        assertEquals(expectedArgv(port), report.args(), "argv of chat-" + port);
        Map<String, String> expectedEnv = new LinkedHashMap<>(env);
        expectedEnv.put("PORT", port);
        assertEquals(new TreeMap<>(expectedEnv), new TreeMap<>(report.env()), "environment of chat-" + port);
        assertEquals(tmp.toString(), report.cwd());
      }

      // kill -9 of one instance: supervisord starts it again, with the same argv.
      String oldPid = status.get("chat:chat-8000")[1];
      Processes.output("kill", "-9", oldPid);
      supervisord.awaitStatus(s -> s.get("chat:chat-8000")[0].equals("RUNNING") && !s.get("chat:chat-8000")[1].equals(oldPid),
          Duration.ofSeconds(30), "chat:chat-8000 restarted after kill -9");
      assertEquals(expectedArgv("8000"), probe.await("8000", 2).get(1).args(), "argv of chat-8000 after its restart");

      // supervisorctl restart chat:* restarts the whole group.
      Map<String, String[]> before = supervisord.status();
      String out = supervisord.ctl("restart", "chat:*");
      Map<String, String[]> after = supervisord.awaitStatus(s -> Supervisord.allIn(s, names, "RUNNING"),
          Duration.ofSeconds(60), "the group RUNNING after restart chat:*");
      for (String n : names) {
        assertNotEquals(before.get(n)[1], after.get(n)[1], n + " must have a new PID after restart chat:*: " + out);
      }
      for (String port : List.of("8000", "8001", "8002", "8003")) {
        int starts = port.equals("8000") ? 3 : 2;
        assertEquals(expectedArgv(port), probe.await(port, starts).get(starts - 1).args(), "argv of chat-" + port + " after restart chat:*");
      }
    }
  }

  private static List<String> expectedArgv(String port) {
    List<String> argv = new ArrayList<>(List.of("--port=" + port));
    argv.addAll(HOSTILE);
    return argv;
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aPortInTheProgramPathRunsEachInstanceFromItsOwnPath() throws Exception {
    Probe probe = Probe.install(tmp.resolve("probe"));
    List<String> ports = List.of("8200", "8201");
    for (String port : ports) {
      probe.linkAt(tmp.resolve("bin-" + port).resolve("probe"));
    }
    List<String> args = List.of("--port={port}", "{port}", "two words", "50% %(here)s");
    String yaml = descriptor("pathport", Map.of(), "",
        "  web:\n" + probeCommand(tmp.resolve("bin-{port}").resolve("probe").toString(), args) + "    instances: 2\n    port: 8200\n");
    Path file = Files.writeString(tmp.resolve("pathport.yaml"), yaml);
    render(file.toString(), "--target", "supervisor", "--out", tmp.resolve("out").toString());
    Path config = Supervisord.install(tmp.resolve("out/supervisor"), tmp.resolve("home"));

    List<String> names = List.of("pathport:pathport-8200", "pathport:pathport-8201");
    try (Supervisord supervisord = Supervisord.start(config, tmp.resolve("supervisord.console"))) {
      supervisord.awaitStatus(s -> Supervisord.allIn(s, names, "RUNNING"), Duration.ofSeconds(60), "both instances RUNNING");
      for (String port : ports) {
        Probe.Report report = probe.await(port);
        assertEquals(tmp.resolve("bin-" + port).resolve("probe").toString(), report.program(), "instance " + port + " runs its own program path");
        assertEquals(List.of("--port=" + port, port, "two words", "50% %(here)s"), report.args(), "argv of instance " + port);
        assertEquals(Map.of("PORT", port), report.env(), "environment of instance " + port);
      }
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void twoAppsRunUnderOneSupervisordWithAVirtualenv() throws Exception {
    Path venv = Tools.virtualenv(tmp.resolve("venv"), false);
    Probe probeA = Probe.install(tmp.resolve("probe-a"));
    Probe probeB = Probe.install(tmp.resolve("probe-b"));
    // App a runs plain "python" from its virtualenv; app b gets the hostile environment.
    String a = descriptor("alpha", Map.of(), "virtualenv: " + venv + "\n",
        "  web:\n    command: python " + probeA.program() + " one\n");
    String b = descriptor("beta", hostileEnvironment(), "",
        "  worker:\n" + probeCommand(probeB, List.of("two")));
    Path fa = Files.writeString(tmp.resolve("a.yaml"), a);
    Path fb = Files.writeString(tmp.resolve("b.yaml"), b);
    render(fa.toString(), fb.toString(), "--target", "supervisor", "--out", tmp.resolve("out").toString());
    try (var files = Files.list(tmp.resolve("out/supervisor/conf.d"))) {
      assertEquals(List.of("alpha.conf", "beta.conf"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    Path config = Supervisord.install(tmp.resolve("out/supervisor"), tmp.resolve("home"));

    List<String> names = List.of("alpha:alpha", "beta:beta");
    try (Supervisord supervisord = Supervisord.start(config, tmp.resolve("supervisord.console"))) {
      supervisord.awaitStatus(s -> Supervisord.allIn(s, names, "RUNNING"), Duration.ofSeconds(60), "both apps RUNNING");
      Probe.Report ra = probeA.await("probe");
      assertEquals(List.of("one"), ra.args());
      assertEquals(venv.toString(), ra.prefix(), "python must come from the virtualenv");
      assertEquals(venv.toString(), ra.env().get("VIRTUAL_ENV"));
      Probe.Report rb = probeB.await("probe");
      assertEquals(List.of("two"), rb.args());
      assertEquals(new TreeMap<>(hostileEnvironment()), new TreeMap<>(rb.env()));
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aCrashingProcessIsGivenUpAfterTheRespawnLimit() throws Exception {
    Probe probe = Probe.install(tmp.resolve("probe"));
    String yaml = descriptor("crash", Map.of("PROBE_EXIT", "1"), "respawn:\n  limit: 3\n  interval: 3\n",
        "  web:\n" + probeCommand(probe, List.of()));
    Path file = Files.writeString(tmp.resolve("crash.yaml"), yaml);
    render(file.toString(), "--target", "supervisor", "--out", tmp.resolve("out").toString());
    Path config = Supervisord.install(tmp.resolve("out/supervisor"), tmp.resolve("home"));
    try (Supervisord supervisord = Supervisord.start(config, tmp.resolve("supervisord.console"))) {
      supervisord.awaitStatus(s -> "FATAL".equals(s.getOrDefault("crash:crash", new String[] {""})[0]),
          Duration.ofSeconds(60), "crash:crash FATAL after its respawn limit");
      String log = Files.readString(tmp.resolve("home/supervisord.log"));
      assertEquals(4, log.split("spawned: 'crash'", -1).length - 1,
          "one start and three restarts before giving up:\n" + log);
      assertEquals(4, probe.starts("probe"), "the probe ran once per spawn");
    }
  }

  /** Makes {@code dir} and the temp dir searchable by anyone, so that another account can run from it. */
  private void openToAll(Path dir) throws Exception {
    for (Path p = dir; p != null && p.startsWith(tmp); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static List<Integer> sorted(List<Integer> groups) {
    return groups.stream().distinct().sorted().toList();
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aGroupIsRealAndProgramsAreFoundAsAShellInTheDirectoryWouldFindThem() throws Exception {
    try (Accounts accounts = new Accounts()) {
      String primary = accounts.group("pri");
      String readers = accounts.group("www");
      String member = accounts.group("mem");
      String user = accounts.user("app", primary, member);
      Probe probe = Probe.install(tmp.resolve("probe"));
      Path work = Files.createDirectories(tmp.resolve("work dir {port} 50%"));
      openToAll(work);
      // A relative program, and bare names on a PATH whose first match is not executable (a shell
      // skips it, supervisord's own lookup takes it) and whose second entry is relative to the directory.
      probe.linkAt(work.resolve("bin/server"));
      for (String name : List.of("pgt-bare", "pgt-plain")) {
        probe.linkAt(work.resolve("rel-bin").resolve(name));
        Files.createDirectories(work.resolve("noexec"));
        Files.writeString(work.resolve("noexec").resolve(name), "not a program\n");
      }
      openToAll(work.resolve("bin"));
      openToAll(work.resolve("rel-bin"));
      String path = work.resolve("noexec") + ":rel-bin:/usr/bin:/bin";
      String grouped = "app: grp\nuser: " + user + "\ngroup: " + readers + "\ndirectory: " + RunScriptIT.yamlDoubleQuoted(work.toString())
          + "\nlog:\n  dir: " + Files.createDirectories(tmp.resolve("logs")) + "\nenvironment:\n  PATH: " + RunScriptIT.yamlDoubleQuoted(path)
          + "\n  P_ONE: \"it's 50%\"\nprocesses:\n"
          + "  web:\n    command: [\"bin/server\", \"one\", \"two words\"]\n"
          + "  worker:\n    command: [\"pgt-bare\", \"--x=1\"]\n";
      String plain = "app: plain\ndirectory: " + RunScriptIT.yamlDoubleQuoted(work.toString())
          + "\nlog:\n  dir: " + tmp.resolve("logs") + "\nenvironment:\n  PATH: " + RunScriptIT.yamlDoubleQuoted(path)
          + "\nprocesses:\n  web:\n    command: [\"pgt-plain\", \"three\"]\n";
      Path fg = Files.writeString(tmp.resolve("grp.yaml"), grouped);
      Path fp = Files.writeString(tmp.resolve("plain.yaml"), plain);
      render(fg.toString(), fp.toString(), "--target", "supervisor", "--out", tmp.resolve("out").toString());
      Path config = Supervisord.installSystemLayout(tmp.resolve("out/supervisor"), tmp.resolve("home"));

      List<String> names = List.of("grp:grp-web", "grp:grp-worker", "plain:plain");
      try (Supervisord supervisord = Supervisord.start(config, tmp.resolve("supervisord.console"))) {
        supervisord.awaitStatus(s -> Supervisord.allIn(s, names, "RUNNING"), Duration.ofSeconds(60), "every program RUNNING");
        String uid = Accounts.uid(user) + " " + Accounts.uid(user);
        String gid = Accounts.gid(readers) + " " + Accounts.gid(readers);
        List<Integer> groups = Accounts.grouplist(user, readers);
        assertTrue(groups.contains(Accounts.gid(readers)) && groups.contains(Accounts.gid(member))
            && !groups.contains(Accounts.gid(primary)), "getgrouplist(user, group) is the group and the memberships: " + groups);

        Probe.Report web = probe.await("server");
        assertEquals(work.resolve("bin/server").toString(), web.program(), "the relative program is the directory's");
        assertEquals(List.of("one", "two words"), web.args());
        assertEquals(work.toString(), web.cwd());
        assertEquals(Map.of("P_ONE", "it's 50%"), web.env());
        assertEquals(uid, web.uid(), "real and effective uid are the user's");
        assertEquals(gid, web.gid(), "real and effective gid are the group's, not the user's primary group");
        assertEquals(groups, sorted(web.groups()), "supplementary groups are systemd's getgrouplist(user, group)");

        Probe.Report worker = probe.await("pgt-bare");
        assertEquals("rel-bin/pgt-bare", worker.program(), "the bare name is found as bash in the directory finds it");
        assertEquals(List.of("--x=1"), worker.args());
        assertEquals(uid, worker.uid());
        assertEquals(gid, worker.gid());
        assertEquals(groups, sorted(worker.groups()));

        Probe.Report other = probe.await("pgt-plain");
        assertEquals("rel-bin/pgt-plain", other.program(), "without a group, env(1) looks the bare name up as bash would");
        assertEquals(List.of("three"), other.args());
        assertEquals("0 0", other.uid(), "an app without user runs as supervisord's root");
      }
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void gunicornsMasterAndWorkersRunAsTheUserWithTheGroup() throws Exception {
    Processes.Result has = Processes.command("/usr/bin/python3", "-c", "import gunicorn").mergeStderr().run();
    if (has.exit() != 0) {
      Tools.unavailable("gunicorn is not installed for /usr/bin/python3 (Debian package python3-gunicorn)");
    }
    try (Accounts accounts = new Accounts()) {
      String primary = accounts.group("gpri");
      String readers = accounts.group("gwww");
      String member = accounts.group("gmem");
      String user = accounts.user("gapp", primary, member);
      Path work = Files.createDirectories(tmp.resolve("site"));
      Files.writeString(work.resolve("pgtapp.py"), "def application(environ, start_response):\n"
          + "    start_response('200 OK', [('Content-Type', 'text/plain')])\n    return [b'ok']\n");
      Path sockets = Files.createDirectories(tmp.resolve("run"));
      openToAll(work);
      Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwxrwxrwx"));
      String yaml = "app: gsite\nuser: " + user + "\ngroup: " + readers + "\ndirectory: " + work
          + "\nlog:\n  dir: " + Files.createDirectories(tmp.resolve("logs")) + "\nprocesses:\n  web:\n"
          + "    command: /usr/bin/python3 -m gunicorn pgtapp:application\n    server: gunicorn\n    workers: 2\n"
          + "    bind: unix:" + sockets.resolve("web.sock") + "\n";
      Path file = Files.writeString(tmp.resolve("gsite.yaml"), yaml);
      render(file.toString(), "--target", "supervisor", "--out", tmp.resolve("out").toString());
      Path config = Supervisord.installSystemLayout(tmp.resolve("out/supervisor"), tmp.resolve("home"));
      try (Supervisord supervisord = Supervisord.start(config, tmp.resolve("supervisord.console"))) {
        Map<String, String[]> status = supervisord.awaitStatus(s -> Supervisord.allIn(s, List.of("gsite:gsite"), "RUNNING"),
            Duration.ofSeconds(60), "gunicorn RUNNING");
        String master = status.get("gsite:gsite")[1];
        List<String> workers = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (workers.size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(200);
          workers = Processes.command("pgrep", "-P", master).run().out().lines().map(String::strip)
              .filter(l -> !l.isEmpty()).toList();
        }
        assertEquals(2, workers.size(), "two workers under the master " + master + ":\n"
            + Files.readString(tmp.resolve("logs/gsite.log")));
        String uid = Integer.toString(Accounts.uid(user));
        String gid = Integer.toString(Accounts.gid(readers));
        List<Integer> groups = Accounts.grouplist(user, readers);
        List<String> pids = new ArrayList<>(List.of(master));
        pids.addAll(workers);
        for (String pid : pids) {
          Map<String, String> st = new LinkedHashMap<>();
          for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            int colon = line.indexOf(':');
            st.put(line.substring(0, colon), line.substring(colon + 1).strip());
          }
          assertEquals(List.of(uid, uid, uid, uid), List.of(st.get("Uid").split("\\s+")), "Uid of " + pid);
          assertEquals(List.of(gid, gid, gid, gid), List.of(st.get("Gid").split("\\s+")), "Gid of " + pid);
          List<Integer> actual = st.get("Groups").isEmpty() ? List.of()
              : java.util.Arrays.stream(st.get("Groups").split("\\s+")).map(Integer::valueOf).toList();
          assertEquals(groups, sorted(actual), "supplementary groups of " + pid);
        }
        assertEquals(Set.of(Accounts.uid(user)), Set.of((Integer) Files.getAttribute(sockets.resolve("web.sock"), "unix:uid")),
            "the socket belongs to the user");
      }
    }
  }

  /**
   * supervisord %-formats {@code stdout_logfile=} twice (supervisor/options.py): a log.dir with
   * {@code %}, {@code %%}, {@code %i} or {@code %(process_num)s} in it must still be the folder the
   * logs go to, for one instance and for several.
   */
  @ParameterizedTest
  @ValueSource(strings = {"l%g", "50%%", "%i", "%(process_num)s", "%(here)x", "%%(ENV_HOME)s"})
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aLogDirWithPercentSignsHoldsTheLogs(String name) throws Exception {
    Probe probe = Probe.install(tmp.resolve("probe"));
    Path logs = Files.createDirectories(tmp.resolve("logs").resolve(name));
    Files.setPosixFilePermissions(logs, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    String yaml = "app: pct\nuser: " + user() + "\ndirectory: " + tmp + "\nlog:\n  dir: "
        + RunScriptIT.yamlDoubleQuoted(logs.toString()) + "\nsupervisor:\n  home: " + tmp.resolve("home")
        + "\nprocesses:\n  web:\n" + probeCommand(probe, List.of("one"))
        + "  many:\n" + probeCommand(probe, List.of("{port}")) + "    port: 8300\n    instances: 2\n";
    Path file = Files.writeString(tmp.resolve("pct.yaml"), yaml);
    render(file.toString(), "--target", "supervisor", "--out", tmp.resolve("out").toString());
    Path config = Supervisord.install(tmp.resolve("out/supervisor"), tmp.resolve("home"));
    List<String> names = List.of("pct:pct-web", "pct:pct-many-8300", "pct:pct-many-8301");
    try (Supervisord supervisord = Supervisord.start(config, tmp.resolve("supervisord.console"))) {
      supervisord.awaitStatus(s -> Supervisord.allIn(s, names, "RUNNING"), Duration.ofSeconds(60),
          "every program RUNNING with its log in " + logs);
      for (String log : List.of("pct-web.log", "pct-many-8300.log", "pct-many-8301.log")) {
        assertTrue(Files.exists(logs.resolve(log)), log + " in " + logs + ": " + listing(tmp.resolve("logs")));
      }
    }
  }

  private static String listing(Path dir) throws Exception {
    try (var s = Files.walk(dir)) {
      return s.map(Path::toString).toList().toString();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h[o]m*e?{x}]y%z;w#v-é", "my home {x} ]y %z;w#v é"})
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aHomeWithGlobAndOddCharactersIncludesAndStartsThePrograms(String name) throws Exception {
    Probe probe = Probe.install(tmp.resolve("probe"));
    Path home = tmp.resolve(name);
    String yaml = "app: odd\nuser: " + user() + "\ndirectory: " + tmp + "\nlog:\n  dir: "
        + Files.createDirectories(tmp.resolve("logs")) + "\nsupervisor:\n  home: " + RunScriptIT.yamlDoubleQuoted(home.toString())
        + "\nprocesses:\n  web:\n" + probeCommand(probe, List.of("odd"));
    Path file = Files.writeString(tmp.resolve("odd.yaml"), yaml);
    render(file.toString(), "--target", "supervisor", "--out", tmp.resolve("out").toString());
    Path config = Supervisord.install(tmp.resolve("out/supervisor"), home);
    try (Supervisord supervisord = Supervisord.start(config, tmp.resolve("supervisord.console"))) {
      supervisord.awaitStatus(s -> Supervisord.allIn(s, List.of("odd:odd"), "RUNNING"), Duration.ofSeconds(60),
          "odd:odd RUNNING from the included conf.d");
      assertEquals(List.of("odd"), probe.await("probe").args());
      assertTrue(Files.exists(home.resolve("supervisor.sock")), "the socket is in the home");
      assertTrue(Files.exists(home.resolve("supervisord.log")), "the log is in the home");
      assertFalse(Files.readString(home.resolve("supervisord.log")).contains("No file matches"),
          "the include matched");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void globEscapeAgreesWithPythonsGlobEscape() throws Exception {
    List<String> values = new ArrayList<>(HOSTILE);
    values.addAll(List.of("/a[b]c", "*?[", "[[]", "/x/{a,b}/]y/~z", "a[!b]", "**/x"));
    StringBuilder script = new StringBuilder("import glob, sys\nfor v in sys.argv[1:]:\n    sys.stdout.write(glob.escape(v) + '\\0')\n");
    List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", script.toString()));
    command.addAll(values);
    String out = Processes.command(command).env("PYTHONIOENCODING", "utf-8").run().assertSuccess().out();
    List<String> expected = List.of(out.split("\0", -1)).subList(0, values.size());
    assertEquals(expected, values.stream().map(dev.procgen.targets.SupervisorQuoting::globEscape).toList());
  }
}
