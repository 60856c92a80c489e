package dev.procgen.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.procgen.Golden;
import dev.procgen.diagnostic.DescriptorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The descriptor's JSON Schema (schema/procgen-descriptor.schema.json, as the build packages it)
 * agrees with procgen's validator: every valid golden descriptor passes it, every invalid golden
 * case with an error about a key, a type, a range, an enum or a pattern fails it, and so do the
 * values a table probes at each key's boundaries.
 *
 * <p>A descriptor reaches the schema the way procgen reads it: composed by {@link
 * DescriptorParser} (SnakeYAML's YAML 1.1 resolver), then each scalar turned into JSON by
 * procgen's typing, not SnakeYAML's constructors. A plain decimal YAML integer ({@code 8000}) is a
 * JSON number, null ({@code ~} or nothing) is JSON null, and every other scalar is the string as
 * written: {@code yes}, {@code 1.5}, {@code 0x10}, {@code 017} and {@code "8000"} are strings, as
 * procgen takes them (a number key refuses them; a text key takes them as written). An editor that
 * reads YAML 1.2 types {@code 0x10} as a number; only procgen refuses it there.
 */
class SchemaAgreementTest {
  private static final Schema SCHEMA = loadSchema();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");

  /** One error line of a golden case's expected/stderr.txt: the descriptor, then the message. */
  private static final Pattern ERROR_LINE =
      Pattern.compile("^(?<file>[^:\\s]+\\.yaml)(?::\\d+:\\d+)?: error: (?<message>.*)$");

  /** What an error line is about: the schema must encode it, or only procgen can check it. */
  private enum Kind { SCHEMA, PROCGEN_ONLY }

  private record Rule(Kind kind, Pattern message, String why) {}

  private static Rule schema(String regex, String why) {
    return new Rule(Kind.SCHEMA, Pattern.compile(regex), why);
  }

  private static Rule procgenOnly(String regex, String why) {
    return new Rule(Kind.PROCGEN_ONLY, Pattern.compile(regex), why);
  }

  /**
   * Every kind of error message the validator writes, by its wording, in order: the first rule
   * that finds its pattern in a message decides. A message that no rule knows fails the test, so a
   * new kind of error must be classified here before the golden cases can hold it.
   */
  private static final List<Rule> RULES = List.of(
      // YAML itself, before any key is read.
      procgenOnly("^YAML syntax: ", "YAML syntax"),
      procgenOnly("^expected at most \\d+ aliases", "an alias bomb: a YAML limit"),
      procgenOnly("^expected lists and mappings nested at most", "nesting depth: a YAML limit"),
      procgenOnly("^cannot read the descriptor: expected UTF-8", "bytes that are not UTF-8"),
      procgenOnly("^expected text YAML may hold", "a raw control character that YAML refuses"),
      procgenOnly(": expected plain YAML values .*found the tag", "a YAML tag"),
      procgenOnly(": expected plain keys, found the YAML merge key", "a YAML merge key"),
      procgenOnly(": expected each key once", "a duplicate key, which a JSON object cannot hold"),
      procgenOnly(": expected valid Unicode text", "a lone surrogate, which JSON Schema cannot see"),
      // Rules between keys and descriptors that the schema leaves to procgen.
      procgenOnly(": expected port \\+ instances - 1 <= 65535", "arithmetic between two keys"),
      procgenOnly(": expected a name that environment does not set", "secrets against environment"),
      procgenOnly("^environment\\.PORT: expected no PORT", "environment against the processes' ports"),
      procgenOnly("^proxy(\\.process)?: expected (one of the processes|a process with a port or bind|the process to proxy to)",
          "proxy.process against the processes"),
      procgenOnly("^proxy\\.listen: expected a port that no instance", "proxy.listen against the processes' ports"),
      procgenOnly(": expected names that no other process or app of this run generates", "names that collide across a run"),
      procgenOnly(": expected a name that generates no unit or job the host already has", "names the host already has"),
      procgenOnly(": expected plain shell words with no shell features", "the shell syntax of a command string"),
      procgenOnly(": expected a program to run as the first word, found the assignment",
          "a NAME=value word, which a command string hides behind shell quoting (the schema checks a list's first word)"),
      procgenOnly(": expected a program to run as the first word, found an empty word",
          "an empty first word, which a command string hides behind shell quoting (the schema checks a list's)"),
      // The host's folders and the kernel's limits.
      procgenOnly(": expected a folder of the app's own", "a system folder or a kernel-managed tree of the host"),
      procgenOnly(": expected a socket in a folder of the app's own", "a socket below a kernel-managed tree"),
      procgenOnly("^app: expected a name whose default log\\.dir", "an app whose default log.dir is a system folder"),
      procgenOnly(": expected a unix socket path of at most 107 bytes", "a byte length in UTF-8"),
      // What one target refuses.
      procgenOnly(" for the [a-z, ]+ targets?\\b", "a value one target cannot carry"),
      procgenOnly(": expected a path whose socket .* has at most", "supervisord's socket length"),
      // Keys, types, ranges, enums and patterns: the schema's own.
      schema(": expected one of [^,]+(, [^,]+)*, found unknown key ", "an unknown key"),
      schema("\\(the key is required\\)", "a required key"),
      schema(": expected an? (app )?name matching \\[a-z\\]", "the name pattern"),
      schema(": expected an account name by useradd's rules", "the account pattern"),
      schema(": expected a variable name matching", "the variable name pattern"),
      schema(": expected a name other than PATH, VIRTUAL_ENV, PORT", "a variable procgen sets"),
      schema(": expected each name once", "uniqueItems"),
      schema(": expected an absolute path with no", "the path pattern"),
      schema(": expected a path without ':'", "the virtualenv pattern"),
      schema(": expected the path of a file, which does not end in '/'", "the file path pattern"),
      schema(": expected a mapping, found", "a type"),
      schema(": expected a single value, found", "a type"),
      schema(": expected a string \\(write '' for an empty value\\)", "a type"),
      schema(": expected the command as shell words or a list of words, found", "a type"),
      schema(": expected every (word|server name) to be a string", "a type"),
      schema(": expected a (number|port number|port)\\b.*? from -?\\d+ to \\d+", "a range"),
      schema(": expected a size in bytes from", "a size's pattern and range"),
      schema(": expected (none or )?one of [A-Za-z0-9, ]+( \\(a signal name|, found)", "an enum"),
      schema(": expected no (size|keep) when .*\\.by is none", "if by is none then no size or keep"),
      schema(": expected only with a server preset", "workers and bind need a server"),
      schema(": expected only with a port or bind", "health needs a port, bind or server"),
      schema(": expected \\{port\\} only when", "{port} needs a port"),
      schema("\\.port: expected a first port for \\d+ instances", "several instances of a server need a port"),
      schema(": expected an address with \\{port\\}", "several instances need {port} in bind"),
      schema(": expected unix: followed by", "the bind pattern"),
      schema(": expected host:port", "the bind pattern"),
      schema("^proxy\\.listen: expected a port \\(1-65535\\) or address:port", "the listen pattern"),
      schema("^proxy\\.server_name: expected", "the server name pattern"),
      schema(": expected the path of a URL", "the health pattern"),
      schema(": expected one line of text without control characters", "the text pattern"),
      schema(": expected (a value|words) without NUL characters", "the NUL pattern"),
      schema(": expected at least one process", "minProperties"));

  /**
   * The invalid golden cases whose every error is one that only procgen checks, each with why. A
   * case here that has an error the schema encodes, or such a case missing here, fails the test.
   */
  private static final Map<String, String> PROCGEN_ONLY_CASES = Map.ofEntries(
      Map.entry("invalid-alias-bomb", "an alias bomb: SnakeYAML's alias limit"),
      Map.entry("invalid-custom-tag", "a global tag SnakeYAML refuses: YAML syntax"),
      Map.entry("invalid-deep-nesting", "nesting deeper than 32: a YAML limit"),
      Map.entry("invalid-desc-assignment-words", "NAME=value before the program, mostly inside command strings (shell words)"),
      Map.entry("invalid-desc-socket-path", "socket paths over 107 bytes in UTF-8"),
      Map.entry("invalid-desc-tags", "YAML tags and merge keys"),
      Map.entry("invalid-desc-target-words", "control characters that a target (systemd, supervisord) refuses"),
      Map.entry("invalid-duplicate-key", "a duplicate key"),
      Map.entry("invalid-host-default-log-dir", "an app whose default log.dir is a system folder"),
      Map.entry("invalid-host-system-folders", "the host's system folders"),
      Map.entry("invalid-name-collisions", "names that collide across the descriptors of one run"),
      Map.entry("invalid-red2-managed-trees", "folders below trees the kernel, the boot loader or logind manage"),
      Map.entry("invalid-red2-not-utf8", "bytes that are not UTF-8"),
      Map.entry("invalid-red2-raw-control", "a raw control character YAML refuses"),
      Map.entry("invalid-reserved-names", "names the host already has"),
      Map.entry("invalid-supervisor-home", "what the supervisor target refuses"),
      Map.entry("invalid-supervisor-program", "program paths the systemd and supervisor targets refuse"),
      Map.entry("invalid-supervisor-socket", "supervisord's socket path length"),
      Map.entry("invalid-systemd-values", "values the systemd target refuses, and NAME_MAX"),
      Map.entry("invalid-target-refusal", "environment values the systemd and supervisor targets refuse"),
      Map.entry("invalid-yaml-syntax", "YAML syntax"));

  private static Schema loadSchema() {
    try (InputStream in = SchemaAgreementTest.class.getResourceAsStream("/schema/procgen-descriptor.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("schema/procgen-descriptor.schema.json is not on the classpath");
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Turns a composed descriptor into JSON by procgen's typing of scalars (see the class comment). */
  static JsonNode json(Node node) {
    if (node instanceof MappingNode m) {
      ObjectNode object = JSON.objectNode();
      for (NodeTuple t : m.getValue()) {
        object.set(((ScalarNode) t.getKeyNode()).getValue(), json(t.getValueNode()));
      }
      return object;
    }
    if (node instanceof SequenceNode s) {
      ArrayNode array = JSON.arrayNode();
      s.getValue().forEach(item -> array.add(json(item)));
      return array;
    }
    ScalarNode scalar = (ScalarNode) node;
    if (scalar.getTag().equals(Tag.NULL)) {
      return JSON.nullNode();
    }
    if (scalar.getTag().equals(Tag.INT) && DECIMAL.matcher(scalar.getValue()).matches()) {
      return JSON.numberNode(new BigInteger(scalar.getValue()));
    }
    return JSON.stringNode(scalar.getValue());
  }

  /** The schema's errors for a descriptor's text, each as "dotted.location: message". */
  static List<String> schemaErrors(String text) throws DescriptorException {
    List<String> errors = new ArrayList<>();
    for (Error e : SCHEMA.validate(json(DescriptorParser.parse("app.yaml", text)))) {
      errors.add(dotted(e) + ": " + e.getMessage());
    }
    return errors;
  }

  /** The validator's verdict: its error messages, none when the descriptor is valid. */
  static List<String> validatorErrors(String text) {
    try {
      DescriptorValidator.load("app.yaml", text);
      return List.of();
    } catch (DescriptorException e) {
      return e.diagnostics().stream().map(d -> d.message()).toList();
    }
  }

  /** An error's instance location as procgen names keys: processes.web.port, secrets[1]. */
  private static String dotted(Error e) {
    var path = e.getInstanceLocation();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      if (element instanceof Integer index) {
        sb.append('[').append(index).append(']');
      } else {
        sb.append(sb.length() == 0 ? "" : ".").append(element);
      }
    }
    return sb.toString();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyValidGoldenDescriptorPassesTheSchema() {
    return Golden.cases().stream().filter(c -> !Golden.isInvalid(c))
        .flatMap(c -> Golden.descriptors(c).stream())
        .map(d -> DynamicTest.dynamicTest(d.getParent().getFileName() + "/" + d.getFileName(), () -> {
          String text = read(d);
          assertEquals(List.of(), validatorErrors(text), "procgen itself refuses " + d);
          assertEquals(List.of(), schemaErrors(text), "the schema refuses the valid descriptor " + d);
        }));
  }

  /** One error line of a case, with the rule that classifies it. */
  private record Line(String file, String message, Rule rule) {
    String key() {
      int colon = message.indexOf(": ");
      return colon < 0 ? "" : message.substring(0, colon);
    }
  }

  private static List<Line> lines(Path caseDir) {
    List<Line> lines = new ArrayList<>();
    for (String line : read(caseDir.resolve("expected/stderr.txt")).split("\n")) {
      Matcher m = ERROR_LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String message = m.group("message");
      Rule rule = RULES.stream().filter(r -> r.message().matcher(message).find()).findFirst()
          .orElseThrow(() -> new AssertionError(caseDir.getFileName() + ": no rule of SchemaAgreementTest.RULES "
              + "classifies the error '" + message + "'; say whether the schema encodes it"));
      lines.add(new Line(m.group("file"), message, rule));
    }
    return lines;
  }

  @TestFactory
  Stream<DynamicTest> everyInvalidGoldenCaseAboutAKeyTypeOrRangeFailsTheSchema() {
    return Golden.cases().stream().filter(Golden::isInvalid)
        .map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> {
          String name = c.getFileName().toString();
          List<Line> lines = lines(c);
          assertFalse(lines.isEmpty(), name + ": expected/stderr.txt holds no error line");
          List<Line> schemaLines = lines.stream().filter(l -> l.rule().kind() == Kind.SCHEMA).toList();
          if (schemaLines.isEmpty()) {
            assertTrue(PROCGEN_ONLY_CASES.containsKey(name), name + ": every error is one only procgen checks ("
                + lines.stream().map(l -> l.rule().why()).distinct().toList()
                + "); list the case in PROCGEN_ONLY_CASES with the reason");
            return;
          }
          assertFalse(PROCGEN_ONLY_CASES.containsKey(name), name + " is listed in PROCGEN_ONLY_CASES, but these of "
              + "its errors are the schema's: " + schemaLines.stream().map(Line::message).toList());
          Map<String, List<String>> errorsByFile = new LinkedHashMap<>();
          for (Line line : schemaLines) {
            List<String> errors = errorsByFile.computeIfAbsent(line.file(), f -> {
              try {
                return schemaErrors(read(c.resolve(f)));
              } catch (DescriptorException e) {
                throw new AssertionError(name + "/" + f + " does not parse, but has errors about keys", e);
              }
            });
            assertTrue(errors.stream().anyMatch(e -> near(location(e), line.key())),
                name + "/" + line.file() + ": the schema finds nothing at or around " + line.key() + " for '"
                    + line.message() + "' (" + line.rule().why() + "); its errors: " + errors);
          }
        }));
  }

  @Test
  void everyListedProcgenOnlyCaseExists() {
    Set<String> cases = new TreeSet<>();
    Golden.cases().forEach(c -> cases.add(c.getFileName().toString()));
    Set<String> stale = new TreeSet<>(PROCGEN_ONLY_CASES.keySet());
    stale.removeAll(cases);
    assertEquals(Set.of(), stale, "PROCGEN_ONLY_CASES lists cases that golden/ no longer has");
  }

  private static String location(String error) {
    return error.substring(0, error.indexOf(": "));
  }

  /**
   * True when a schema error at {@code location} is about the key the validator named: the key
   * itself, something inside it, or a mapping that holds it (where JSON Schema reports an unknown or
   * missing key, or a rule between keys). The root counts only for a top-level key.
   */
  static boolean near(String location, String key) {
    if (location.equals(key) || location.startsWith(key + ".") || location.startsWith(key + "[")) {
      return true;
    }
    if (location.isEmpty()) {
      return !key.contains(".") && !key.contains("[");
    }
    return key.startsWith(location + ".") || key.startsWith(location + "[");
  }

  @Test
  void theLocationCheckTellsKeysApart() {
    assertTrue(near("processes.web.port", "processes.web.port"));
    assertTrue(near("processes.web", "processes.web.workers"));
    assertTrue(near("", "enviroment"));
    assertFalse(near("", "processes.web.port"));
    assertFalse(near("processes.api", "processes.web.port"));
    assertFalse(near("processes.web.port", "processes.web.workers"));
  }

  // ---- Probes: values at and past each key's limits, the validator's verdict against the schema's.

  /** A descriptor that both accept, which each probe changes at one key or a few. */
  private static Map<String, Object> base() {
    Map<String, Object> web = new LinkedHashMap<>();
    web.put("command", "[gunicorn, shop.wsgi]");
    web.put("server", "gunicorn");
    web.put("port", "9000");
    Map<String, Object> plain = new LinkedHashMap<>();
    plain.put("command", "/srv/shop/bin/worker --queue=mail");
    Map<String, Object> processes = new LinkedHashMap<>();
    processes.put("web", web);
    processes.put("plain", plain);
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("dir", "/srv/shop/log");
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("app", "shop");
    root.put("log", log);
    root.put("processes", processes);
    return root;
  }

  /** Sets {@code dotted} (keys split at '.') to the YAML text {@code value}, creating mappings on the way. */
  @SuppressWarnings("unchecked")
  private static void set(Map<String, Object> root, String dotted, String value) {
    String[] keys = dotted.split("\\.");
    Map<String, Object> map = root;
    for (int i = 0; i < keys.length - 1; i++) {
      Object next = map.get(keys[i]);
      if (!(next instanceof Map)) {
        next = new LinkedHashMap<String, Object>();
        map.put(keys[i], next);
      }
      map = (Map<String, Object>) next;
    }
    map.put(keys[keys.length - 1], value);
  }

  @SuppressWarnings("unchecked")
  private static void emit(StringBuilder sb, Map<String, Object> map, String indent) {
    for (Map.Entry<String, Object> e : map.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> m) {
        sb.append(indent).append(e.getKey()).append(":\n");
        emit(sb, (Map<String, Object>) m, indent + "  ");
      } else {
        sb.append(indent).append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
    }
  }

  /** The base descriptor with each {@code key=value} pair of {@code change} set (pairs split at " && "). */
  static String descriptor(String change) {
    Map<String, Object> root = base();
    for (String pair : change.split(" && ")) {
      int eq = pair.indexOf('=');
      set(root, pair.substring(0, eq), pair.substring(eq + 1));
    }
    StringBuilder sb = new StringBuilder();
    emit(sb, root, "");
    return sb.toString();
  }

  private static final String[] WRONG_TYPES = {
    "'8000'", "\"1\"", "three", "1.5", "1e3", "0x10", "017", "0o17", "1_000", "+5", "-1", "yes", "true", "[1]", "{a: 1}", "1:30"};

  private static List<String> probes() {
    List<String> p = new ArrayList<>();
    Map<String, long[]> ranges = new LinkedHashMap<>();
    ranges.put("respawn.limit", new long[] {1, 10000});
    ranges.put("respawn.interval", new long[] {1, 86400});
    ranges.put("stop.timeout", new long[] {1, 86400});
    ranges.put("processes.plain.stop.timeout", new long[] {1, 86400});
    ranges.put("log.rotate.keep", new long[] {0, 1000});
    ranges.put("processes.plain.log.rotate.keep", new long[] {0, 1000});
    ranges.put("processes.web.workers", new long[] {1, 1024});
    ranges.put("processes.web.instances", new long[] {1, 512});
    ranges.put("processes.plain.instances", new long[] {1, 512});
    ranges.put("processes.plain.port", new long[] {1, 65535});
    ranges.put("limits.nofile", new long[] {1, 1073741816});
    ranges.put("limits.nproc", new long[] {1, 4194304});
    ranges.put("processes.web.limits.nproc", new long[] {1, 4194304});
    ranges.put("proxy.listen", new long[] {1, 65535});
    for (Map.Entry<String, long[]> r : ranges.entrySet()) {
      long lo = r.getValue()[0];
      long hi = r.getValue()[1];
      for (long v : new long[] {lo - 1, lo, lo + 1, (lo + hi) / 2, hi - 1, hi, hi + 1, hi * 10, 99999999999L}) {
        p.add(r.getKey() + "=" + v);
      }
      for (String v : WRONG_TYPES) {
        if (!(r.getKey().equals("proxy.listen") && v.equals("017"))) { // see the listen probes below
          p.add(r.getKey() + "=" + v);
        }
      }
      p.add(r.getKey() + "=~");
      p.add(r.getKey() + "=''");
      p.add(r.getKey() + "=unlimited");
    }
    for (String key : List.of("limits.core", "limits.memlock", "processes.plain.limits.core")) {
      for (String v : List.of("0", "1", "9223372036854775807", "9223372036854775808", "0K", "8388607T", "8388608T",
          "8589934591G", "8589934592G", "8796093022207M", "8796093022208M", "9007199254740991K", "9007199254740992K",
          "9007199254740991k", "64M", "64m", "1.5M", "50MB", "5X", "'1024'", "-1", "unlimited", "Unlimited", "'unlimited'",
          "0T", "00K", "01M", "~", "''", "[64M]")) {
        p.add(key + "=" + v);
      }
    }
    for (String key : List.of("log.rotate.size", "processes.plain.log.rotate.size")) {
      for (String v : List.of("0", "1", "1099511627776", "1099511627777", "0K", "1K", "1073741824K", "1073741825K",
          "1048576M", "1048577M", "1024G", "1025G", "1T", "2T", "0T", "50M", "50m", "50MB", "1.5M", "'1024'", "unlimited",
          "-1", "~", "''")) {
        p.add(key + "=" + v);
      }
    }
    for (String v : List.of("none", "logrotate", "supervisord", "cron", "None", "''", "~")) {
      p.add("log.rotate.by=" + v);
    }
    p.add("log.rotate.by=none && log.rotate.size=50M");
    p.add("log.rotate.by=none && log.rotate.keep=0");
    p.add("log.rotate.by=none && log.rotate.size=~ && log.rotate.keep=''");
    p.add("log.rotate.by=supervisord && log.rotate.size=50M && log.rotate.keep=3");
    for (String v : List.of("debug", "info", "warning", "error", "critical", "verbose", "INFO", "warn", "~", "[debug]")) {
      p.add("log.level=" + v);
    }
    for (String v : List.of("strict", "standard", "off", "paranoid", "Off", "no", "~")) {
      p.add("hardening=" + v);
    }
    for (String v : List.of("gunicorn", "uwsgi", "Gunicorn", "~", "''")) {
      p.add("processes.web.server=" + v);
    }
    for (String key : List.of("stop.signal", "processes.plain.stop.signal")) {
      for (String v : List.of("HUP", "INT", "QUIT", "ABRT", "KILL", "USR1", "USR2", "ALRM", "TERM", "WINCH", "SIGTERM",
          "SIGWINCH", "TERMINATE", "term", "SIGterm", "SIG", "15", "STOP", "~")) {
        p.add(key + "=" + v);
      }
    }
    for (String key : List.of("reload.signal", "processes.web.reload.signal")) {
      for (String v : List.of("none", "HUP", "USR1", "USR2", "WINCH", "SIGHUP", "SIGUSR2", "TERM", "KILL", "SIGINT", "hup",
          "None", "SIGnone", "1", "~")) {
        p.add(key + "=" + v);
      }
    }
    for (String v : List.of("shop", "s", "a-b_c", "a9", "Chat", "1app", "-x", "_x", "'web app'", "'shop.1'",
        "a".repeat(64), "a".repeat(65), "yes", "true", "True", "8000", "~", "''", "[shop]")) {
      p.add("app=" + v);
    }
    for (String key : List.of("user", "group")) {
      for (String v : List.of("www", "_www", "www$", "'w$w'", "Root", "1www", "'www data'", "w".repeat(32),
          "w".repeat(33), "w".repeat(31) + "$", "w".repeat(32) + "$", "~", "''", "[www]")) {
        p.add(key + "=" + v);
      }
    }
    for (String key : List.of("directory", "bin_dir", "log.dir", "supervisor.home", "virtualenv")) {
      for (String v : List.of("/srv/shop", "/srv/shop/", "/srv/shop/...", "/srv/.shop", "srv/shop", "/srv/../shop",
          "/srv//shop", "/srv/./shop", "/srv/shop/.", "'/srv/sh op'", "\"/srv/sh\\top\"", "\"/srv/shop\\n\"", "~user/x",
          "/srv/sh:op", "/srv/é", "~", "''", "[/srv/shop]", "8000")) {
        p.add(key + "=" + v);
      }
    }
    for (String v : List.of("/etc/shop/secrets.env", "/etc/shop/", "etc/shop.env", "/etc/shop/../x.env", "~")) {
      p.add("secrets_file=" + v);
    }
    for (String v : List.of("Django", "'yes'", "yes", "010", "''", "~", "[a]", "{a: b}", "\"a\\0b\"", "\"a\\tb\"", "8000",
        "1.5", "'$HOME; rm'")) {
      p.add("environment.NAME=" + v);
    }
    for (String k : List.of("GOOD", "_x", "x1", "1BAD", "GOOD-NAME", "'A;B'", "'A B'", "PATH")) {
      p.add("environment." + k + "=x");
    }
    p.add("environment=[A]");
    p.add("environment=A");
    p.add("environment=~");
    for (String v : List.of("[A]", "[A, B]", "[A, A]", "[PATH]", "[VIRTUAL_ENV]", "[PORT]", "[1A]", "[a-b]", "[]",
        "[~]", "['']", "[[A]]", "A", "~", "''", "{A: 1}")) {
      p.add("secrets=" + v);
    }
    for (String v : List.of("/", "/healthz", "'/a?b=1&c=%20'", "/a%2", "/a%zz", "healthz", "'/a b'", "'/a#b'",
        "/" + "a".repeat(1023), "/" + "a".repeat(1024), "~", "''", "[/]")) {
      p.add("processes.web.health=" + v);
      p.add("processes.plain.health=" + v);
    }
    p.add("processes.plain.health=/ok && processes.plain.port=9100");
    for (String v : List.of("'127.0.0.1:{port}'", "'127.0.0.1:9000'", "':9000'", "'[::1]:{port}'", "'[::1]:65535'",
        "'unix:/run/shop/web.sock'", "'unix:/run/shop/web-{port}.sock'", "'unix:run/shop.sock'", "'unix:/run/shop/'",
        "'unix:/'", "'unix:8000'", "'host:0'", "'host:65536'", "'host:09000'", "localhost", "'ho st:80'",
        "'unix:/run/../x.sock'", "~", "''", "[a]", "8000")) {
      p.add("processes.web.bind=" + v);
      p.add("processes.plain.bind=" + v);
    }
    p.add("processes.web.instances=3 && processes.web.bind='127.0.0.1:9000'");
    p.add("processes.web.instances=3 && processes.web.bind='127.0.0.1:{port}'");
    p.add("processes.web.instances=3 && processes.web.port=~");
    p.add("processes.web.instances=3 && processes.web.port=~ && processes.web.bind='unix:/run/shop/a.sock'");
    p.add("processes.web.instances=1 && processes.web.port=~");
    p.add("processes.plain.workers=2");
    p.add("processes.plain.workers=~");
    p.add("processes.plain.server=gunicorn && processes.plain.workers=2");
    for (String v : List.of("server", "'server --at={port}'", "[server, '--at={port}']", "''", "~", "'   '", "[]",
        "[server]", "['', x]", "[x, '']", "[A=1, x]", "[x, A=1]", "[a=1, x]", "['=x', y]", "[x, ~]", "[x, [y]]",
        "\"a\\0b\"", "[x, \"a\\0b\"]", "{a: b}", "8000", "true", "[1, 2]")) {
      p.add("processes.plain.command=" + v);
    }
    p.add("processes.plain.command='server --at={port}' && processes.plain.port=9100");
    for (String v : List.of("chat.example.com", "'*.example.com'", ".example.com", "'www.example.*'", "_", "a_b.c",
        "'*.example.*'", ".example.*", "'~^www'", "a..b", "-a.com", "a-.com", "'[a, b]'", "[a, b]", "[a, '*.b.c']", "[]",
        "[~]", "[a, [b]]", "8000", "true", "'a b'", "a".repeat(255), "a".repeat(256), "~", "''")) {
      p.add("proxy.server_name=" + v);
    }
    for (String v : List.of("80", "'8080'", "'08080'", "'0'", "'65536'", "'127.0.0.1:8080'", "'300.1.2.3:80'",
        "'255.255.255.255:80'", "'1.2.3:80'", "'[::1]:80'", "'[::]:80'", "'[fe80::1]:443'", "'[1:2:3:4:5:6:7:8]:80'",
        "'[1::2::3]:80'", "'[::ffff:1.2.3.4]:80'", "'[::1.2.3.4]:80'", "'[zz]:80'", "'*:80'", "'example.com:80'",
        "'-bad.com:80'", "'a_b.com:80'", "'host:99999'", "'host:0'", "'host:00080'", "'host'", "':80'", "'host:'",
        "0x50", "~")) {
      // Not 017: procgen refuses that YAML 1.1 octal integer but takes '017' quoted (port 17),
      // and both are the string "017" in JSON.
      p.add("proxy.listen=" + v);
    }
    for (String v : List.of("web", "Web", "'web app'", "~")) {
      p.add("proxy.process=" + v);
    }
    // Unknown keys and wrong shapes, at every level.
    for (String change : List.of("enviroment.A=x", "processes.web.comand=x", "processes.web.worker=2", "log.directory=/x",
        "stop.grace=3", "reload.command=x", "limits.fsize=1", "proxy.upstream=x", "respawn.max=3", "supervisor.dir=/x",
        "log.rotate.often=daily", "processes.web.log.dir=/srv/x", "processes.web.log.level=debug", "processes.web.user=www",
        "log=debug", "stop=30", "reload=HUP", "limits=[]", "processes=[]", "processes={}", "processes=~",
        "processes.web=~", "processes.web=x", "processes.Web.command=x", "processes.web-1.command=x",
        "processes.1web.command=x", "respawn=5", "proxy=80", "supervisor=/x", "log.rotate=daily", "description=[a]",
        "description={a: b}", "description=\"a\\tb\"", "description=8000", "description=yes", "description=~", "app=~")) {
      p.add(change);
    }
    return p;
  }

  @TestFactory
  Stream<DynamicTest> theSchemaGivesTheValidatorsVerdictOnEveryProbe() {
    Set<String> seen = new LinkedHashSet<>(probes());
    return seen.stream().map(change -> DynamicTest.dynamicTest(change, () -> {
      String text = descriptor(change);
      List<String> validator = validatorErrors(text);
      List<String> schema;
      try {
        schema = schemaErrors(text);
      } catch (DescriptorException e) {
        throw new AssertionError("the probe is not YAML:\n" + text, e);
      }
      if (validator.isEmpty() != schema.isEmpty()) {
        fail((validator.isEmpty() ? "procgen accepts, the schema refuses" : "procgen refuses, the schema accepts")
            + ":\n" + text + "procgen: " + validator + "\nschema: " + schema);
      }
    }));
  }

  @Test
  void theProbesCoverBothVerdicts() {
    int valid = 0;
    int invalid = 0;
    for (String change : new LinkedHashSet<>(probes())) {
      if (validatorErrors(descriptor(change)).isEmpty()) {
        valid++;
      } else {
        invalid++;
      }
    }
    assertTrue(valid > 100 && invalid > 100, "the probes should hold many of each verdict: " + valid + " valid, "
        + invalid + " invalid");
  }

  @Test
  void theBaseDescriptorIsValid() throws DescriptorException {
    String text = descriptor("description=Shop");
    assertEquals(List.of(), validatorErrors(text));
    assertEquals(List.of(), schemaErrors(text));
  }
}
