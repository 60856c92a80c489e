package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code procgen import} against the real foreman 0.87.2: a Procfile and a {@code .env} shaped like
 * foreman's and honcho's examples (quoting of every kind, {@code $VAR} references, {@code $PORT},
 * {@code $PS}, shell syntax, a formation with several instances and a type that runs 0 times) run
 * once under {@code foreman start} and once as the systemd units that procgen renders from the
 * import, under a live systemd 252. Every instance records its argv, environment and working
 * directory, and the two runs must agree.
 */
class ImportLiveIT {
  @TempDir Path work;

  /** Records how it was started into the folder named in {@code reports-to} beside it, then stays up. */
  private static final String DUMP = """
      #!/usr/bin/python3
      import json, os, sys, time
      here = os.path.dirname(os.path.realpath(__file__))
      with open(os.path.join(here, "reports-to")) as f:
          out = f.read().strip()
      label = os.environ.get("PORT", "noport")
      tmp = os.path.join(out, ".%s.%d" % (label, os.getpid()))
      with open(tmp, "w") as f:
          json.dump({"argv": sys.argv, "env": dict(os.environ), "cwd": os.getcwd()}, f)
      os.rename(tmp, os.path.join(out, label + ".json"))
      while True:
          time.sleep(3600)
      """;

  /**
   * Shaped like foreman's data/example/Procfile ({@code ticker: ruby ./ticker $PORT}) and honcho's
   * ({@code web: python app.py}): a relative program, a bare interpreter name, an absolute one,
   * padding after the colon, $PORT inside a word and as a prefix ($PORTAL), ${PORT} for the shell,
   * $PS, quotes and &&, and a variable nobody sets.
   */
  private static final String PROCFILE = """
      # procfile shaped like foreman's and honcho's examples
      web:     ./dump.py web --port=$PORT --name=$APP_NAME $PORTAL
      worker: ./dump.py worker $GREETING "$SPACED" 'lit $APP_NAME' ${PORT} $BACKSLASH x$UNSET_ANYWHERE
      clock: python3 dump.py clock $QUOTED_DQ "$SINGLE" $URL && exit 3
      single:\t/usr/bin/python3 dump.py $PS $EMPTY $PERCENT $UNICODE end
      zero: ./dump.py zero
      """;

  /**
   * foreman's .env format: plain values (white space, # and $ kept), 'single' quotes (taken
   * literally), "double" quotes (\\" and \\\\ escapes), an empty value, a PORT that -p overrides, a
   * value that names $PORT (which foreman does not expand in the .env, but in the command after
   * it), comments, and an export line that foreman ignores.
   */
  private static final String DOTENV = """
      # comment
      APP_NAME=shop
      GREETING="hello world"

      SPACED='two  spaces and $APP_NAME'
      QUOTED_DQ="say \\"hi\\" to C:\\\\dir"
      SINGLE='it's # not a comment'
      BACKSLASH="a\\\\\\\\b"
      PERCENT=50% %i
      UNICODE=é 中 ☃
      TRAILING=value with trailing  \s
      EMPTY=
      PORT=9999
      URL=http://localhost:$PORT/x
      export NOT_LOADED=1
      """;

  private static final String FORMATION = "all=1,web=2,worker=2,zero=0";
  private static final List<Integer> PORTS = List.of(7000, 7001, 7100, 7101, 7200, 7300);

  /**
   * The variables a process gets from what started it rather than from the Procfile: foreman's
   * parent (this test gives it only PATH, HOME and LANG) and systemd's own (INVOCATION_ID,
   * JOURNAL_STREAM, SYSTEMD_EXEC_PID, and its PATH and LANG), and PWD, which dash exports when
   * it runs a command. PS is compared on its own: foreman sets it, procgen cannot, and the
   * import's header says so. Every other variable, the .env's and PORT, must be equal.
   */
  private static final Set<String> EXCLUDED = Set.of("PATH", "HOME", "LANG", "INVOCATION_ID", "JOURNAL_STREAM",
      "SYSTEMD_EXEC_PID", "PWD", "PS");

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void importedUnitsRunWhatForemanStartRuns() throws Exception {
    Path foreman = Tools.require("foreman", "Debian package ruby-foreman");
    Tools.require("/usr/bin/python3", "Debian's python3");
    LiveSystemd.requireTools();
    Path app = Files.createDirectories(work.resolve("app"));
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dump = Files.writeString(app.resolve("dump.py"), DUMP);
    Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(app.resolve("Procfile"), PROCFILE);
    Files.writeString(app.resolve(".env"), DOTENV);
    Path fromForeman = Files.createDirectories(work.resolve("reports-foreman"));
    Path fromSystemd = Files.createDirectories(work.resolve("reports-systemd"));

    Files.writeString(app.resolve("reports-to"), fromForeman.toString());
    Process run = Processes.command(foreman.toString(), "start", "-f", "Procfile", "-e", ".env", "-m", FORMATION,
            "-p", "7000")
        .in(app).clearEnv().env("PATH", "/usr/local/bin:/usr/bin:/bin").env("HOME", work.toString())
        .env("LANG", "C.UTF-8").start(work.resolve("foreman.log"));
    Map<Integer, Map<String, Object>> expected;
    try {
      expected = await(fromForeman, work.resolve("foreman.log"));
    } finally {
      Processes.stop(run, Duration.ofSeconds(10));
    }

    Result imported = procgen("import", app.resolve("Procfile").toString(), "--env", app.resolve(".env").toString(),
        "--formation", FORMATION, "--port", "7000", "--app", "shop");
    assertEquals(0, imported.exit, imported.err);
    assertTrue(imported.out.lines().anyMatch(l -> l.startsWith("#") && l.contains("PS") && l.contains("web.2")),
        "the header names PS:\n" + imported.out);
    assertTrue(imported.out.lines().anyMatch(l -> l.startsWith("#") && l.contains("zero")), imported.out);
    Path descriptor = Files.writeString(work.resolve("shop.yaml"), imported.out);
    Path out = work.resolve("out");
    Cli.renderOnDisk(descriptor.toString(), "--target", "systemd", "--out", out.toString());
    Path units = Files.createDirectories(work.resolve("units"));
    List<String> services;
    try (Stream<Path> s = Files.list(out.resolve("systemd"))) {
      List<Path> files = s.sorted().toList();
      for (Path p : files) {
        Files.copy(p, units.resolve(p.getFileName().toString()));
      }
      services = files.stream().map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".service")).toList();
    }
    assertTrue(services.contains("shop-web@.service"), services.toString());

    Files.writeString(app.resolve("reports-to"), fromSystemd.toString());
    Map<Integer, Map<String, Object>> actual;
    try (LiveSystemd systemd = LiveSystemd.boot(work, units)) {
      // The app's target starts every instance of every process, as the bootstrap script does.
      systemd.systemctl("start", "--no-block", "shop.target");
      actual = await(fromSystemd, work.resolve("systemd.console"));
    }

    Set<String> fromDotEnv = new TreeSet<>(List.of("APP_NAME", "GREETING", "SPACED", "QUOTED_DQ", "SINGLE", "BACKSLASH",
        "PERCENT", "UNICODE", "TRAILING", "EMPTY", "URL", "PORT"));
    for (int port : PORTS) {
      Map<String, Object> f = expected.get(port);
      Map<String, Object> s = actual.get(port);
      assertEquals(f.get("argv"), s.get("argv"), "argv of the instance on port " + port);
      assertEquals(f.get("cwd"), s.get("cwd"), "working directory of the instance on port " + port);
      Map<String, String> fe = env(f);
      Map<String, String> se = env(s);
      assertEquals(Integer.toString(port), fe.get("PORT"));
      for (String name : fromDotEnv) {
        assertTrue(se.containsKey(name), name + " on port " + port);
        assertEquals(fe.get(name), se.get(name), name + " on port " + port);
      }
      assertFalse(fe.containsKey("NOT_LOADED"));
      assertTrue(String.valueOf(fe.get("PS")).matches("(web|worker|clock|single)\\.[12]"), String.valueOf(fe.get("PS")));
      fe.keySet().removeAll(EXCLUDED);
      se.keySet().removeAll(EXCLUDED);
      assertEquals(fe, se, "environment of the instance on port " + port + ", without " + EXCLUDED);
    }
    // The values foreman's rules give, so that agreeing on a wrong reading cannot pass.
    assertEquals("say \"hi\" to C:\\dir", env(expected.get(7200)).get("QUOTED_DQ"));
    assertEquals("a\\\\b", env(expected.get(7200)).get("BACKSLASH"));
    assertEquals("value with trailing   ", env(expected.get(7200)).get("TRAILING"));
    assertEquals(List.of("./dump.py", "web", "--port=7001", "--name=shop", "7001AL"), expected.get(7001).get("argv"));
    assertEquals(List.of("dump.py", "single.1", "50%", "%i", "é", "中", "☃", "end"), expected.get(7300).get("argv"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> env(Map<String, Object> report) {
    return new TreeMap<>((Map<String, String>) report.get("env"));
  }

  /** Waits up to 60 s for a report from every port, and reads them. */
  private static Map<Integer, Map<String, Object>> await(Path reports, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      boolean all = PORTS.stream().allMatch(p -> Files.exists(reports.resolve(p + ".json")));
      if (all) {
        Map<Integer, Map<String, Object>> read = new TreeMap<>();
        for (int port : PORTS) {
          // JSON is YAML, and SnakeYAML is already on the class path.
          Map<String, Object> r = new org.yaml.snakeyaml.Yaml().load(Files.readString(reports.resolve(port + ".json")));
          read.put(port, r);
        }
        try (Stream<Path> s = Files.list(reports)) {
          assertEquals(PORTS.size(), s.count(), "reports in " + reports + ": no instance beyond the formation's");
        }
        return read;
      }
      Thread.sleep(100);
    }
    fail("not every instance reported in " + reports + ": " + (Files.exists(log) ? Files.readString(log) : ""));
    return Map.of();
  }

  private record Result(int exit, String out, String err) {}

  /** Runs procgen on the real file system. */
  private static Result procgen(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(FileSystems.getDefault(), o, e, args);
    }
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
