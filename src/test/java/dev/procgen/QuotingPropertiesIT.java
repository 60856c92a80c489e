package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.targets.ShellQuoting;
import dev.procgen.targets.SupervisorQuoting;
import dev.procgen.targets.UpstartQuoting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property tests: every escaper round-trips arbitrary strings through the real parser of its
 * format (bash; supervisord's own config code; sh and the Upstart tokenizer written from init(5)).
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

  private static Path parser;

  @BeforeContainer
  static void writeParser() throws IOException {
    parser = Files.createTempFile("procgen-supervisor-parse", ".py");
    try (InputStream in = QuotingPropertiesIT.class.getResourceAsStream("/supervisor_parse.py")) {
      Files.write(parser, in.readAllBytes());
    }
  }

  @net.jqwik.api.lifecycle.AfterContainer
  static void removeParser() throws IOException {
    Files.deleteIfExists(parser);
  }

  private static List<String> parseSupervisor(String program) throws Exception {
    Tools.require("/usr/bin/python3", "Debian's python3");
    if (run(List.of("/usr/bin/python3", "-c", "import supervisor"), 0) == null) {
      Tools.unavailable("the supervisor Python package is missing (Debian package supervisor)");
    }
    Path dir = Files.createTempDirectory("procgen-sv");
    try {
      Path conf = dir.resolve("supervisord.conf");
      Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\npidfile=" + dir.resolve("s.pid")
          + "\n\n" + program);
      return split(run(List.of("/usr/bin/python3", parser.toString(), conf.toString()), null));
    } finally {
      try (var s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Property(tries = 100)
  void supervisorCommandWordsRoundTripThroughSupervisord(@ForAll("anyStrings") List<String> values) throws Exception {
    List<String> words = values.stream().filter(v -> noControl(v, true)).toList();
    StringBuilder command = new StringBuilder("/bin/echo");
    words.forEach(w -> command.append(' ').append(SupervisorQuoting.commandWord(w)));
    List<String> parsed = parseSupervisor("[program:p]\ncommand=" + command + "\n");
    List<String> expected = new ArrayList<>(List.of("P", "p", "A", "/bin/echo"));
    words.forEach(w -> expected.addAll(List.of("A", w)));
    assertEquals(expected, parsed);
  }

  @Property(tries = 100)
  void supervisorEnvironmentValuesRoundTripOrAreRouted(@ForAll("anyStrings") List<String> values) throws Exception {
    Map<String, String> carried = new LinkedHashMap<>();
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      Optional<String> quoted = SupervisorQuoting.environmentValue(v);
      if (quoted.isPresent()) {
        String key = String.format("K%02d", i);
        carried.put(key, v);
        pairs.add(key + "=" + quoted.get());
      } else {
        // What environment= cannot carry must at least be carried by a command word.
        assertTrue(noControl(v, false) || !noControl(v, true) || v.contains("\t"), v);
      }
    }
    String program = "[program:p]\ncommand=/bin/true\n" + (pairs.isEmpty() ? "" : "environment=" + String.join(",", pairs) + "\n");
    List<String> parsed = parseSupervisor(program);
    List<String> expected = new ArrayList<>(List.of("P", "p", "A", "/bin/true"));
    new java.util.TreeMap<>(carried).forEach((k, v) -> expected.addAll(List.of("E", k + "=" + v)));
    assertEquals(expected, parsed);
  }

  // ---- Upstart ----

  @Property(tries = 500)
  void upstartStringsRoundTripThroughTheTokenizer(@ForAll("anyStrings") List<String> values) {
    for (String v : values) {
      if (!UpstartQuoting.canCarry(v)) {
        continue;
      }
      String line = "description " + UpstartQuoting.string(v);
      assertEquals(List.of("description", v), UpstartTokenizer.tokens(line), line);
    }
  }

  @Property(tries = 100)
  void upstartExecWordsReachTheCommandExactly(@ForAll("anyStrings") List<String> values) throws Exception {
    for (String v : values) {
      if (v.isEmpty() || !UpstartQuoting.canCarryExecWord(v)) {
        continue;
      }
      String command = UpstartQuoting.execWord(v);
      String line = "exec " + command;
      assertEquals(line, UpstartTokenizer.stripComment(line), "no part of the word may be read as a comment");
      if (UpstartTokenizer.usesShell(command)) {
        // Upstart runs: /bin/sh -e -c "exec <command>"; print the argv sh builds instead.
        List<String> argv = split(run(List.of("/bin/sh", "-e", "-c", "printf '%s\\0' " + command), null));
        assertEquals(List.of(v), argv, line);
      } else {
        assertFalse(command.contains(" ") || command.contains("\t"), line);
        assertEquals(List.of("exec", v), UpstartTokenizer.tokens(line), line);
      }
    }
  }

  // ---- helpers ----

  /** Runs a command; returns stdout, or null if it failed and {@code okExit} is given. */
  private static String run(List<String> command, Integer okExit) throws Exception {
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
