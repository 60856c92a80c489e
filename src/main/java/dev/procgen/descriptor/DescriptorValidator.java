package dev.procgen.descriptor;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.model.App;
import dev.procgen.model.HostPaths;
import dev.procgen.model.LogLevel;
import dev.procgen.model.LogSettings;
import dev.procgen.model.Origin;
import dev.procgen.model.Process;
import dev.procgen.model.Respawn;
import dev.procgen.model.Server;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks a descriptor's node tree against descriptor version 1 and builds the {@link App} model,
 * applying defaults; docs/descriptor.md is the user-facing statement of the same rules.
 *
 * <p>It reports every problem it finds in one pass, each as {@code <key>: <expected>, found
 * <found>} at the offending node, and throws them together.
 */
public final class DescriptorValidator {

  /** App and process names: safe in file, job, unit and supervisor section names. */
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");
  /** useradd's rule for portable account names (shadow-utils, NAME_REGEX in adduser.conf(5)). */
  static final Pattern ACCOUNT = Pattern.compile("[a-z_][a-z0-9_-]*\\$?");
  /** Environment variable names as POSIX sh accepts them in an assignment. */
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,9}");
  private static final Pattern TCP_BIND =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]*):([0-9]{1,5}|\\{port\\})");

  static final int MAX_NAME = 64;
  static final int MAX_ACCOUNT = 32;
  static final int MAX_INSTANCES = 512;
  static final int MAX_WORKERS = 1024;
  static final int MAX_RESPAWN_LIMIT = 10_000;
  static final int MAX_RESPAWN_INTERVAL = 86_400;

  private static final List<String> TOP_KEYS =
      List.of(
          "app", "description", "user", "group", "directory", "virtualenv", "bin_dir",
          "environment", "log", "respawn", "supervisor", "processes");
  private static final List<String> LOG_KEYS = List.of("dir", "level");
  private static final List<String> RESPAWN_KEYS = List.of("limit", "interval");
  private static final List<String> SUPERVISOR_KEYS = List.of("home");
  private static final List<String> PROCESS_KEYS =
      List.of("command", "server", "workers", "bind", "instances", "port");

  private final String file;
  private final String source;
  private final List<String> lines;
  private final List<Diagnostic> problems = new ArrayList<>();
  private final Map<String, Origin.Position> positions = new HashMap<>();

  private DescriptorValidator(String file, String source, String text) {
    this.file = file;
    this.source = source;
    this.lines = Lines.split(text);
  }

  /**
   * Validates a parsed descriptor and returns its model.
   *
   * @param file the descriptor path as the user gave it
   * @param source the descriptor path that generated files name (see {@link Origin#source})
   * @param text the descriptor's text, for quoting lines in messages
   * @param root the node {@link DescriptorParser#parse} returned
   * @throws DescriptorException with every problem found
   */
  public static App validate(String file, String source, String text, Node root) throws DescriptorException {
    DescriptorValidator v = new DescriptorValidator(file, source, text);
    App app = v.app(root);
    if (!v.problems.isEmpty() || app == null) {
      List<Diagnostic> sorted = new ArrayList<>(v.problems);
      sorted.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
      throw new DescriptorException(sorted);
    }
    return app;
  }

  /** Parses and validates in one step, naming the descriptor {@code file} everywhere. */
  public static App load(String file, String text) throws DescriptorException {
    return load(file, file, text);
  }

  /** Parses and validates in one step: the usual entry point. */
  public static App load(String file, String source, String text) throws DescriptorException {
    return validate(file, source, text, DescriptorParser.parse(file, text));
  }

  /** The tags a descriptor may hold: YAML's core schema, resolved implicitly or written out. */
  private static final java.util.Set<Tag> STANDARD_TAGS =
      java.util.Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.NULL, Tag.FLOAT, Tag.TIMESTAMP, Tag.MAP, Tag.SEQ);

  /** Reports every node with a tag outside the core schema, such as {@code !!python/object}. */
  private void rejectCustomTags(Node node, java.util.Set<Node> seen) {
    if (!seen.add(node)) {
      return;
    }
    if (!STANDARD_TAGS.contains(node.getTag())) {
      error(node, "", "tag: expected plain YAML values (strings, numbers, booleans, mappings, lists), found the tag "
          + quote(node.getTag().getValue()));
    }
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        rejectCustomTags(t.getKeyNode(), seen);
        rejectCustomTags(t.getValueNode(), seen);
      }
    } else if (node instanceof SequenceNode s) {
      s.getValue().forEach(n -> rejectCustomTags(n, seen));
    }
  }

  private App app(Node root) {
    int before = problems.size();
    rejectCustomTags(root, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    if (problems.size() > before) {
      return null;
    }
    Map<String, Node> top = mapping(root, "", TOP_KEYS);
    if (top == null) {
      return null;
    }
    String name = requiredName(top, "app", root);
    String description = optionalText(top.get("description"), "description").orElse(name);
    Optional<String> user = account(top.get("user"), "user");
    Optional<String> group = account(top.get("group"), "group");
    Optional<String> directory = path(top.get("directory"), "directory");
    Optional<String> virtualenv = path(top.get("virtualenv"), "virtualenv");
    Optional<String> binDir = path(top.get("bin_dir"), "bin_dir");
    Map<String, String> environment = environment(top.get("environment"));
    LogSettings log = log(top.get("log"), name);
    Respawn respawn = respawn(top.get("respawn"));
    Optional<String> supervisorHome = Optional.empty();
    Node supervisor = top.get("supervisor");
    if (supervisor != null && !isAbsent(supervisor)) {
      Map<String, Node> map = mapping(supervisor, "supervisor", SUPERVISOR_KEYS);
      if (map != null) {
        supervisorHome = path(map.get("home"), "supervisor.home");
      }
    }
    List<Process> processes = processes(top.get("processes"), root);

    if (processes.stream().anyMatch(p -> p.port().isPresent()) && environment.containsKey("PORT")) {
      error(top.get("environment"), "environment.PORT",
          "environment.PORT: expected no PORT, because procgen sets it for each instance from processes.*.port, found PORT");
    }
    if (!problems.isEmpty() || name == null || log == null) {
      return null;
    }
    return new App(
        name,
        description,
        user,
        group,
        directory,
        virtualenv,
        binDir,
        environment,
        log,
        respawn,
        supervisorHome,
        processes,
        new Origin(file, source, positions, lines));
  }

  private String requiredName(Map<String, Node> map, String key, Node parent) {
    Node node = map.get(key);
    Optional<String> value = scalar(node, key);
    if (value.isEmpty()) {
      if (node == null || isAbsent(node)) {
        error(node != null ? node : parent, key, key + ": expected an app name matching [a-z][a-z0-9_-]*, found nothing (the key is required)");
      }
      return null;
    }
    return checkName(node, key, value.get());
  }

  private String checkName(Node node, String key, String value) {
    if (!NAME.matcher(value).matches() || value.length() > MAX_NAME) {
      error(node, key, key + ": expected a name matching [a-z][a-z0-9_-]* of at most " + MAX_NAME
          + " characters, found " + quote(value));
      return null;
    }
    return value;
  }

  private Optional<String> optionalText(Node node, String key) {
    Optional<String> value = scalar(node, key);
    if (value.isPresent() && hasControl(value.get())) {
      error(node, key, key + ": expected one line of text without control characters, found " + quote(value.get()));
      return Optional.empty();
    }
    return value;
  }

  private Optional<String> account(Node node, String key) {
    Optional<String> value = scalar(node, key);
    if (value.isPresent() && (!ACCOUNT.matcher(value.get()).matches() || value.get().length() > MAX_ACCOUNT)) {
      error(node, key, key + ": expected an account name by useradd's rules ([a-z_][a-z0-9_-]*, at most "
          + MAX_ACCOUNT + " characters), found " + quote(value.get()));
      return Optional.empty();
    }
    return value;
  }

  private Optional<String> path(Node node, String key) {
    Optional<String> value = scalar(node, key);
    if (value.isPresent() && !HostPaths.isAbsoluteNormal(value.get())) {
      error(node, key, key + ": expected an absolute path with no '.', '..' or empty segments and no control characters, found "
          + quote(value.get()));
      return Optional.empty();
    }
    return value;
  }

  private Map<String, String> environment(Node node) {
    Map<String, String> env = new LinkedHashMap<>();
    if (node == null || isAbsent(node)) {
      return env;
    }
    Map<String, Node> map = mapping(node, "environment", null);
    if (map == null) {
      return env;
    }
    for (Map.Entry<String, Node> e : map.entrySet()) {
      String key = "environment." + e.getKey();
      Node value = e.getValue();
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        error(keyNodes.get(key), key, key + ": expected a variable name matching [A-Za-z_][A-Za-z0-9_]*, found " + quote(e.getKey()));
        continue;
      }
      if (!(value instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
        error(value, key, key + ": expected a string (write '' for an empty value), found " + describe(value));
        continue;
      }
      if (scalar.getValue().indexOf('\0') >= 0) {
        error(value, key, key + ": expected a value without NUL characters, which no process environment can hold, found "
            + quote(scalar.getValue()));
        continue;
      }
      env.put(e.getKey(), scalar.getValue());
    }
    return env;
  }

  private LogSettings log(Node node, String app) {
    Map<String, Node> map = node == null || isAbsent(node) ? Map.of() : mapping(node, "log", LOG_KEYS);
    if (map == null) {
      return null;
    }
    Optional<String> dir = path(map.get("dir"), "log.dir");
    LogLevel level = LogLevel.INFO;
    Optional<String> levelText = scalar(map.get("level"), "log.level");
    if (levelText.isPresent()) {
      Optional<LogLevel> parsed =
          Arrays.stream(LogLevel.values()).filter(l -> l.id().equals(levelText.get())).findFirst();
      if (parsed.isEmpty()) {
        error(map.get("level"), "log.level", "log.level: expected one of "
            + Arrays.stream(LogLevel.values()).map(LogLevel::id).collect(Collectors.joining(", "))
            + ", found " + quote(levelText.get()));
      } else {
        level = parsed.get();
      }
    }
    return new LogSettings(dir, level);
  }

  private Respawn respawn(Node node) {
    if (node == null || isAbsent(node)) {
      return Respawn.DEFAULT;
    }
    Map<String, Node> map = mapping(node, "respawn", RESPAWN_KEYS);
    if (map == null) {
      return Respawn.DEFAULT;
    }
    int limit = integer(map.get("limit"), "respawn.limit", 1, MAX_RESPAWN_LIMIT, "a number of restarts")
        .orElse(Respawn.DEFAULT.limit());
    int interval = integer(map.get("interval"), "respawn.interval", 1, MAX_RESPAWN_INTERVAL, "a number of seconds")
        .orElse(Respawn.DEFAULT.interval());
    return new Respawn(limit, interval);
  }

  private List<Process> processes(Node node, Node root) {
    List<Process> list = new ArrayList<>();
    if (node == null || isAbsent(node)) {
      error(node != null ? node : root, "processes",
          "processes: expected a mapping of at least one process name to its settings, found nothing (the key is required)");
      return list;
    }
    Map<String, Node> map = mapping(node, "processes", null);
    if (map == null) {
      return list;
    }
    if (map.isEmpty()) {
      error(node, "processes", "processes: expected at least one process, found an empty mapping");
    }
    for (Map.Entry<String, Node> e : map.entrySet()) {
      String key = "processes." + e.getKey();
      String name = checkName(keyNodes.get(key), key, e.getKey());
      Process p = process(e.getValue(), key, name);
      if (p != null) {
        list.add(p);
      }
    }
    return list;
  }

  private Process process(Node node, String key, String name) {
    Map<String, Node> map = mapping(node, key, PROCESS_KEYS);
    if (map == null) {
      return null;
    }
    int before = problems.size();
    List<String> command = command(map.get("command"), key + ".command", node);
    Optional<Server> server = Optional.empty();
    Optional<String> serverText = scalar(map.get("server"), key + ".server");
    if (serverText.isPresent()) {
      server = Arrays.stream(Server.values()).filter(s -> s.id().equals(serverText.get())).findFirst();
      if (server.isEmpty()) {
        error(map.get("server"), key + ".server", key + ".server: expected one of "
            + Arrays.stream(Server.values()).map(Server::id).collect(Collectors.joining(", "))
            + ", found " + quote(serverText.get()));
      }
    }
    OptionalInt workers = integer(map.get("workers"), key + ".workers", 1, MAX_WORKERS, "a number of workers");
    Optional<String> bind = scalar(map.get("bind"), key + ".bind");
    int instances = integer(map.get("instances"), key + ".instances", 1, MAX_INSTANCES, "a number of instances").orElse(1);
    OptionalInt port = integer(map.get("port"), key + ".port", 1, 65535, "a port number");

    if (port.isPresent() && port.getAsInt() + instances - 1 > 65535) {
      error(map.get("port"), key + ".port", key + ".port: expected port + instances - 1 <= 65535, found port "
          + port.getAsInt() + " with " + instances + " instances (last port " + (port.getAsInt() + instances - 1) + ")");
    }
    boolean serverless = serverText.isEmpty();
    if (serverless && workers.isPresent()) {
      error(map.get("workers"), key + ".workers", key + ".workers: expected only with a server preset (server: gunicorn), found "
          + workers.getAsInt() + " without one");
    }
    if (serverless && bind.isPresent()) {
      error(map.get("bind"), key + ".bind", key + ".bind: expected only with a server preset (server: gunicorn), found "
          + quote(bind.get()) + " without one");
    }
    if (bind.isPresent()) {
      checkBind(map.get("bind"), key + ".bind", bind.get(), instances, port);
    } else if (!serverless && instances > 1 && port.isEmpty()) {
      error(map.get("instances"), key + ".instances", key + ".port: expected a first port for " + instances
          + " instances of a server, so that each binds its own, found no port");
    }
    if (command != null && port.isEmpty() && command.stream().anyMatch(w -> w.contains(Process.PORT_PLACEHOLDER))) {
      error(map.get("command"), key + ".command", key + ".command: expected {port} only when " + key
          + ".port is set, found {port} with no port");
    }
    if (problems.size() > before || name == null || command == null) {
      return null;
    }
    return new Process(name, command, server, workers.orElse(1), bind, instances, port);
  }

  private void checkBind(Node node, String key, String bind, int instances, OptionalInt port) {
    if (bind.startsWith("unix:")) {
      String socket = bind.substring("unix:".length()).replace(Process.PORT_PLACEHOLDER, "0");
      if (!HostPaths.isAbsoluteNormal(socket)) {
        error(node, key, key + ": expected unix: followed by an absolute socket path, found " + quote(bind));
        return;
      }
    } else {
      var m = TCP_BIND.matcher(bind);
      if (!m.matches() || (!m.group(2).equals(Process.PORT_PLACEHOLDER) && (Integer.parseInt(m.group(2)) < 1
          || Integer.parseInt(m.group(2)) > 65535))) {
        error(node, key, key + ": expected host:port (port 1-65535 or {port}) or unix:/path, found " + quote(bind));
        return;
      }
    }
    boolean templated = bind.contains(Process.PORT_PLACEHOLDER);
    if (templated && port.isEmpty()) {
      error(node, key, key + ": expected {port} only when the process's port is set, found {port} with no port");
    } else if (!templated && instances > 1) {
      error(node, key, key + ": expected an address with {port}, because " + instances
          + " instances cannot share one address, found " + quote(bind));
    }
  }

  private List<String> command(Node node, String key, Node parent) {
    if (node == null || isAbsent(node)) {
      error(node != null ? node : parent, key, key + ": expected the command as shell words or a list of words, found nothing (the key is required)");
      return null;
    }
    List<String> words = new ArrayList<>();
    if (node instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) {
        if (!(item instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
          error(item, key, key + ": expected every word to be a string, found " + describe(item));
          return null;
        }
        words.add(s.getValue());
      }
    } else if (node instanceof ScalarNode scalar) {
      try {
        words = ShellWords.split(scalar.getValue());
      } catch (ShellWords.SyntaxException e) {
        error(node, key, key + ": expected plain shell words with no shell features, found " + e.getMessage()
            + " at character " + (e.offset() + 1) + " of " + quote(scalar.getValue()));
        return null;
      }
    } else {
      error(node, key, key + ": expected the command as shell words or a list of words, found " + describe(node));
      return null;
    }
    if (words.isEmpty() || words.get(0).isEmpty()) {
      error(node, key, key + ": expected a program to run as the first word, found " + describe(node));
      return null;
    }
    for (String w : words) {
      if (w.indexOf('\0') >= 0) {
        error(node, key, key + ": expected words without NUL characters, which no argv can hold, found " + quote(w));
        return null;
      }
    }
    return words;
  }

  // ---- generic node helpers ----

  /** Key nodes of every mapping read so far, by dotted path, for errors about the key itself. */
  private final Map<String, Node> keyNodes = new HashMap<>();

  /**
   * Reads a mapping, reporting non-string keys, duplicates and (when {@code known} is given)
   * unknown keys. Returns the value nodes by key in document order, or null if {@code node} is
   * not a mapping.
   */
  private Map<String, Node> mapping(Node node, String key, List<String> known) {
    String label = key.isEmpty() ? "the descriptor" : key;
    if (!(node instanceof MappingNode mapping)) {
      error(node, key, label + ": expected a mapping, found " + describe(node));
      return null;
    }
    Map<String, Node> values = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode ks) || ks.getTag().equals(Tag.NULL)) {
        error(keyNode, key, label + ": expected string keys, found " + describe(keyNode));
        continue;
      }
      String k = ks.getValue();
      String path = key.isEmpty() ? k : key + "." + k;
      if (values.containsKey(k)) {
        Node first = keyNodes.get(path);
        error(keyNode, path, path + ": expected each key once, found it again (first at line "
            + (first.getStartMark().getLine() + 1) + ")");
        continue;
      }
      if (known != null && !known.contains(k)) {
        error(keyNode, path, path + ": expected one of " + String.join(", ", known) + ", found unknown key "
            + quote(k) + suggestion(k, known));
        continue;
      }
      values.put(k, tuple.getValueNode());
      keyNodes.put(path, keyNode);
      positions.put(path, position(tuple.getValueNode()));
    }
    return values;
  }

  private static String suggestion(String key, List<String> known) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance.apply(key.toLowerCase(Locale.ROOT), k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 3) ? " (did you mean '" + best + "'?)" : "";
  }

  /** Reads an optional scalar; null, {@code ~} and the empty string mean absent. */
  private Optional<String> scalar(Node node, String key) {
    if (node == null || isAbsent(node)) {
      return Optional.empty();
    }
    if (!(node instanceof ScalarNode s)) {
      error(node, key, key + ": expected a single value, found " + describe(node));
      return Optional.empty();
    }
    return Optional.of(s.getValue());
  }

  /** Reads an optional decimal integer in [min, max]; {@code what} names it, e.g. "a port number". */
  private OptionalInt integer(Node node, String key, int min, int max, String what) {
    if (node == null || isAbsent(node)) {
      return OptionalInt.empty();
    }
    if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT) || !DECIMAL.matcher(s.getValue()).matches()) {
      error(node, key, key + ": expected " + what + " from " + min + " to " + max + ", found " + describe(node));
      return OptionalInt.empty();
    }
    long value = Long.parseLong(s.getValue());
    if (value < min || value > max) {
      error(node, key, key + ": expected " + what + " from " + min + " to " + max + ", found " + value);
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) value);
  }

  private static boolean isAbsent(Node node) {
    return node instanceof ScalarNode s && (s.getTag().equals(Tag.NULL) || s.getValue().isEmpty());
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }

  static String describe(Node node) {
    if (node == null) {
      return "nothing";
    }
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    ScalarNode s = (ScalarNode) node;
    if (s.getTag().equals(Tag.NULL)) {
      return "nothing";
    }
    return quote(s.getValue());
  }

  /** Quotes a found value for a message, showing control characters as escapes. */
  static String quote(String value) {
    StringBuilder sb = new StringBuilder("'");
    int shown = 0;
    for (int i = 0; i < value.length(); i++) {
      if (shown++ >= 80) {
        sb.append("...");
        break;
      }
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('\'').toString();
  }

  private Origin.Position position(Node node) {
    Mark mark = node.getStartMark();
    // SnakeYAML marks are 0-based; this is the one place they become 1-based.
    return mark == null ? new Origin.Position(1, 1) : new Origin.Position(mark.getLine() + 1, mark.getColumn() + 1);
  }

  private void error(Node node, String key, String message) {
    Origin.Position p = node == null ? new Origin.Position(1, 1) : position(node);
    String source = p.line() >= 1 && p.line() <= lines.size() ? lines.get(p.line() - 1) : "";
    problems.add(new Diagnostic(file, p.line(), p.column(), message, source));
  }
}
