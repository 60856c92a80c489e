package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
}
