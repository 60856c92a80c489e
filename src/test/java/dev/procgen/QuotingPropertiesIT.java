package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.targets.ShellQuoting;
import dev.procgen.targets.SupervisorQuoting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Property tests: every escaper round-trips arbitrary strings through the real parser of its
 * format (bash; supervisord's own config code; sh). Upstart's is in UpstartQuotingIT, against Upstart itself.
 */
class QuotingPropertiesIT {
  private static final String HOSTILE_CHARS = " \t'\"$`\\%;#&|<>*?!~{}[]()=,.:/-_@+^aZ09é中\u00a0";

  @Provide
  Arbitrary<List<String>> anyStrings() {
    Arbitrary<String> hostile = Arbitraries.strings().withChars(HOSTILE_CHARS.toCharArray()).ofMaxLength(12);
    Arbitrary<String> wide = Arbitraries.strings().withCharRange('\u0001', '\ud7ff').ofMaxLength(12);
    Arbitrary<String> patterns = Arbitraries.of("%(here)s", "x ;y", "a #b", "%%", "$$", "\"x\"", "'y'", "", " ", ";", "\\", "%i", "🚀");
    return Arbitraries.oneOf(hostile, wide, patterns).list().ofMaxSize(25);
  }

  private static boolean noControl(String s, boolean tabAllowed) {
    return s.chars().noneMatch(c -> (c < 0x20 && !(tabAllowed && c == '\t')) || c == 0x7f);
  }

  // ---- bash ----

  @Property(tries = 150)
  void bashQuotingRoundTripsThroughBash(@ForAll("anyStrings") List<String> values) throws Exception {
    Tools.require("bash", "bash");
    // A first word that is always there: printf with no arguments would still print once.
    StringBuilder script = new StringBuilder("printf '%s\\0' first");
    values.forEach(v -> script.append(' ').append(ShellQuoting.quote(v)));
    List<String> printed = split(run(List.of("bash", "-c", script.toString() + "\n"), null));
    List<String> expected = new ArrayList<>(List.of("first"));
    expected.addAll(values);
    assertEquals(expected, printed);
  }

  // ---- supervisord ----
  //
  // Starting python3 and importing supervisor takes a third of a second, so the supervisord
  // properties do not parse in each try: each try adds its config to a batch, and after the
  // property one python3 run parses the whole batch with supervisor's own code and every try's
  // expectation is checked against its result.

  private static Path parser;
  private static SupervisorBatch batch;

  @BeforeContainer
  static void writeParser() throws IOException {
    parser = Files.createTempFile("procgen-supervisor-parse", ".py");
    try (InputStream in = QuotingPropertiesIT.class.getResourceAsStream("/supervisor_parse.py")) {
      Files.write(parser, in.readAllBytes());
    }
  }

  @AfterContainer
  static void removeParser() throws IOException {
    Files.deleteIfExists(parser);
  }

  @BeforeProperty
  void newBatch() throws IOException {
    batch = new SupervisorBatch(parser);
  }

  @AfterProperty
  void parseAndCheckTheBatch() throws IOException {
    try {
      batch.parseAndCheck();
    } finally {
      batch.delete();
      batch = null;
    }
  }

  @Property(tries = 300)
  void supervisorCommandWordsRoundTripThroughSupervisord(@ForAll("anyStrings") List<String> values) throws Exception {
    List<String> words = values.stream().filter(v -> noControl(v, true)).toList();
    StringBuilder command = new StringBuilder("/bin/echo");
    words.forEach(w -> command.append(' ').append(SupervisorQuoting.commandWord(w)));
    List<String> expected = new ArrayList<>(List.of("P", "p", "A", "/bin/echo"));
    words.forEach(w -> expected.addAll(List.of("A", w)));
    batch.add("words " + escape(words), "[program:p]\ncommand=" + command + "\n", parsed -> assertEquals(expected, parsed));
  }

  /**
   * Renders a descriptor whose environment holds the values with the real supervisor target. A
   * value with a control character must be refused, naming its key. Every other value must
   * reach the program exactly: supervisord's own parser reads it from {@code environment=}, or
   * it is one of the {@code NAME=value} words that {@code /usr/bin/env} (env(1)) sets before it
   * runs the command, for the values {@code environment=} cannot carry. Over the property, both
   * paths must have been taken.
   */
  @Property(tries = 200)
  void supervisorEnvironmentValuesReachTheProgramThroughEnvironmentOrEnv(@ForAll("anyStrings") List<String> values)
      throws Exception {
    Map<String, String> carried = new TreeMap<>();
    Map<String, String> refused = new TreeMap<>();
    for (int i = 0; i < values.size(); i++) {
      (noControl(values.get(i), true) ? carried : refused).put(String.format("K%02d", i), values.get(i));
    }
    try (Cli cli = new Cli()) {
      if (!refused.isEmpty()) {
        cli.put("refused.yaml", descriptor(refused, batch.dir));
        Cli.Result r = cli.run("render", "refused.yaml", "--target", "supervisor");
        assertEquals(1, r.exit(), "values with control characters must be refused: " + escape(refused.values()));
        for (String key : refused.keySet()) {
          assertTrue(r.err().contains("environment." + key + ": expected a value without control characters for the supervisor target"),
              r.err());
        }
      }
      cli.put("p.yaml", descriptor(carried, batch.dir));
      Cli.Result r = cli.run("render", "p.yaml", "--target", "supervisor", "--out", "out");
      assertEquals(0, r.exit(), () -> r.err() + " for " + escape(carried.values()));
      String program = cli.tree("/work/out/supervisor").get("conf.d/p.conf");
      batch.expectPaths("environment=", "env(1)");
      batch.add("environment " + escape(carried.values()), program, parsed -> {
        Map<String, String> viaEnvironment = new TreeMap<>();
        List<String> argv = new ArrayList<>();
        for (int i = 0; i + 1 < parsed.size(); i += 2) {
          if (parsed.get(i).equals("E")) {
            put(viaEnvironment, parsed.get(i + 1), "environment=");
          } else if (parsed.get(i).equals("A")) {
            argv.add(parsed.get(i + 1));
          }
        }
        // env(1) sets each leading NAME=value word, then runs the rest.
        Map<String, String> viaEnv = new TreeMap<>();
        int command = 0;
        if (!argv.isEmpty() && argv.get(0).equals("/usr/bin/env")) {
          for (command = 1; command < argv.size() && argv.get(command).matches("(?s)K[0-9]{2}=.*"); command++) {
            put(viaEnv, argv.get(command), "env(1)");
          }
        }
        assertEquals(List.of("/bin/true"), argv.subList(command, argv.size()), "the command after the environment words");
        Map<String, String> received = new TreeMap<>(viaEnvironment);
        viaEnv.forEach((k, v) -> assertNull(received.put(k, v), k + " is set both by environment= and by env(1)"));
        assertEquals(carried, received, "the environment the program gets");
        batch.took("environment=", viaEnvironment.size());
        batch.took("env(1)", viaEnv.size());
      });
    }
  }

  private static void put(Map<String, String> env, String assignment, String path) {
    int eq = assignment.indexOf('=');
    assertNull(env.put(assignment.substring(0, eq), assignment.substring(eq + 1)), path + " sets " + assignment + " twice");
  }

  /** A descriptor with {@code env}; supervisord's parser wants the log folder to exist. */
  private static String descriptor(Map<String, String> env, Path logDir) {
    StringBuilder y = new StringBuilder("app: p\nlog:\n  dir: " + logDir + "\nprocesses:\n  web:\n    command: /bin/true\n");
    if (!env.isEmpty()) {
      y.append("environment:\n");
      env.forEach((k, v) -> y.append("  ").append(k).append(": ").append(RunScriptIT.yamlDoubleQuoted(v)).append('\n'));
    }
    return y.toString();
  }

  /** Configs to parse in one python3 run, each with the check of its result. */
  private static final class SupervisorBatch {
    private final Path parser;
    final Path dir;
    private final List<String> labels = new ArrayList<>();
    private final List<Consumer<List<String>>> checks = new ArrayList<>();
    /** Values that went each way, by way; a way named by {@link #expectPaths} must have been taken. */
    private final Map<String, Integer> paths = new TreeMap<>();

    SupervisorBatch(Path parser) throws IOException {
      this.parser = parser;
      this.dir = Files.createTempDirectory("procgen-sv");
    }

    /** Requires that, over the batch, each of {@code names} carries a value at least once. */
    void expectPaths(String... names) {
      for (String name : names) {
        paths.putIfAbsent(name, 0);
      }
    }

    /** Counts {@code values} values carried the way {@code name}. */
    void took(String name, int values) {
      paths.merge(name, values, Integer::sum);
    }

    /** Adds a program config; {@code check} gets the parser's fields for it: P name, A word..., E NAME=value.... */
    void add(String label, String program, Consumer<List<String>> check) throws IOException {
      Path conf = dir.resolve(String.format("%05d.conf", labels.size()));
      Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\npidfile=" + dir.resolve("s.pid")
          + "\n\n" + program);
      labels.add(label);
      checks.add(check);
    }

    void parseAndCheck() {
      if (labels.isEmpty()) {
        return;
      }
      Tools.require("/usr/bin/python3", "Debian's python3");
      if (run(List.of("/usr/bin/python3", "-c", "import supervisor"), 0) == null) {
        Tools.unavailable("the supervisor Python package is missing (Debian package supervisor)");
      }
      List<String> out = split(run(List.of("/usr/bin/python3", parser.toString(), dir.toString()), null));
      // The output is F <file> then that file's fields, for every file in name order.
      Map<String, List<String>> results = new TreeMap<>();
      List<String> current = null;
      for (int i = 0; i + 1 < out.size(); i += 2) {
        if (out.get(i).equals("F")) {
          current = new ArrayList<>();
          results.put(out.get(i + 1), current);
        } else {
          current.add(out.get(i));
          current.add(out.get(i + 1));
        }
      }
      assertEquals(labels.size(), results.size(), "one result per config");
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < labels.size(); i++) {
        List<String> parsed = results.get(String.format("%05d.conf", i));
        try {
          assertFalse(parsed.size() >= 2 && parsed.get(0).equals("X"), () -> "supervisord refused the config: " + parsed.get(1));
          checks.get(i).accept(parsed);
        } catch (AssertionError e) {
          failures.add("try " + (i + 1) + ", " + labels.get(i) + ": " + e.getMessage());
        }
      }
      assertTrue(failures.isEmpty(), failures.size() + " of " + labels.size() + " tries failed:\n" + String.join("\n", failures));
      paths.forEach((name, count) -> assertTrue(count > 0, "no value went through " + name + " in " + labels.size() + " tries"));
      System.out.println("supervisord's parser read " + labels.size() + " configs in one python3 run; values by way: " + paths);
    }

    void delete() throws IOException {
      try (var s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Shows strings as Java literals, so that a failure names the exact values. */
  private static String escape(java.util.Collection<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (String v : values) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append('"');
      for (char c : v.toCharArray()) {
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c < 0x20 || c >= 0x7f) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
      sb.append('"');
    }
    return sb.append(']').toString();
  }

  // ---- Upstart ----
  //
  // Upstart's quoting is checked against the real Upstart 1.13.2 in UpstartQuotingIT. A tokenizer
  // written here from init(5) agreed with UpstartQuoting on every try, while the real libnih
  // kept the backslash of \" and lost the blank before it.

  // ---- helpers ----

  /** Runs a command; returns stdout, or null if it failed and {@code okExit} is given. */
  private static String run(List<String> command, Integer okExit) {
    Processes.Result r = Processes.command(command).run();
    if (r.exit() != 0) {
      if (okExit != null) {
        return null;
      }
      throw new AssertionError(command.get(0) + " failed: " + r.err());
    }
    return r.out();
  }

  private static List<String> split(String nulSeparated) {
    if (nulSeparated.isEmpty()) {
      return List.of();
    }
    String[] parts = nulSeparated.split("\0", -1);
    return new ArrayList<>(List.of(parts).subList(0, parts.length - 1));
  }
}
