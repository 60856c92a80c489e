package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The systemd target's units under a live systemd 252 booted in a private namespace. */
class SystemdLiveIT {
  /** Values systemd would mangle if written naively, and the corpus values a unit can carry. */
  static final List<String> HOSTILE = hostile();

  private static List<String> hostile() {
    List<String> values = new ArrayList<>(List.of(
        "%", "50%", "%i", "%%", "a\"b$c%d", "$HOME", "${HOME}", "$$", "it's", "'", "\"", "\\", "a\\nb", ";", "a;b",
        " ; ", "x ;y #z", "", " lead", "trail ", "two words", "é ü 中文", "`id`", "#", "{}", "\\;"));
    values.addAll(HostileCorpus.valuesWithoutControlCharacters());
    // And random strings from the characters systemd treats specially, with a fixed seed.
    java.util.Random random = new java.util.Random(20261121L);
    String alphabet = " %$;\\\"'`#{}[]()=&|<>*?!~,.:/-_@+iaZ9é中\u00a0";
    for (int i = 0; i < 40; i++) {
      StringBuilder sb = new StringBuilder();
      for (int j = random.nextInt(10); j > 0; j--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      values.add(sb.toString());
    }
    return List.copyOf(values);
  }

  /**
   * One systemd for the tests of rendered units: each app has its own units and target, so the
   * tests share no state and may run at once. The bootstrap test boots its own, over a copy of
   * /etc.
   */
  @TempDir static Path shared;

  private static LiveSystemd systemd;
  private static Probe probe;
  private static Probe crashProbe;
  private static Probe pathProbe;

  @TempDir Path tmp;

  private static Map<String, String> hostileEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < HOSTILE.size(); i++) {
      env.put(String.format("P_%02d", i), HOSTILE.get(i));
    }
    return env;
  }

  private static void renderUnits(Path work, Path units, String name, String yaml) throws Exception {
    Path file = Files.writeString(work.resolve(name + ".yaml"), yaml);
    Path out = work.resolve("out-" + name);
    Cli.renderOnDisk(file.toString(), "--target", "systemd", "--out", out.toString());
    Files.createDirectories(units);
    try (Stream<Path> s = Files.list(out.resolve("systemd"))) {
      for (Path p : s.toList()) {
        Files.copy(p, units.resolve(p.getFileName().toString()));
      }
    }
  }

  private static String command(String program, List<String> args) {
    StringBuilder y = new StringBuilder("    command:\n");
    List<String> words = new ArrayList<>(List.of(program));
    words.addAll(args);
    for (String w : words) {
      y.append("      - ").append(RunScriptIT.yamlDoubleQuoted(w)).append('\n');
    }
    return y.toString();
  }

  @BeforeAll
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  static void bootOneSystemdWithEveryAppsUnits() throws Exception {
    LiveSystemd.requireTools();
    Path units = shared.resolve("units");

    probe = Probe.install(shared.resolve("probe"));
    StringBuilder yaml = new StringBuilder("app: probe\ndirectory: " + shared + "\nenvironment:\n");
    hostileEnvironment().forEach((k, v) -> yaml.append("  ").append(k).append(": ").append(RunScriptIT.yamlDoubleQuoted(v)).append('\n'));
    List<String> args = new ArrayList<>(List.of("--port={port}", "x{port}y"));
    args.addAll(HOSTILE);
    yaml.append("processes:\n  web:\n").append(command(probe.program().toString(), args)).append("    instances: 3\n    port: 8000\n");
    renderUnits(shared, units, "probe", yaml.toString());

    crashProbe = Probe.install(shared.resolve("crash-probe"));
    renderUnits(shared, units, "crash", "app: crash\nenvironment:\n  PROBE_EXIT: '1'\nrespawn:\n  limit: 3\n  interval: 10\n"
        + "processes:\n  web:\n" + command(crashProbe.program().toString(), List.of()));

    // The program path holds {port}: each instance must run bin-<its port>/probe.
    pathProbe = Probe.install(shared.resolve("path-probe"));
    for (String port : PATH_PORTS) {
      pathProbe.linkAt(shared.resolve("bin-" + port).resolve("probe"));
    }
    renderUnits(shared, units, "pathport", "app: pathport\nprocesses:\n  web:\n"
        + command(shared.resolve("bin-{port}").resolve("probe").toString(), PATH_ARGS) + "    instances: 2\n    port: 8200\n");

    // ExecStart= of exactly the longest line systemd reads (1048575 bytes and the newline).
    longLineProbe = Probe.install(shared.resolve("long-line-probe"));
    longLineArgs = wordsFilling(LONGEST_LINE - ("ExecStart=" + longLineProbe.program()).length());
    StringBuilder longYaml = new StringBuilder("app: longline\nprocesses:\n  web:\n    command:\n      - "
        + RunScriptIT.yamlDoubleQuoted(longLineProbe.program().toString()) + "\n");
    // Equal words are YAML aliases of the first, to keep the descriptor under its 1 MiB.
    for (int i = 0; i < longLineArgs.size(); i++) {
      String w = longLineArgs.get(i);
      longYaml.append("      - ").append(i == 0 ? "&w " + w : w.equals(longLineArgs.get(0)) ? "*w" : w).append('\n');
    }
    renderUnits(shared, units, "longline", longYaml.toString());

    // A bare name with a virtualenv and a PATH of the descriptor's own: the name is looked up on that
    // PATH, as the run scripts and supervisord do, not taken from the virtualenv's bin.
    venvPathProbe = Probe.install(shared.resolve("venv-path-probe"));
    venvDecoy = Probe.install(shared.resolve("venv-decoy"));
    venvDecoy.linkAt(shared.resolve("vp-venv/bin/vpprog"));
    venvPathProbe.linkAt(shared.resolve("vp-path/vpprog"));
    renderUnits(shared, units, "venvpath", "app: venvpath\nvirtualenv: " + shared.resolve("vp-venv")
        + "\nenvironment:\n  PATH: " + shared.resolve("vp-path") + ":/usr/bin:/bin\nprocesses:\n  web:\n"
        + "    command: vpprog x\n");

    for (int k = 0; k < EDGES.size(); k++) {
      edges.add(Edge.install(shared.resolve("edge"), k, EDGES.get(k)));
      renderUnits(shared, units, "edge" + k, edges.get(k).descriptor());
    }

    systemd = LiveSystemd.boot(shared, units);
  }

  @AfterAll
  static void stopSystemd() {
    if (systemd != null) {
      systemd.close();
    }
  }

  /**
   * Text at the edges of systemd's unit syntax, one app each: it ends the description (after "E",
   * with a trailing {@code \\} or space), ends the app's directory and virtualenv, and is part of
   * every program path (absolute, relative and in the virtualenv), every argument and a variable.
   * The directory takes no quoting and the executable path no {@code ' " \\} (systemd.service(5)),
   * so these are the values that need procgen's extra '/', {@code %i}, {@code :} prefix and
   * {@code /usr/bin/env}.
   */
  static final List<String> EDGES = List.of(" sp ", "e ", "t\\", "b\\s", "\\ \\", "$x", "${HOME}", "$$", "it's",
      "q\"q", "50%", "%i", "%%", "a;b", ";", "#h", "é 中", "x=y", "`id`", "-dash");

  private static final List<Edge> edges = new ArrayList<>();

  /**
   * One app of {@link #EDGES}: its folders, its probe linked at every program path, and its
   * descriptor.
   *
   * @param k the app's number, which names it {@code edge<k>} and sets its port {@code 9000 + 10k}
   * @param text the edge text
   * @param probe the app's probe
   * @param base the app's folder
   */
  record Edge(int k, String text, Probe probe, Path base) {
    static Edge install(Path root, int k, String text) throws Exception {
      Path base = root.resolve(Integer.toString(k));
      Edge e = new Edge(k, text, Probe.install(base.resolve("home")), base);
      Files.createDirectories(Path.of(e.directory()));
      e.probe.linkAt(Path.of(e.virtualenv(), "bin", "pv"));
      e.probe.linkAt(Path.of(e.directory(), "r-" + text, "pr"));
      for (String port : e.ports()) {
        e.probe.linkAt(Path.of(e.absolute(port)));
      }
      return e;
    }

    String description() {
      return "E" + text + (k % 2 == 0 ? "\\" : " ");
    }

    String directory() {
      return base.resolve("d").toString() + "/" + text;
    }

    String virtualenv() {
      return base.resolve("v").toString() + "/" + text;
    }

    String absolute(String port) {
      return base.resolve("p").toString() + "/" + text + "-" + port + "/pa";
    }

    List<String> ports() {
      return List.of(Integer.toString(9000 + 10 * k), Integer.toString(9001 + 10 * k));
    }

    String descriptor() {
      return "app: edge" + k + "\n"
          + "description: " + RunScriptIT.yamlDoubleQuoted(description()) + "\n"
          + "directory: " + RunScriptIT.yamlDoubleQuoted(directory()) + "\n"
          + "virtualenv: " + RunScriptIT.yamlDoubleQuoted(virtualenv()) + "\n"
          + "environment:\n  P_EDGE: " + RunScriptIT.yamlDoubleQuoted(text) + "\n"
          + "processes:\n"
          + "  venv:\n" + command("pv", List.of(text, "%i", "$HOME", "x" + text))
          + "  abs:\n" + command(base.resolve("p").toString() + "/" + text + "-{port}/pa", List.of(text, "--port={port}"))
          + "    port: " + ports().get(0) + "\n    instances: 2\n"
          + "  rel:\n" + command("r-" + text + "/pr", List.of(text));
    }
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void everyEdgeValueReachesTheProcessExactly() throws Exception {
    List<String> start = new ArrayList<>(List.of("start"));
    edges.forEach(e -> start.add("edge" + e.k() + ".target"));
    systemd.systemctl(start.toArray(String[]::new));
    for (Edge e : edges) {
      String app = "edge" + e.k();
      String what = app + " (" + e.text() + ")";
      // The description ends in '\\' or a space: the target still wants its services, and shows it whole.
      assertEquals(e.description(), systemd.propertyExactly(app + ".target", "Description"), "description of " + what);
      List<String> units = new ArrayList<>(List.of(app + "-venv.service", app + "-rel.service"));
      e.ports().forEach(port -> units.add(app + "-abs@" + port + ".service"));
      for (String unit : units) {
        systemd.await("active"::equals, Duration.ofSeconds(30), unit + " active for " + what, "is-active", unit);
      }
      Map<String, String> env = Map.of("P_EDGE", e.text(), "VIRTUAL_ENV", e.virtualenv());

      Probe.Report venv = e.probe().await("pv");
      assertEquals(e.virtualenv() + "/bin/pv", venv.program(), "program in the virtualenv of " + what);
      assertEquals(List.of(e.text(), "%i", "$HOME", "x" + e.text()), venv.args(), "argv of " + what);
      assertEquals(env, venv.env(), "environment of " + what);
      assertEquals(e.directory(), venv.cwd(), "working directory of " + what);

      Probe.Report rel = e.probe().await("pr");
      assertEquals(e.directory() + "/r-" + e.text() + "/pr", rel.program(), "relative program of " + what);
      assertEquals(List.of(e.text()), rel.args(), "argv of the relative program of " + what);
      assertEquals(e.directory(), rel.cwd(), "working directory of the relative program of " + what);

      for (String port : e.ports()) {
        Probe.Report abs = e.probe().await(port);
        assertEquals(e.absolute(port), abs.program(), "absolute program of " + what + " on " + port);
        assertEquals(List.of(e.text(), "--port=" + port), abs.args(), "argv of " + what + " on " + port);
        Map<String, String> withPort = new TreeMap<>(env);
        withPort.put("PORT", port);
        assertEquals(withPort, new TreeMap<>(abs.env()), "environment of " + what + " on " + port);
        assertEquals(e.directory(), abs.cwd(), "working directory of " + what + " on " + port);
      }
    }
    List<String> stop = new ArrayList<>(start);
    stop.set(0, "stop");
    systemd.systemctl(stop.toArray(String[]::new));
  }

  private static Probe venvPathProbe;
  private static Probe venvDecoy;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aBareNameIsLookedUpOnTheDescriptorsPathEvenWithAVirtualenv() throws Exception {
    String unit = "venvpath-web.service";
    systemd.systemctl("start", "venvpath.target");
    systemd.await("active"::equals, Duration.ofSeconds(30), unit + " active", "is-active", unit);
    assertEquals(List.of("x"), venvPathProbe.await("vpprog").args());
    assertEquals(0, venvDecoy.starts("vpprog"), "the virtualenv's program of that name must not run");
    systemd.systemctl("stop", "venvpath.target");
  }

  /** systemd 252's longest unit line without its newline (LONG_LINE_MAX less one). */
  private static final int LONGEST_LINE = 1024 * 1024 - 1;
  private static Probe longLineProbe;
  private static List<String> longLineArgs;

  /** Words of 'x' that, each after a space, take exactly {@code bytes} bytes. */
  private static List<String> wordsFilling(int bytes) {
    List<String> words = new ArrayList<>();
    while (bytes > 0) {
      int word = Math.min(100_000, bytes - 1);
      words.add("x".repeat(word));
      bytes -= 1 + word;
    }
    return words;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theLongestExecStartLineThatProcgenWritesLoadsAndRuns() throws Exception {
    String unit = "longline-web.service";
    assertEquals("loaded", systemd.property(unit, "LoadState"), systemd.property(unit, "LoadError"));
    systemd.systemctl("start", "longline.target");
    systemd.await("active"::equals, Duration.ofSeconds(30), unit + " active", "is-active", unit);
    assertEquals(longLineArgs, longLineProbe.await("probe").args());
    systemd.systemctl("stop", "longline.target");
  }

  private static final List<String> PATH_PORTS = List.of("8200", "8201");
  private static final List<String> PATH_ARGS = List.of("--port={port}", "{port}", "two words", "%i 50% %%");

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void threeInstancesRunRestartAndStopWithExactValues() throws Exception {
    List<String> instances = List.of("probe-web@8000.service", "probe-web@8001.service", "probe-web@8002.service");
    // 1. Starting the target brings every instance up.
    systemd.systemctl("start", "probe.target");
    for (String unit : instances) {
      systemd.await("active"::equals, Duration.ofSeconds(30), unit + " active", "is-active", unit);
    }

    // 2. Each instance sees its exact argv and environment.
    for (int i = 0; i < 3; i++) {
      String port = Integer.toString(8000 + i);
      Probe.Report report = probe.await(port);
      assertEquals(probe.program().toString(), report.program());
      assertEquals(expectedArgv(port), report.args(), "argv of instance " + port);
      Map<String, String> expectedEnv = new TreeMap<>(hostileEnvironment());
      expectedEnv.put("PORT", port);
      assertEquals(expectedEnv, new TreeMap<>(report.env()), "environment of instance " + port);
      assertEquals(shared.toString(), report.cwd());
    }

    // 3. kill -9 of a main PID: the service is restarted, as a new process with the same argv.
    String unit = instances.get(0);
    String pid = systemd.property(unit, "MainPID");
    assertIsTheProbe(pid, probe, "8000");
    systemd.exec("kill", "-9", pid);
    String newPid = systemd.await(p -> !p.equals(pid) && !p.equals("0"), Duration.ofSeconds(30), unit + " restarted",
        "show", "-p", "MainPID", "--value", unit);
    systemd.await("active"::equals, Duration.ofSeconds(30), unit + " active again", "is-active", unit);
    assertEquals("1", systemd.property(unit, "NRestarts"));
    assertNotEquals(0, systemd.run("kill", "-0", pid).exit(), "the killed main PID " + pid + " is gone");
    assertEquals(expectedArgv("8000"), probe.await("8000", 2).get(1).args(), "argv of instance 8000 after its restart");
    assertIsTheProbe(newPid, probe, "8000");

    // 4. Stopping the target stops every instance.
    systemd.systemctl("stop", "probe.target");
    for (String u : instances) {
      systemd.await(s -> s.equals("inactive"), Duration.ofSeconds(30), u + " stopped", "is-active", u);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aProcessThatExitsAtOnceIsRestartedUntilTheRespawnLimitTrips() throws Exception {
    systemd.systemctl("start", "crash.target");
    systemd.await("failed"::equals, Duration.ofSeconds(60), "crash-web.service failed", "is-active", "crash-web.service");
    assertEquals(4, crashProbe.starts("probe"),
        "respawn limit 3: one start and three restarts, then failed (NRestarts="
            + systemd.property("crash-web.service", "NRestarts") + ")");
    Thread.sleep(2000);
    assertEquals(4, crashProbe.starts("probe"), "no start after the unit failed");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aPortInTheProgramPathRunsEachInstanceFromItsOwnPath() throws Exception {
    systemd.systemctl("start", "pathport.target");
    for (String port : PATH_PORTS) {
      String unit = "pathport-web@" + port + ".service";
      systemd.await("active"::equals, Duration.ofSeconds(30), unit + " active", "is-active", unit);
      Probe.Report report = pathProbe.await(port);
      assertEquals(shared.resolve("bin-" + port).resolve("probe").toString(), report.program(), unit + " runs its own program path");
      assertEquals(List.of("--port=" + port, port, "two words", "%i 50% %%"), report.args(), "argv of " + unit);
      assertEquals(Map.of("PORT", port), report.env(), "environment of " + unit);
    }
    systemd.systemctl("stop", "pathport.target");
  }

  private static List<String> expectedArgv(String port) {
    List<String> argv = new ArrayList<>(List.of("--port=" + port, "x" + port + "y"));
    argv.addAll(HOSTILE);
    return argv;
  }

  /**
   * Asserts that {@code pid}, a MainPID systemd reported, is a real process of the namespace
   * (a number above 1, which is systemd itself) running the probe for {@code port}.
   */
  private static void assertIsTheProbe(String pid, Probe probe, String port) {
    assertTrue(pid.matches("[1-9][0-9]*") && !pid.equals("1"), "MainPID must be a process of the app, found '" + pid + "'");
    String cmdline = systemd.exec("cat", "/proc/" + pid + "/cmdline");
    String expected = Probe.PYTHON + "\0" + probe.program() + "\0--port=" + port + "\0";
    assertTrue(cmdline.startsWith(expected), "PID " + pid + " must run the probe for " + port + ", found "
        + cmdline.replace('\0', ' '));
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void theBootstrapScriptSetsUpAndStartsTheAppUnderLiveSystemd() throws Exception {
    LiveSystemd.requireTools();
    // A copy of /etc for the namespace: the script creates its account there, not on the host.
    Sandbox sandbox = new Sandbox(tmp.resolve("root"), Map.of());
    Path home = Files.createDirectories(tmp.resolve("home"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    // The app's user runs the probe: /home/probe/probe, reporting into /home/probe/reports.
    Probe probe = Probe.install(home.resolve("probe"));
    Path descriptor = Files.writeString(tmp.resolve("probe.yaml"), """
        app: probe
        user: probe
        directory: /home/probe/app
        bin_dir: /home/probe/bin
        log:
          dir: /home/probe/logs
        processes:
          web:
            command: /home/probe/probe --port={port}
            instances: 2
            port: 8100
        """);
    Path out = tmp.resolve("out");
    Cli.renderOnDisk(descriptor.toString(), "--target", "bootstrap", "--init", "systemd", "--out", out.toString());
    Path script = out.resolve("bootstrap/probe.sh");
    String hostPasswd = Accounts.hostPasswd();

    try (LiveSystemd own = LiveSystemd.boot(tmp, Files.createDirectories(tmp.resolve("no-units")),
        Map.of("/etc", sandbox.etc(), "/home", home))) {
      Sandbox.Result first = own.run("bash", script.toString());
      assertEquals(0, first.exit(), first.output());
      assertTrue(first.output().contains("create user probe\n"), first.output());
      assertTrue(first.output().contains("run systemctl enable --now probe.target\n"), first.output());
      for (String unit : List.of("probe-web@8100.service", "probe-web@8101.service")) {
        own.await("active"::equals, Duration.ofSeconds(30), unit + " active", "is-active", unit);
        String pid = own.property(unit, "MainPID");
        assertEquals("probe", own.exec("ps", "-o", "user=", "-p", pid), unit + " runs as the app's user");
      }
      for (String port : List.of("8100", "8101")) {
        Probe.Report report = probe.await(port);
        assertEquals("/home/probe/probe", report.program());
        assertEquals(List.of("--port=" + port), report.args(), "instance " + port + " gets its own argv");
        assertEquals(Map.of("PORT", port), report.env(), "instance " + port + " gets its own PORT");
        assertEquals("/home/probe/app", report.cwd(), "instance " + port + " runs in the directory the script created");
      }

      Sandbox.Result second = own.run("bash", script.toString());
      assertEquals(0, second.exit(), second.output());
      assertEquals("bootstrap probe: nothing changed\n", second.output());
    }
    assertEquals(hostPasswd, Accounts.hostPasswd(), "the host's accounts are untouched");
  }
}
