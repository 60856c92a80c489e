package dev.procgen.descriptor;

import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.model.App;
import dev.procgen.model.ControlChars;
import dev.procgen.model.Controls;
import dev.procgen.model.Limit;
import dev.procgen.model.Hardening;
import dev.procgen.model.HostPaths;
import dev.procgen.model.LogLevel;
import dev.procgen.model.LogSettings;
import dev.procgen.model.Origin;
import dev.procgen.model.Process;
import dev.procgen.model.Proxy;
import dev.procgen.model.Respawn;
import dev.procgen.model.Rotator;
import dev.procgen.model.Server;
import dev.procgen.model.Signal;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds a descriptor's node tree to the {@link App} model by descriptor version 1: each key's
 * type, range and pattern, and the rules between keys (ports, instances, bind addresses, {@code
 * {port}}); docs/descriptor.md is the user-facing statement of the same rules. Generic node
 * reading is {@link NodeReader}'s; defaults are the launch plan's.
 *
 * <p>It reports every problem it finds in one pass, each as {@code <key>: <expected>, found
 * <found>} at the offending node, and throws them together.
 */
final class DescriptorBinder {

  /** App and process names: safe in file, job, unit and supervisor section names. */
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");
  /** useradd's rule for portable account names (shadow-utils, NAME_REGEX in adduser.conf(5)). */
  static final Pattern ACCOUNT = Pattern.compile("[a-z_][a-z0-9_-]*\\$?");
  /** Environment variable names as POSIX sh accepts them in an assignment. */
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern TCP_BIND =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]*):([0-9]{1,5}|\\{port\\})");

  /** An address nginx listens on: an IPv4 address, an IPv6 address in brackets, {@code *} or a host name, then a port. */
  private static final Pattern LISTEN = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|\\*|[A-Za-z0-9.-]+):([0-9]{1,5})");
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  /** A host name (RFC 1123, section 2.1): labels of letters, digits and inner hyphens, joined by dots. */
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  /**
   * A name of nginx's server_name (nginx's "Server names" documentation): a host name, whose labels
   * may also hold '_', with at most one wildcard, {@code *.} or {@code .} in front or {@code .*} at
   * the end. Regular expressions ({@code ~}) are not taken.
   */
  private static final Pattern SERVER_NAME =
      Pattern.compile("(\\*\\.|\\.)?[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*(\\.\\*)?");
  /** A URL path and query (RFC 3986, "path-absolute" and "query"): '/', then unreserved, sub-delims, ':', '@', '/', '?' and %-escapes. */
  private static final Pattern HEALTH = Pattern.compile("/([A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*");

  static final int MAX_NAME = 64;
  static final int MAX_ACCOUNT = 32;
  static final int MAX_INSTANCES = 512;
  static final int MAX_WORKERS = 1024;
  static final int MAX_HEALTH = 1024;
  /** The longest name in server_name: a DNS name's 253 characters, and a wildcard's two. */
  static final int MAX_SERVER_NAME = 255;
  static final int MAX_RESPAWN_LIMIT = 10_000;
  static final int MAX_RESPAWN_INTERVAL = 86_400;
  /** The longest stop timeout, seconds: a day. */
  static final int MAX_STOP_TIMEOUT = 86_400;
  /** The most rotated files kept. */
  static final int MAX_ROTATE_KEEP = 1000;
  /** The largest rotation size, bytes: 1 TiB. */
  static final long MAX_ROTATE_SIZE = 1L << 40;
  /** A size: a whole number of bytes, or of KiB, MiB, GiB or TiB (1024-based, as logrotate(8) and systemd.exec(5) count). */
  private static final Pattern SIZE = Pattern.compile("(0|[1-9][0-9]{0,18})([kKMGT]?)");

  private static final List<String> TOP_KEYS =
      List.of(
          "app", "description", "user", "group", "directory", "virtualenv", "bin_dir",
          "environment", "secrets", "secrets_file", "log", "respawn", "stop", "reload", "limits", "supervisor", "hardening", "proxy", "processes");
  private static final List<String> PROXY_KEYS = List.of("listen", "server_name", "process");
  private static final List<String> LOG_KEYS = List.of("dir", "level", "rotate");
  private static final List<String> PROCESS_LOG_KEYS = List.of("rotate");
  private static final List<String> ROTATE_KEYS = List.of("by", "size", "keep");
  private static final List<String> STOP_KEYS = List.of("signal", "timeout");
  private static final List<String> RELOAD_KEYS = List.of("signal");
  private static final List<String> RESPAWN_KEYS = List.of("limit", "interval");
  private static final List<String> SUPERVISOR_KEYS = List.of("home");
  private static final List<String> PROCESS_KEYS =
      List.of("command", "server", "workers", "bind", "instances", "port", "health", "stop", "reload", "limits", "log");

  private final String source;
  private final NodeReader reader;
  /** The app's name once read (null if invalid), for examples in messages. */
  private String appName;

  private DescriptorBinder(String file, String source, String text) {
    this.source = source;
    this.reader = new NodeReader(file, text);
  }

  /**
   * Binds a parsed descriptor to the model, checking every value and the rules between them.
   *
   * @param file the descriptor path as the user gave it
   * @param source the descriptor path that generated files name (see {@link Origin#source})
   * @param text the descriptor's text, for quoting lines in messages
   * @param root the node {@link DescriptorParser#parse} returned
   * @throws DescriptorException with every problem found, sorted by position
   */
  static App bind(String file, String source, String text, Node root) throws DescriptorException {
    DescriptorBinder binder = new DescriptorBinder(file, source, text);
    App app = binder.app(root);
    if (binder.reader.problemCount() > 0 || app == null) {
      throw new DescriptorException(binder.reader.problems());
    }
    return app;
  }

  private App app(Node root) {
    if (!reader.standardTagsOnly(root)) {
      return null;
    }
    Map<String, Node> top = reader.mapping(root, "", TOP_KEYS);
    if (top == null) {
      return null;
    }
    String name = requiredName(top, "app", root);
    appName = name;
    String description = optionalText(top.get("description"), "description").orElse(name);
    Optional<String> user = account(top.get("user"), "user");
    Optional<String> group = account(top.get("group"), "group");
    Optional<String> directory = path(top.get("directory"), "directory");
    Optional<String> virtualenv = path(top.get("virtualenv"), "virtualenv");
    if (virtualenv.isPresent() && virtualenv.get().contains(":")) {
      // Its bin starts PATH, whose entries ':' separates with no escape (POSIX XBD 8.3): bash and
      // supervisord would look the program up in two other folders than the one systemd runs it from.
      reader.error(top.get("virtualenv"), "virtualenv", "virtualenv: expected a path without ':', because its bin "
          + "folder goes first in PATH, whose entries ':' separates with no escape (POSIX, XBD 8.3), found "
          + NodeReader.quote(virtualenv.get()));
      virtualenv = Optional.empty();
    }
    Optional<String> binDir = path(top.get("bin_dir"), "bin_dir");
    Map<String, String> environment = environment(top.get("environment"));
    List<String> secrets = secrets(top.get("secrets"), environment);
    Optional<String> secretsFile = path(top.get("secrets_file"), "secrets_file");
    if (secretsFile.isPresent() && secretsFile.get().endsWith("/")) {
      reader.error(top.get("secrets_file"), "secrets_file", "secrets_file: expected the path of a file, which does not "
          + "end in '/', found " + NodeReader.quote(secretsFile.get()));
    }
    LogSettings log = log(top.get("log"), name);
    Respawn respawn = respawn(top.get("respawn"));
    Controls controls = controls(top, "", logMap(top.get("log"), "log", LOG_KEYS));
    Optional<String> supervisorHome = Optional.empty();
    Node supervisor = top.get("supervisor");
    if (supervisor != null && !NodeReader.isAbsent(supervisor)) {
      Map<String, Node> map = reader.mapping(supervisor, "supervisor", SUPERVISOR_KEYS);
      if (map != null) {
        supervisorHome = path(map.get("home"), "supervisor.home");
      }
    }
    List<Process> processes = processes(top.get("processes"), root);
    Optional<Proxy> proxy = proxy(top.get("proxy"), processes, top.get("processes"));
    Hardening hardening = Hardening.STANDARD;
    Optional<String> hardeningText = reader.scalar(top.get("hardening"), "hardening");
    if (hardeningText.isPresent()) {
      Optional<Hardening> level = Arrays.stream(Hardening.values()).filter(h -> h.id().equals(hardeningText.get())).findFirst();
      if (level.isPresent()) {
        hardening = level.get();
      } else {
        reader.error(top.get("hardening"), "hardening", "hardening: expected one of strict, standard, off, found "
            + NodeReader.quote(hardeningText.get()));
      }
    }

    boolean ports = false;
    for (Process p : processes) {
      ports |= p.port().isPresent();
    }
    if (ports && environment.containsKey("PORT")) {
      reader.error(top.get("environment"), "environment.PORT",
          "environment.PORT: expected no PORT, because procgen sets it for each instance from processes.*.port, found PORT");
    }
    if (name != null && log != null && log.dir().isEmpty() && HostPaths.isSystemFolder(HostPaths.defaultLogDir(name))) {
      reader.error(top.get("app"), "app", "app: expected a name whose default log.dir (" + HostPaths.defaultLogDir("<app>")
          + ") is not a system folder, or a log.dir of the app's own, found " + NodeReader.quote(name)
          + ", whose default log.dir is the host's system folder " + HostPaths.defaultLogDir(name));
    }
    if (reader.problemCount() > 0 || name == null || log == null) {
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
        secrets,
        secretsFile,
        log,
        respawn,
        supervisorHome,
        controls,
        hardening,
        proxy,
        processes,
        reader.origin(source));
  }

  private String requiredName(Map<String, Node> map, String key, Node parent) {
    Node node = map.get(key);
    Optional<String> value = reader.scalar(node, key);
    if (value.isEmpty()) {
      if (node == null || NodeReader.isAbsent(node)) {
        reader.error(node != null ? node : parent, key, key + ": expected an app name matching [a-z][a-z0-9_-]*, found nothing (the key is required)");
      }
      return null;
    }
    return checkName(node, key, value.get());
  }

  private String checkName(Node node, String key, String value) {
    if (!NAME.matcher(value).matches() || value.length() > MAX_NAME) {
      reader.error(node, key, key + ": expected a name matching [a-z][a-z0-9_-]* of at most " + MAX_NAME
          + " characters, found " + NodeReader.quote(value));
      return null;
    }
    return value;
  }

  private Optional<String> optionalText(Node node, String key) {
    Optional<String> value = reader.scalar(node, key);
    if (value.isPresent() && NodeReader.hasControl(value.get())) {
      errorAtFirst(node, key, value.get(), ControlChars::isControl,
          key + ": expected one line of text without control characters, found " + NodeReader.quote(value.get()));
      return Optional.empty();
    }
    return value;
  }

  private Optional<String> account(Node node, String key) {
    Optional<String> value = reader.scalar(node, key);
    if (value.isPresent() && (!ACCOUNT.matcher(value.get()).matches() || value.get().length() > MAX_ACCOUNT)) {
      reader.error(node, key, key + ": expected an account name by useradd's rules ([a-z_][a-z0-9_-]*, at most "
          + MAX_ACCOUNT + " characters), found " + NodeReader.quote(value.get()));
      return Optional.empty();
    }
    return value;
  }

  private Optional<String> path(Node node, String key) {
    Optional<String> value = reader.scalar(node, key);
    if (value.isPresent() && !HostPaths.isAbsoluteNormal(value.get())) {
      String message = key + ": expected an absolute path with no '.', '..' or empty segments and no control characters, found "
          + NodeReader.quote(value.get());
      if (value.get().startsWith("/") && ControlChars.any(value.get())) {
        errorAtFirst(node, key, value.get(), ControlChars::isControl, message);
      } else {
        reader.error(node, key, message);
      }
      return Optional.empty();
    }
    if (value.isPresent() && HostPaths.isSystemFolder(value.get())) {
      // The bootstrap script creates these folders and sets their owner and mode: a system
      // folder (/var/log, /tmp, /) would lose its own.
      reader.error(node, key, key + ": expected a folder of the app's own, such as " + ownFolder(key) + ", found "
          + NodeReader.quote(value.get()) + ", the host's system folder " + HostPaths.systemFolder(value.get()).get()
          + ", which the bootstrap script must leave as it is");
      return Optional.empty();
    }
    if (value.isPresent() && HostPaths.managedTree(value.get()).isPresent()) {
      reader.error(node, key, key + ": expected a folder of the app's own, such as " + ownFolder(key) + ", found "
          + NodeReader.quote(value.get()) + ", which is below " + HostPaths.managedTree(value.get()).get()
          + ", a tree the kernel, the boot loader or logind manages, where the bootstrap script must create nothing");
      return Optional.empty();
    }
    return value;
  }

  /**
   * Reports {@code message} at the first character of {@code value} that {@code bad} accepts, where
   * the scalar {@code node} writes it (after escapes such as <code>&#92;t</code>), or at the value
   * when there is none or the node is not a scalar.
   */
  private void errorAtFirst(Node node, String key, String value, java.util.function.IntPredicate bad, String message) {
    int i = 0;
    while (i < value.length() && !bad.test(value.charAt(i))) {
      i++;
    }
    if (node instanceof ScalarNode scalar && i < value.length()) {
      reader.errorAt(scalar, i, message);
    } else {
      reader.error(node, key, message);
    }
  }

  /** An example of a folder of the app's own for {@code key}, with the app's name when it is known. */
  private String ownFolder(String key) {
    String app = appName != null ? appName : "<app>";
    return switch (key) {
      case "log.dir" -> HostPaths.defaultLogDir(app);
      case "bin_dir" -> HostPaths.defaultBinDir(app);
      case "virtualenv" -> "/srv/" + app + "/venv";
      case "supervisor.home" -> "/srv/" + app + "/supervisor";
      default -> "/srv/" + app;
    };
  }

  private Map<String, String> environment(Node node) {
    Map<String, String> env = new LinkedHashMap<>();
    if (node == null || NodeReader.isAbsent(node)) {
      return env;
    }
    Map<String, Node> map = reader.mapping(node, "environment", null);
    if (map == null) {
      return env;
    }
    for (Map.Entry<String, Node> e : map.entrySet()) {
      String key = "environment." + e.getKey();
      Node value = e.getValue();
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        reader.error(reader.keyNode(key), key, key + ": expected a variable name matching [A-Za-z_][A-Za-z0-9_]*, found " + NodeReader.quote(e.getKey()));
        continue;
      }
      if (!(value instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
        reader.error(value, key, key + ": expected a string (write '' for an empty value), found " + NodeReader.describe(value));
        continue;
      }
      if (scalar.getValue().indexOf('\0') >= 0) {
        errorAtFirst(value, key, scalar.getValue(), c -> c == 0,
            key + ": expected a value without NUL characters, which no process environment can hold, found "
            + NodeReader.quote(scalar.getValue()));
        continue;
      }
      env.put(e.getKey(), scalar.getValue());
    }
    return env;
  }

  /** The variables procgen itself sets for a process, which a secret may not replace. */
  private static final List<String> OWN_VARIABLES = List.of("PATH", "VIRTUAL_ENV", "PORT");

  /**
   * Reads {@code secrets}: a list of variable names, each once, none that {@code environment}
   * sets or that procgen sets itself ({@code PATH}, {@code VIRTUAL_ENV}, {@code PORT}).
   */
  private List<String> secrets(Node node, Map<String, String> environment) {
    List<String> names = new ArrayList<>();
    if (node == null || NodeReader.isAbsent(node)) {
      return names;
    }
    if (!(node instanceof SequenceNode seq)) {
      reader.error(node, "secrets", "secrets: expected a list of variable names, found " + NodeReader.describe(node));
      return names;
    }
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node item = seq.getValue().get(i);
      String key = "secrets[" + i + "]";
      if (!(item instanceof ScalarNode scalar) || NodeReader.isAbsent(item)) {
        reader.error(item, key, key + ": expected a variable name, found " + NodeReader.describe(item));
        continue;
      }
      String name = scalar.getValue();
      if (!ENV_NAME.matcher(name).matches()) {
        reader.error(item, key, key + ": expected a variable name matching [A-Za-z_][A-Za-z0-9_]*, found "
            + NodeReader.quote(name));
      } else if (environment.containsKey(name)) {
        reader.error(item, key, key + ": expected a name that environment does not set, found " + NodeReader.quote(name)
            + ", which is in both environment and secrets; keep its value in the secrets file only");
      } else if (OWN_VARIABLES.contains(name)) {
        reader.error(item, key, key + ": expected a name other than " + String.join(", ", OWN_VARIABLES)
            + ", which procgen sets itself, found " + NodeReader.quote(name));
      } else if (names.contains(name)) {
        reader.error(item, key, key + ": expected each name once, found " + NodeReader.quote(name) + " again");
      } else {
        names.add(name);
      }
    }
    return names;
  }

  private LogSettings log(Node node, String app) {
    Map<String, Node> map = node == null || NodeReader.isAbsent(node) ? Map.of() : logMap(node, "log", LOG_KEYS);
    if (map == null) {
      return null;
    }
    Optional<String> dir = path(map.get("dir"), "log.dir");
    LogLevel level = LogLevel.INFO;
    Optional<String> levelText = reader.scalar(map.get("level"), "log.level");
    if (levelText.isPresent()) {
      Optional<LogLevel> parsed = Optional.empty();
      for (LogLevel l : LogLevel.values()) {
        if (l.id().equals(levelText.get())) {
          parsed = Optional.of(l);
        }
      }
      if (parsed.isEmpty()) {
        reader.error(map.get("level"), "log.level", "log.level: expected one of "
            + Arrays.stream(LogLevel.values()).map(LogLevel::id).collect(Collectors.joining(", "))
            + ", found " + NodeReader.quote(levelText.get()));
      } else {
        level = parsed.get();
      }
    }
    return new LogSettings(dir, level);
  }

  /** The {@code log} mappings read so far, by node, so that each is read (and reported) once. */
  private final java.util.IdentityHashMap<Node, Map<String, Node>> logMaps = new java.util.IdentityHashMap<>();

  /** Reads a {@code log} mapping once; an absent one is empty, and one that is not a mapping null. */
  private Map<String, Node> logMap(Node node, String key, List<String> known) {
    if (node == null || NodeReader.isAbsent(node)) {
      return Map.of();
    }
    if (!logMaps.containsKey(node)) {
      logMaps.put(node, reader.mapping(node, key, known));
    }
    return logMaps.get(node);
  }

  /**
   * Reads one level's {@code stop}, {@code reload}, {@code limits} and {@code log.rotate}: the
   * app's ({@code prefix} empty) or a process's ({@code prefix} {@code processes.<name>.}).
   */
  private Controls controls(Map<String, Node> map, String prefix, Map<String, Node> log) {
    Optional<Signal> stopSignal = Optional.empty();
    OptionalInt stopTimeout = OptionalInt.empty();
    Node stopNode = map.get("stop");
    if (stopNode != null && !NodeReader.isAbsent(stopNode)) {
      Map<String, Node> stop = reader.mapping(stopNode, prefix + "stop", STOP_KEYS);
      if (stop != null) {
        stopSignal = signal(stop.get("signal"), prefix + "stop.signal", false);
        stopTimeout = reader.integer(stop.get("timeout"), prefix + "stop.timeout", 1, MAX_STOP_TIMEOUT, "a number of seconds");
      }
    }
    Optional<Controls.Reload> reload = Optional.empty();
    Node reloadNode = map.get("reload");
    if (reloadNode != null && !NodeReader.isAbsent(reloadNode)) {
      Map<String, Node> r = reader.mapping(reloadNode, prefix + "reload", RELOAD_KEYS);
      if (r != null) {
        Optional<String> text = reader.scalar(r.get("signal"), prefix + "reload.signal");
        if (text.isPresent() && text.get().equals("none")) {
          reload = Optional.of(Controls.Reload.NONE);
        } else {
          Optional<Signal> signal = signal(r.get("signal"), prefix + "reload.signal", true);
          if (signal.isPresent()) {
            reload = Optional.of(new Controls.Reload(signal));
          }
        }
      }
    }
    Map<Limit.Resource, Limit> limits = new EnumMap<>(Limit.Resource.class);
    Node limitsNode = map.get("limits");
    if (limitsNode != null && !NodeReader.isAbsent(limitsNode)) {
      List<String> known = new ArrayList<>();
      for (Limit.Resource r : Limit.Resource.values()) {
        known.add(r.id());
      }
      Map<String, Node> l = reader.mapping(limitsNode, prefix + "limits", known);
      if (l != null) {
        for (Map.Entry<String, Node> e : l.entrySet()) {
          Limit.Resource resource = Limit.Resource.byId(e.getKey());
          OptionalLong value = limit(e.getValue(), prefix + "limits." + e.getKey(), resource);
          if (value.isPresent()) {
            limits.put(resource, new Limit(resource, value.getAsLong()));
          }
        }
      }
    }
    Optional<Rotator> by = Optional.empty();
    OptionalLong size = OptionalLong.empty();
    OptionalInt keep = OptionalInt.empty();
    Node rotateNode = log == null ? null : log.get("rotate");
    String rotateKey = prefix + "log.rotate";
    if (rotateNode != null && !NodeReader.isAbsent(rotateNode)) {
      Map<String, Node> rotate = reader.mapping(rotateNode, rotateKey, ROTATE_KEYS);
      if (rotate != null) {
        Optional<String> byText = reader.scalar(rotate.get("by"), rotateKey + ".by");
        if (byText.isPresent()) {
          for (Rotator r : Rotator.values()) {
            if (r.id().equals(byText.get())) {
              by = Optional.of(r);
            }
          }
          if (by.isEmpty()) {
            List<String> ids = new ArrayList<>();
            for (Rotator r : Rotator.values()) {
              ids.add(r.id());
            }
            reader.error(rotate.get("by"), rotateKey + ".by", rotateKey + ".by: expected one of " + String.join(", ", ids)
                + ", found " + NodeReader.quote(byText.get()));
          }
        }
        size = size(rotate.get("size"), rotateKey + ".size", 1, MAX_ROTATE_SIZE, false);
        keep = reader.integer(rotate.get("keep"), rotateKey + ".keep", 0, MAX_ROTATE_KEEP, "a number of rotated files");
        if (by.isPresent() && by.get() == Rotator.NONE) {
          for (String k : List.of("size", "keep")) {
            Node n = rotate.get(k);
            if (n != null && !NodeReader.isAbsent(n)) {
              reader.error(n, rotateKey + "." + k, rotateKey + "." + k + ": expected no " + k + " when " + rotateKey
                  + ".by is none, because nothing rotates the files, found " + NodeReader.describe(n));
            }
          }
        }
      }
    }
    return new Controls(stopSignal, stopTimeout, reload, limits, by, size, keep);
  }

  /** Reads a signal name, with or without SIG; {@code reload} limits it to the signals that reload. */
  private Optional<Signal> signal(Node node, String key, boolean reload) {
    Optional<String> text = reader.scalar(node, key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    for (Signal s : Signal.values()) {
      if (!reload || s.canReload()) {
        names.add(s.id());
      }
    }
    String expected = key + ": expected " + (reload ? "none or " : "") + "one of " + String.join(", ", names)
        + " (a signal name as kill -l gives it, with or without SIG), found " + NodeReader.quote(text.get());
    Signal signal = Signal.byName(text.get());
    if (signal == null) {
      reader.error(node, key, expected);
      return Optional.empty();
    }
    if (reload && !signal.canReload()) {
      reader.error(node, key, expected + ", which ends the process instead of reloading it");
      return Optional.empty();
    }
    return Optional.of(signal);
  }

  /** Reads a limit: a count for nofile and nproc, a size for core and memlock, or unlimited where allowed. */
  private OptionalLong limit(Node node, String key, Limit.Resource resource) {
    if (node == null || NodeReader.isAbsent(node)) {
      return OptionalLong.empty();
    }
    if (node instanceof ScalarNode s && s.getValue().equals("unlimited") && !s.getTag().equals(Tag.NULL)) {
      if (!resource.mayBeUnlimited()) {
        reader.error(node, key, key + ": expected " + limitExpected(resource) + ", found 'unlimited', which the kernel "
            + "refuses for " + resource.what() + " (setrlimit(2): at most fs.nr_open)");
        return OptionalLong.empty();
      }
      return OptionalLong.of(Limit.UNLIMITED);
    }
    if (resource.inBytes()) {
      return size(node, key, resource.min(), resource.max(), true);
    }
    if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT) && s.getValue().matches("0|[1-9][0-9]{0,18}")) {
      long value = Long.parseLong(s.getValue());
      if (value >= resource.min() && value <= resource.max()) {
        return OptionalLong.of(value);
      }
      reader.error(node, key, key + ": expected " + limitExpected(resource) + ", found " + value);
      return OptionalLong.empty();
    }
    reader.error(node, key, key + ": expected " + limitExpected(resource) + ", found " + NodeReader.describe(node));
    return OptionalLong.empty();
  }

  private static String limitExpected(Limit.Resource resource) {
    String range = resource.inBytes()
        ? "a size in bytes from 0 (a whole number, or one with K, M, G or T: 64M)"
        : "a number of " + resource.what() + " from " + resource.min() + " to " + resource.max();
    return range + (resource.mayBeUnlimited() ? ", or unlimited" : "");
  }

  /**
   * Reads a size: a whole number of bytes, or digits followed by K (or k), M, G or T, each 1024
   * times the one before (logrotate(8) "size", systemd.exec(5) "LimitCORE=").
   */
  private OptionalLong size(Node node, String key, long min, long max, boolean unlimitedToo) {
    if (node == null || NodeReader.isAbsent(node)) {
      return OptionalLong.empty();
    }
    String expected = key + ": expected a size in bytes from " + min + " to " + (max == Long.MAX_VALUE ? "2^63-1" : human(max))
        + " (a whole number, or one with K, M, G or T: 50M)" + (unlimitedToo ? " or unlimited" : "");
    if (!(node instanceof ScalarNode s) || !(s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.STR))) {
      reader.error(node, key, expected + ", found " + NodeReader.describe(node));
      return OptionalLong.empty();
    }
    var m = SIZE.matcher(s.getValue());
    // Digits alone are a YAML integer; quoted ("1024") they are text, as for every number of the descriptor.
    if (!m.matches() || (m.group(2).isEmpty() && !s.getTag().equals(Tag.INT))) {
      reader.error(node, key, expected + ", found " + NodeReader.quote(s.getValue()));
      return OptionalLong.empty();
    }
    int shift = switch (m.group(2)) {
      case "k", "K" -> 10;
      case "M" -> 20;
      case "G" -> 30;
      case "T" -> 40;
      default -> 0;
    };
    BigInteger value = new BigInteger(m.group(1)).shiftLeft(shift);
    if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
      reader.error(node, key, expected + ", found " + NodeReader.quote(s.getValue()));
      return OptionalLong.empty();
    }
    return OptionalLong.of(value.longValueExact());
  }

  /** Writes a size with the largest unit that divides it, for messages. */
  static String human(long bytes) {
    String[] units = {"T", "G", "M", "K"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      if (bytes != 0 && bytes % (1L << shifts[i]) == 0) {
        return (bytes >> shifts[i]) + units[i];
      }
    }
    return Long.toString(bytes);
  }

  private Respawn respawn(Node node) {
    if (node == null || NodeReader.isAbsent(node)) {
      return Respawn.DEFAULT;
    }
    Map<String, Node> map = reader.mapping(node, "respawn", RESPAWN_KEYS);
    if (map == null) {
      return Respawn.DEFAULT;
    }
    int limit = reader.integer(map.get("limit"), "respawn.limit", 1, MAX_RESPAWN_LIMIT, "a number of restarts")
        .orElse(Respawn.DEFAULT.limit());
    int interval = reader.integer(map.get("interval"), "respawn.interval", 1, MAX_RESPAWN_INTERVAL, "a number of seconds")
        .orElse(Respawn.DEFAULT.interval());
    return new Respawn(limit, interval);
  }

  private List<Process> processes(Node node, Node root) {
    List<Process> list = new ArrayList<>();
    if (node == null || NodeReader.isAbsent(node)) {
      reader.error(node != null ? node : root, "processes",
          "processes: expected a mapping of at least one process name to its settings, found nothing (the key is required)");
      return list;
    }
    Map<String, Node> map = reader.mapping(node, "processes", null);
    if (map == null) {
      return list;
    }
    if (map.isEmpty()) {
      reader.error(node, "processes", "processes: expected at least one process, found an empty mapping");
    }
    for (Map.Entry<String, Node> e : map.entrySet()) {
      String key = "processes." + e.getKey();
      String name = checkName(reader.keyNode(key), key, e.getKey());
      Process p = process(e.getValue(), key, name);
      if (p != null) {
        list.add(p);
      }
    }
    return list;
  }

  private Process process(Node node, String key, String name) {
    Map<String, Node> map = reader.mapping(node, key, PROCESS_KEYS);
    if (map == null) {
      return null;
    }
    int before = reader.problemCount();
    List<String> command = command(map.get("command"), key + ".command", node);
    Optional<Server> server = Optional.empty();
    Optional<String> serverText = reader.scalar(map.get("server"), key + ".server");
    if (serverText.isPresent()) {
      for (Server s : Server.values()) {
        if (s.id().equals(serverText.get())) {
          server = Optional.of(s);
        }
      }
      if (server.isEmpty()) {
        reader.error(map.get("server"), key + ".server", key + ".server: expected one of "
            + Arrays.stream(Server.values()).map(Server::id).collect(Collectors.joining(", "))
            + ", found " + NodeReader.quote(serverText.get()));
      }
    }
    OptionalInt workers = reader.integer(map.get("workers"), key + ".workers", 1, MAX_WORKERS, "a number of workers");
    Optional<String> bind = reader.scalar(map.get("bind"), key + ".bind");
    int instances = reader.integer(map.get("instances"), key + ".instances", 1, MAX_INSTANCES, "a number of instances").orElse(1);
    OptionalInt port = reader.integer(map.get("port"), key + ".port", 1, 65535, "a port number");

    if (port.isPresent() && port.getAsInt() + instances - 1 > 65535) {
      reader.error(map.get("port"), key + ".port", key + ".port: expected port + instances - 1 <= 65535, found port "
          + port.getAsInt() + " with " + instances + " instances (last port " + (port.getAsInt() + instances - 1) + ")");
    }
    boolean serverless = serverText.isEmpty();
    if (serverless && workers.isPresent()) {
      reader.error(map.get("workers"), key + ".workers", key + ".workers: expected only with a server preset (server: gunicorn), found "
          + workers.getAsInt() + " without one");
    }
    if (serverless && bind.isPresent()) {
      reader.error(map.get("bind"), key + ".bind", key + ".bind: expected only with a server preset (server: gunicorn), found "
          + NodeReader.quote(bind.get()) + " without one");
    }
    if (bind.isPresent()) {
      checkBind(map.get("bind"), key + ".bind", bind.get(), instances, port);
    } else if (!serverless && instances > 1 && port.isEmpty()) {
      reader.error(map.get("instances"), key + ".instances", key + ".port: expected a first port for " + instances
          + " instances of a server, so that each binds its own, found no port");
    }
    if (command != null && port.isEmpty()) {
      for (int i = 0; i < command.size(); i++) {
        if (command.get(i).contains(Process.PORT_PLACEHOLDER)) {
          reader.errorAtWord(key + ".command", i, map.get("command"), key + ".command: expected {port} only when " + key
              + ".port is set, found {port} with no port in " + NodeReader.quote(command.get(i)));
          break;
        }
      }
    }
    Optional<String> health = reader.scalar(map.get("health"), key + ".health");
    if (health.isPresent() && (!HEALTH.matcher(health.get()).matches() || health.get().length() > MAX_HEALTH)) {
      reader.error(map.get("health"), key + ".health", key + ".health: expected the path of a URL each instance answers "
          + "once it is ready, such as /healthz: '/' then letters, digits, -._~!$&'()*+,;=:@/? and %XX escapes "
          + "(RFC 3986), at most " + MAX_HEALTH + " characters, found " + NodeReader.quote(health.get()));
    } else if (health.isPresent() && port.isEmpty() && bind.isEmpty() && serverless) {
      reader.error(map.get("health"), key + ".health", key + ".health: expected only with a port or bind, where the "
          + "instances answer HTTP, found " + NodeReader.quote(health.get()) + " with neither");
    }
    Controls controls = controls(map, key + ".", logMap(map.get("log"), key + ".log", PROCESS_LOG_KEYS));
    if (reader.problemCount() > before || name == null || command == null) {
      return null;
    }
    return new Process(name, command, server, workers.orElse(1), bind, instances, port, health, controls);
  }

  /**
   * Reads {@code proxy}: where nginx listens, its server names, and the process it proxies to,
   * which defaults to the only process with a port or bind.
   *
   * @param processes the processes that bound without a problem
   * @param processesNode the {@code processes} mapping, to tell a process that had problems from
   *     one that does not exist
   */
  private Optional<Proxy> proxy(Node node, List<Process> processes, Node processesNode) {
    if (node == null || NodeReader.isAbsent(node)) {
      return Optional.empty();
    }
    Map<String, Node> map = reader.mapping(node, "proxy", PROXY_KEYS);
    if (map == null) {
      return Optional.empty();
    }
    int before = reader.problemCount();
    Proxy.Listen listen = listen(map.get("listen"));
    List<String> names = serverNames(map.get("server_name"));
    List<String> declared = new ArrayList<>();
    if (processesNode instanceof org.yaml.snakeyaml.nodes.MappingNode m) {
      for (var tuple : m.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k) {
          declared.add(k.getValue());
        }
      }
    }
    boolean allBound = processes.size() == declared.size();
    List<String> listening = new ArrayList<>();
    for (Process p : processes) {
      if (p.port().isPresent() || p.bind().isPresent() || p.server().isPresent()) {
        listening.add(p.name());
      }
    }
    String process = null;
    Optional<String> given = reader.scalar(map.get("process"), "proxy.process");
    if (given.isPresent()) {
      Optional<Process> found = processes.stream().filter(p -> p.name().equals(given.get())).findFirst();
      if (found.isPresent() && listening.contains(given.get())) {
        process = given.get();
      } else if (found.isPresent()) {
        reader.error(map.get("process"), "proxy.process", "proxy.process: expected a process with a port or bind, "
            + "whose instances the proxy can reach, found " + NodeReader.quote(given.get()) + ", which has neither");
      } else if (!declared.contains(given.get())) {
        reader.error(map.get("process"), "proxy.process", "proxy.process: expected one of the processes ("
            + String.join(", ", declared) + "), found " + NodeReader.quote(given.get()));
      }
    } else if (listening.size() == 1) {
      process = listening.get(0);
    } else if (allBound && listening.isEmpty()) {
      reader.error(node, "proxy", "proxy: expected a process with a port or bind to proxy to, found none among "
          + String.join(", ", declared));
    } else if (allBound) {
      reader.error(node, "proxy", "proxy.process: expected the process to proxy to, because several have a port or bind ("
          + String.join(", ", listening) + "), found nothing");
    }
    if (listen != null && map.get("listen") != null) {
      // nginx could not bind a port that an instance of the app already listens on.
      for (Process p : processes) {
        if (p.port().isPresent() && listen.port() >= p.port().getAsInt()
            && listen.port() < p.port().getAsInt() + p.instances()) {
          reader.error(map.get("listen"), "proxy.listen", "proxy.listen: expected a port that no instance of the app "
              + "listens on, found " + listen.port() + ", which processes." + p.name() + " uses (ports "
              + p.port().getAsInt() + (p.instances() > 1 ? " to " + (p.port().getAsInt() + p.instances() - 1) : "") + ")");
        }
      }
    }
    if (reader.problemCount() > before || listen == null || names == null || process == null) {
      return Optional.empty();
    }
    return Optional.of(new Proxy(listen, names, process));
  }

  /** Reads {@code proxy.listen}: a port, or address:port; absent means port 80 on every address. */
  private Proxy.Listen listen(Node node) {
    String key = "proxy.listen";
    if (node == null || NodeReader.isAbsent(node)) {
      return new Proxy.Listen(Optional.empty(), Proxy.DEFAULT_PORT);
    }
    String expected = key + ": expected a port (1-65535) or address:port, where the address is an IPv4 address, an "
        + "IPv6 address in brackets, * or a host name, found ";
    if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
      OptionalInt port = reader.integer(node, key, 1, 65535, "a port (or address:port)");
      return port.isPresent() ? new Proxy.Listen(Optional.empty(), port.getAsInt()) : null;
    }
    Optional<String> text = reader.scalar(node, key);
    if (text.isEmpty()) {
      return null;
    }
    if (text.get().matches("[0-9]{1,5}")) {
      int port = Integer.parseInt(text.get());
      if (port >= 1 && port <= 65535) {
        return new Proxy.Listen(Optional.empty(), port);
      }
    }
    var m = LISTEN.matcher(text.get());
    if (!m.matches()) {
      reader.error(node, key, expected + NodeReader.quote(text.get()));
      return null;
    }
    String host = m.group(1);
    int port = Integer.parseInt(m.group(2));
    boolean hostOk;
    if (host.startsWith("[")) {
      hostOk = isIpv6(host.substring(1, host.length() - 1));
    } else if (IPV4.matcher(host).matches()) {
      hostOk = Arrays.stream(host.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
    } else {
      hostOk = host.equals("*") || (HOST_NAME.matcher(host).matches() && host.length() <= 253
          && !host.replace(".", "").chars().allMatch(Character::isDigit));
    }
    if (!hostOk || port < 1 || port > 65535) {
      reader.error(node, key, expected + NodeReader.quote(text.get()));
      return null;
    }
    return new Proxy.Listen(Optional.of(host), port);
  }

  /** True for an IPv6 address as RFC 4291 writes it (section 2.2), IPv4 tail included. */
  private static boolean isIpv6(String text) {
    if (!text.contains(":")) {
      return false;
    }
    try {
      // A text with ':' is parsed as an address literal; no name is ever looked up.
      return java.net.InetAddress.getByName(text) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** Reads {@code proxy.server_name}: one name or a list of names; absent means none. */
  private List<String> serverNames(Node node) {
    String key = "proxy.server_name";
    if (node == null || NodeReader.isAbsent(node)) {
      return List.of();
    }
    List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
    if (items.isEmpty()) {
      reader.error(node, key, key + ": expected a server name or a list of them, found an empty list");
      return null;
    }
    List<String> names = new ArrayList<>();
    boolean ok = true;
    for (Node item : items) {
      if (!(item instanceof ScalarNode s) || NodeReader.isAbsent(item)) {
        reader.error(item, key, key + ": expected every server name to be a string, found " + NodeReader.describe(item));
        ok = false;
        continue;
      }
      String name = s.getValue();
      boolean wildcards = (name.startsWith("*.") || name.startsWith(".")) && name.endsWith(".*");
      if (!SERVER_NAME.matcher(name).matches() || wildcards || name.length() > MAX_SERVER_NAME) {
        reader.error(item, key, key + ": expected a host name such as chat.example.com, with at most one wildcard "
            + "(*.example.com, .example.com or example.*) and no regular expression, found " + NodeReader.quote(name));
        ok = false;
      } else if (!names.contains(name)) {
        names.add(name);
      }
    }
    return ok ? names : null;
  }

  private void checkBind(Node node, String key, String bind, int instances, OptionalInt port) {
    if (bind.startsWith("unix:")) {
      String socket = bind.substring("unix:".length()).replace(Process.PORT_PLACEHOLDER, "0");
      if (!HostPaths.isAbsoluteNormal(socket)) {
        reader.error(node, key, key + ": expected unix: followed by an absolute socket path, found " + NodeReader.quote(bind));
        return;
      }
      // A socket is a file: with a final '/', bind(2) fails and the bootstrap script would make a folder of its name.
      if (socket.endsWith("/")) {
        reader.error(node, key, key + ": expected unix: followed by the path of a socket file, which does not end in '/', "
            + "found " + NodeReader.quote(bind));
        return;
      }
      // The bootstrap script creates the socket's folder.
      Optional<String> tree = HostPaths.managedTree(socket);
      if (tree.isPresent() && !HostPaths.isSystemFolder(socket.substring(0, Math.max(1, socket.lastIndexOf('/'))))) {
        reader.error(node, key, key + ": expected a socket in a folder of the app's own, such as unix:/run/"
            + (appName != null ? appName : "<app>") + "/<name>.sock, found " + NodeReader.quote(bind) + ", whose folder is below "
            + tree.get() + ", a tree the kernel, the boot loader or logind manages, where the bootstrap script must create nothing");
        return;
      }
    } else {
      var m = TCP_BIND.matcher(bind);
      if (!m.matches() || (!m.group(2).equals(Process.PORT_PLACEHOLDER) && (Integer.parseInt(m.group(2)) < 1
          || Integer.parseInt(m.group(2)) > 65535))) {
        reader.error(node, key, key + ": expected host:port (port 1-65535 or {port}) or unix:/path, found " + NodeReader.quote(bind));
        return;
      }
    }
    boolean templated = bind.contains(Process.PORT_PLACEHOLDER);
    if (templated && port.isEmpty()) {
      reader.error(node, key, key + ": expected {port} only when the process's port is set, found {port} with no port");
    } else if (!templated && instances > 1) {
      reader.error(node, key, key + ": expected an address with {port}, because " + instances
          + " instances cannot share one address, found " + NodeReader.quote(bind));
    }
  }

  /**
   * Reads a command, written as shell words or as a list of words. Problems about one word are
   * reported at that word ({@link NodeReader#words}), and a shell syntax problem at its character.
   *
   * <p>A leading word of the form {@code NAME=value} is refused: POSIX sh takes it as a variable
   * assignment for the command (Shell Command Language, section 2.9.1, "Simple Commands"), bash's
   * {@code exec} and supervisord as the program's name, and systemd as neither, so the targets
   * would disagree. The descriptor's {@code environment} says the same thing for every target.
   * Such words after the program, {@code server FOO=bar} or {@code env FOO=bar server}, are
   * arguments and pass.
   */
  private List<String> command(Node node, String key, Node parent) {
    if (node == null || NodeReader.isAbsent(node)) {
      reader.error(node != null ? node : parent, key, key + ": expected the command as shell words or a list of words, found nothing (the key is required)");
      return null;
    }
    List<String> words = new ArrayList<>();
    if (node instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) {
        if (!(item instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
          reader.error(item, key, key + ": expected every word to be a string, found " + NodeReader.describe(item));
          return null;
        }
        words.add(s.getValue());
      }
      reader.words(key, node, List.of());
    } else if (node instanceof ScalarNode scalar) {
      try {
        List<ShellWords.Word> split = ShellWords.words(scalar.getValue());
        List<Integer> offsets = new ArrayList<>(split.size());
        for (ShellWords.Word w : split) {
          words.add(w.text());
          offsets.add(w.offset());
        }
        reader.words(key, node, List.copyOf(offsets));
      } catch (ShellWords.SyntaxException e) {
        reader.errorAt(scalar, e.offset(), key + ": expected plain shell words with no shell features, found " + e.getMessage()
            + " at character " + (e.offset() + 1) + " of " + NodeReader.quote(scalar.getValue()));
        return null;
      }
    } else {
      reader.error(node, key, key + ": expected the command as shell words or a list of words, found " + NodeReader.describe(node));
      return null;
    }
    if (words.isEmpty()) {
      reader.error(node, key, key + ": expected a program to run as the first word, found " + NodeReader.describe(node));
      return null;
    }
    if (words.get(0).isEmpty()) {
      reader.errorAtWord(key, 0, node, key + ": expected a program to run as the first word, found an empty word");
      return null;
    }
    boolean ok = true;
    for (int i = 0; i < words.size() && isAssignment(words.get(i)); i++) {
      String word = words.get(i);
      String name = word.substring(0, word.indexOf('='));
      reader.errorAtWord(key, i, node, key + ": expected a program to run as the first word, found the assignment "
          + NodeReader.quote(word) + " before it, which a shell would take as a variable for the program and other targets "
          + "as the program's name; set the variable under environment instead (environment: " + name + ": ...)");
      ok = false;
    }
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).indexOf('\0') >= 0) {
        reader.errorAtWord(key, i, node, key + ": expected words without NUL characters, which no argv can hold, found "
            + NodeReader.quote(words.get(i)));
        ok = false;
      }
    }
    return ok ? words : null;
  }

  /** True for {@code NAME=...} with {@code NAME} a shell variable name (POSIX Base Definitions, 3.235 "Name"). */
  private static boolean isAssignment(String word) {
    int eq = word.indexOf('=');
    return eq > 0 && ENV_NAME.matcher(word.substring(0, eq)).matches();
  }
}
