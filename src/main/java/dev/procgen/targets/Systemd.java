package dev.procgen.targets;

import java.util.Set;
import java.util.LinkedHashSet;
import dev.procgen.plan.Address;
import dev.procgen.model.Hardening;
import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.ControlChars;
import dev.procgen.model.HostPaths;
import dev.procgen.model.Limit;
import dev.procgen.model.Server;
import dev.procgen.plan.EnvVar;
import dev.procgen.plan.InstancePlan;
import dev.procgen.plan.LaunchPlan;
import dev.procgen.plan.ProcessPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders systemd units for {@code /etc/systemd/system}, by systemd.unit(5), systemd.service(5)
 * and systemd.exec(5) of systemd 252.
 *
 * <p>Each process is a service {@code <app>-<process>.service}, or a template {@code
 * <app>-<process>@.service} when it has several instances, whose instance name ({@code %i}) is the
 * port or the copy's number. {@code <app>.target} {@code Wants=} every service and is the one unit
 * to enable; each service is {@code PartOf=} it, so starting, stopping or restarting the target
 * acts on the whole app.
 *
 * <p>{@code ExecStart=} runs the command directly, with an absolute path: a bare program name is
 * looked up in the virtualenv's {@code bin}, or, without a virtualenv or with a {@code PATH} of
 * the descriptor's, by {@code /usr/bin/env} on the unit's {@code PATH}. A path with {@code '}, {@code "} or {@code \}, which systemd 252 will not
 * execute itself ({@code string_is_safe()} in {@code config_parse_exec()}, proved live), is run by
 * {@code /usr/bin/env} as well. In a template, {@code {port}} becomes {@code %i} in every word, the
 * program's path included. {@link SystemdQuoting} holds the quoting rules, and {@link #check}
 * refuses what no quoting carries, naming the key and the target. Running the command directly, rather than the run script, lets systemd
 * own everything the script would do (user, directory, environment, logging) and keeps every value
 * visible and checkable in the unit itself. Output goes to the journal.
 *
 * <p>Respawn limits are {@code StartLimitBurst=} (the limit plus the first start) and {@code
 * StartLimitIntervalSec=} in {@code [Unit]}, where systemd 229 moved them; {@code RestartSec=} is
 * half the interval spread over the limit, so that the restarts fit in the window and the limit
 * can trip.
 */
final class Systemd implements Installable {
  static final String ID = "systemd";
  static final String KIND = "systemd unit";
  static final int MIN_RESTART_MILLIS = 100;
  /** The instance-name specifier of a template unit (systemd.unit(5), "Specifiers"). */
  private static final String INSTANCE = "%i";
  /** Runs a bare program name from {@code PATH}, or a path systemd will not execute itself. */
  private static final String ENV = "/usr/bin/env";
  private static final String PATH = "PATH";
  /** Linux's longest file name, in bytes (limits.h). */
  private static final int NAME_MAX = 255;
  /** Linux's path buffer, in bytes, the final NUL included (limits.h). */
  private static final int PATH_MAX = 4096;
  /**
   * systemd 252's longest unit file line, in bytes with its newline ({@code LONG_LINE_MAX} in
   * src/basic/fileio.h, read by {@code config_parse()}); a live systemd 252 loads a line of
   * 1048575 bytes and its newline and refuses one of 1048576.
   */
  static final int LONG_LINE_MAX = 1024 * 1024;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "systemd services for /etc/systemd/system, and <app>.target";
  }

  @Override
  public List<GeneratedName> names(LaunchPlan plan) {
    List<GeneratedName> names = new ArrayList<>();
    names.add(GeneratedName.ofApp(KIND, targetName(plan), plan));
    for (ProcessPlan p : plan.processes()) {
      names.add(GeneratedName.ofProcess(KIND, serviceName(p), plan, p));
      if (p.isMultiInstance()) {
        for (InstancePlan i : p.instances()) {
          names.add(GeneratedName.ofInstance(KIND, instanceName(p, i), plan, p, i));
        }
      }
    }
    return names;
  }

  @Override
  public Optional<String> reserved(GeneratedName name) {
    String unit = name.value();
    if (ReservedNames.SYSTEMD_SPECIAL_UNITS.contains(unit)) {
      return Optional.of("a unit that systemd itself defines (" + ReservedNames.SYSTEMD_SPECIAL_SOURCE + ")");
    }
    if (ReservedNames.STOCK_SYSTEMD_UNITS.contains(unit)) {
      return Optional.of("a unit that a stock Debian, Ubuntu or RHEL host already has ("
          + ReservedNames.STOCK_SYSTEMD_SOURCE + ")");
    }
    for (String prefix : ReservedNames.RESERVED_PREFIXES) {
      if (unit.startsWith(prefix)) {
        return Optional.of("a unit name starting with '" + prefix + "', the prefix of systemd's own units ("
            + ReservedNames.PREFIX_SOURCE + ")");
      }
    }
    return Optional.empty();
  }

  @Override
  public List<Diagnostic> check(LaunchPlan plan, RenderContext context) {
    List<Diagnostic> problems = new ArrayList<>();
    String description = plan.app().description();
    if (!SystemdQuoting.canCarryPlain(description)) {
      problems.add(Diagnostic.at(plan.origin(), "description", "description: expected text that does not start with "
          + "a space for the systemd target (systemd strips the white space in front of a value, systemd.syntax(7)), "
          + "found '" + ControlChars.escaped(description) + "'"));
    }
    Optional<String> why = plan.app().directory().isPresent() ? invalidPath(plan.app().directory().get()) : Optional.empty();
    if (why.isPresent()) {
      problems.add(Diagnostic.at(plan.origin(), "directory", "directory: expected a path that systemd accepts for the "
          + "systemd target, found " + why.get() + " (systemd.exec(5), WorkingDirectory=)"));
    }
    for (var e : plan.app().environment().entrySet()) {
      if (!SystemdQuoting.canCarry(e.getValue())) {
        problems.add(Diagnostic.at(plan.origin(), "environment." + e.getKey(), "environment." + e.getKey()
            + ": expected a value without control characters or line breaks for the systemd target, found '"
            + ControlChars.escaped(e.getValue()) + "'"));
      }
    }
    for (ProcessPlan p : plan.processes()) {
      // A folder's problem is found once for each process that runs from it, and reported once.
      Optional<Diagnostic> command = checkCommand(plan, p);
      if (command.isPresent() && !problems.contains(command.get())) {
        problems.add(command.get());
      }
    }
    if (problems.isEmpty()) {
      problems.addAll(checkLines(plan, context));
    }
    return problems;
  }

  /**
   * Returns a problem for each line of the rendered units that systemd 252 will not read: a line
   * of {@link #LONG_LINE_MAX} bytes or more with its newline. systemd then leaves the whole unit
   * unloaded ({@code LoadState=error}, "No buffer space available"), so the process never starts.
   * The line is the one a setting of the descriptor fills, escaped ({@code %} is {@code %%}), so the
   * problem is at that setting.
   */
  private List<Diagnostic> checkLines(LaunchPlan plan, RenderContext context) {
    List<Diagnostic> problems = new ArrayList<>();
    for (RenderedFile file : render(List.of(plan), context)) {
      if (3L * file.content().length() + 1 <= LONG_LINE_MAX) {
        continue; // a UTF-16 unit is at most 3 UTF-8 bytes, so no line of this file is long
      }
      for (String line : file.content().split("\n", -1)) {
        int bytes = line.getBytes(StandardCharsets.UTF_8).length;
        if (bytes + 1 <= LONG_LINE_MAX) {
          continue;
        }
        String setting = line.substring(0, Math.max(0, line.indexOf('=')));
        String key = switch (setting) {
          case "Description" -> "description";
          case "WorkingDirectory" -> "directory";
          case "Environment" -> environmentKey(plan, line);
          case "ExecStart" -> commandKey(plan, file.path());
          default -> "processes";
        };
        Diagnostic d = Diagnostic.at(plan.origin(), key, key + ": expected a value whose line " + setting + "= in "
            + file.path() + " has at most " + (LONG_LINE_MAX - 1) + " bytes for the systemd target (systemd 252 "
            + "reads a unit line of less than LONG_LINE_MAX, 1 MiB, with its newline, and leaves a unit with a longer "
            + "one unloaded: config_parse() in src/shared/conf-parser.c), found " + bytes + " bytes");
        if (!problems.contains(d)) {
          problems.add(d);
        }
      }
    }
    return problems;
  }

  /** Returns the key of the variable that an {@code Environment="NAME=…"} line sets. */
  private static String environmentKey(LaunchPlan plan, String line) {
    String assignment = line.substring("Environment=\"".length());
    String name = assignment.substring(0, Math.max(0, assignment.indexOf('=')));
    return plan.app().environment().containsKey(name) ? "environment." + name
        : plan.app().virtualenv().isPresent() ? "virtualenv" : "environment";
  }

  /** Returns the first reason why the systemd target cannot run {@code p}'s command, if any. */
  private static Optional<Diagnostic> checkCommand(LaunchPlan plan, ProcessPlan p) {
    String key = p.key() + ".command";
    String program = p.command().get(0);
    for (int w = 0; w < p.command().size(); w++) {
      if (!SystemdQuoting.canCarry(p.command().get(w))) {
        return Optional.of(Diagnostic.atWord(plan.origin(), key, w, key
            + ": expected words without control characters or line breaks for the systemd target, found '"
            + ControlChars.escaped(p.command().get(w)) + "'"));
      }
    }
    if (!program.startsWith("/") && program.contains("/") && plan.app().directory().isEmpty()) {
      return Optional.of(Diagnostic.atWord(plan.origin(), key, 0, key + ": expected an absolute program path, a bare name, "
          + "or directory set for the systemd target, found the relative path '" + program + "' with no directory"));
    }
    for (InstancePlan i : p.instances()) {
      String word = i.argv().get(0);
      SystemdQuoting.Word executable = executable(plan, word);
      if (executable == null) {
        // /usr/bin/env reads a word with '=' as a variable to set, and one that starts with '-' as an option.
        if (word.contains("=") || word.startsWith("-")) {
          return Optional.of(Diagnostic.atWord(plan.origin(), key, 0, key + ": expected a program name without '=' and not "
              + "starting with '-' for the systemd target, which runs a bare name through /usr/bin/env (env(1) reads "
              + "such a word as a variable or an option), found '" + word + "'"));
        }
        continue;
      }
      String path = executable.value();
      if (path.endsWith("/")) {
        return Optional.of(Diagnostic.atWord(plan.origin(), key, 0, key + ": expected a program path that does not end in "
            + "'/' for the systemd target (systemd.service(5): \"Executable path specifies a directory\"), found '"
            + path + "'"));
      }
      // A problem that the folder procgen puts in front of the program has by itself is that folder's.
      String folder = executable.literal();
      String owner = folder.isEmpty() ? key : program.contains("/") ? "directory" : "virtualenv";
      Optional<String> invalid = invalidPath(path);
      if (invalid.isPresent()) {
        boolean folders = invalidPath(folder).isPresent();
        String where = folders ? owner : key;
        return Optional.of(Diagnostic.at(plan.origin(), where, where + ": expected a program path that systemd "
            + "accepts for the systemd target, found " + (folders ? invalidPath(folder).get() : invalid.get())
            + " (systemd.service(5), ExecStart=)"));
      }
      if (!SystemdQuoting.canExecute(path) && path.contains("=")) {
        boolean folders = !SystemdQuoting.canExecute(folder) && folder.contains("=");
        String where = folders ? owner : key;
        return Optional.of(Diagnostic.at(plan.origin(), where, where + ": expected a program path without '=' when "
            + "it holds a quote or a backslash, for the systemd target (systemd refuses ' \" \\ in an executable, "
            + "so the unit runs it through /usr/bin/env, which reads a word with '=' as a variable), found '"
            + (folders ? folder.substring(0, folder.length() - 1) : path) + "'"));
      }
    }
    return Optional.empty();
  }

  /**
   * Returns why systemd 252's {@code path_is_valid()} refuses the absolute path {@code path}, if
   * it does: a segment longer than {@code NAME_MAX} (255 bytes) or a path of {@code PATH_MAX}
   * (4096 bytes) or more, limits that Linux itself sets (limits.h).
   */
  private static Optional<String> invalidPath(String path) {
    if (path.getBytes(StandardCharsets.UTF_8).length >= PATH_MAX) {
      return Optional.of("a path of " + path.getBytes(StandardCharsets.UTF_8).length + " bytes, over PATH_MAX ("
          + (PATH_MAX - 1) + " bytes)");
    }
    for (String segment : path.split("/")) {
      int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > NAME_MAX) {
        return Optional.of("a segment of " + bytes + " bytes, over NAME_MAX (" + NAME_MAX + " bytes), in '" + path
            + "'");
      }
    }
    return Optional.empty();
  }

  @Override
  public List<RenderedFile> render(List<LaunchPlan> plans, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    for (LaunchPlan plan : plans) {
      List<String> wants = new ArrayList<>();
      for (ProcessPlan p : plan.processes()) {
        files.add(new RenderedFile(serviceName(p), Templates.render(ID, "service", service(plan, p)), false,
            List.of(plan.origin().source())));
        if (p.isMultiInstance()) {
          for (InstancePlan i : p.instances()) {
            wants.add(instanceName(p, i));
          }
        } else {
          wants.add(serviceName(p));
        }
      }
      TargetUnit target = new TargetUnit(SystemdQuoting.plainInPlainUnit(plan.app().description()), String.join(" ", wants));
      files.add(new RenderedFile(targetName(plan), Templates.render(ID, "target", target), false,
          List.of(plan.origin().source())));
    }
    return files;
  }

  @Override
  public Optional<Placement> placement(LaunchPlan plan, RenderedFile file) {
    return Optional.of(new Placement.HostFile(HostPaths.join("/etc/systemd/system", file.path()), "644", "root", "root",
        true));
  }

  @Override
  public List<Tool> tools(LaunchPlan plan) {
    return List.of(new Tool("systemctl", "systemd"));
  }

  @Override
  public String activation(LaunchPlan plan) {
    return Templates.render(ID, "activate.sh", new Activation(ShellQuoting.quote(targetName(plan))));
  }

  /**
   * What {@code templates/systemd/activate.sh.mustache} reads.
   *
   * @param target the app's target unit, quoted for bash
   */
  record Activation(String target) {}

  static String targetName(LaunchPlan plan) {
    return plan.name() + ".target";
  }

  static String serviceName(ProcessPlan p) {
    return p.qualifiedName() + (p.isMultiInstance() ? "@" : "") + ".service";
  }

  /** Returns the unit that runs instance {@code i} of {@code p}: a template's instance, or the process's own service. */
  static String unitOf(ProcessPlan p, InstancePlan i) {
    return p.isMultiInstance() ? instanceName(p, i) : serviceName(p);
  }

  private static String instanceName(ProcessPlan p, InstancePlan i) {
    return p.qualifiedName() + "@" + i.id() + ".service";
  }

  private static Service service(LaunchPlan plan, ProcessPlan p) {
    boolean multi = p.isMultiInstance();
    List<String> environment = new ArrayList<>();
    for (EnvVar e : multi ? p.environment() : p.first().environment()) {
      environment.add(multi && e.source() == EnvVar.Source.PORT
          ? SystemdQuoting.environment(e.name(), e.value(), LaunchPlan.PORT_PLACEHOLDER, INSTANCE)
          : SystemdQuoting.environment(e.name(), e.value()));
    }
    List<String> argv = multi ? p.argv() : p.first().argv();
    String execStart = SystemdQuoting.commandLine(command(plan, argv), multi ? LaunchPlan.PORT_PLACEHOLDER : null,
        INSTANCE);
    return new Service(
        SystemdQuoting.plain(plan.app().description() + " (" + p.name() + ")") + (multi ? " " + INSTANCE : ""),
        targetName(plan),
        p.server().isPresent() && p.server().get() == Server.GUNICORN ? "notify" : "exec",
        plan.app().respawn().interval(),
        plan.app().respawn().limit() + 1,
        Templates.section(plan.app().user().isPresent() ? SystemdQuoting.plain(plan.app().user().get()) : null),
        Templates.section(plan.app().group().isPresent() ? SystemdQuoting.plain(plan.app().group().get()) : null),
        Templates.section(plan.app().directory().isPresent() ? SystemdQuoting.path(plan.app().directory().get()) : null),
        environment,
        Templates.section(plan.app().secrets().isEmpty() ? null : SystemdQuoting.path(plan.secretsFile())),
        Templates.section(plan.app().secrets().isEmpty() ? null : secretsCheck(plan)),
        execStart,
        restartMillis(plan) + "ms",
        // A main process that stops its own children gets the signal alone; stragglers are killed after.
        p.stop().mainProcessStopsChildren() ? "mixed" : "control-group",
        "SIG" + p.stop().signal(),
        p.stop().timeoutSeconds(),
        // systemd.service(5), "ExecReload=": kill(1) sends the signal to the main process, $MAINPID.
        Templates.section(p.reload().isPresent() ? p.reload().get().id() : null),
        limits(p),
        hardening(plan, p));
  }

  /**
   * The check that runs before the process ({@code ExecStartPre=}): systemd starts a process whose
   * variable the secrets file lacks with that variable unset, so {@code /bin/sh} fails the start,
   * naming the secret, when one is missing or empty. It sees the same environment as the process
   * (systemd.exec(5), "EnvironmentFile="). The names are plain variable names, so {@code eval} reads
   * exactly the variable named.
   */
  private static String secretsCheck(LaunchPlan plan) {
    List<SystemdQuoting.Word> words = new ArrayList<>();
    words.add(SystemdQuoting.Word.of("/bin/sh"));
    words.add(SystemdQuoting.Word.of("-c"));
    words.add(SystemdQuoting.Word.of("f=$1; shift; for n do eval \"v=\\${$n-}\"; if [ -z \"$v\" ]; then "
        + "echo \"secret $n is missing or empty in $f\" >&2; exit 1; fi; done"));
    words.add(SystemdQuoting.Word.of("sh"));
    words.add(SystemdQuoting.Word.of(plan.secretsFile()));
    for (String name : plan.app().secrets()) {
      words.add(SystemdQuoting.Word.of(name));
    }
    return SystemdQuoting.commandLine(words, null, INSTANCE);
  }

  /** The descriptor key of the command whose service is the unit file {@code path}. */
  private static String commandKey(LaunchPlan plan, String path) {
    for (ProcessPlan p : plan.processes()) {
      if (serviceName(p).equals(path)) {
        return p.key() + ".command";
      }
    }
    return "processes";
  }

  /**
   * Returns the words of {@code ExecStart=} for {@code argv}: the program as an absolute path (a
   * relative one under {@code directory}, a bare name in the virtualenv's {@code bin}), or, for a
   * bare name without a virtualenv or a path that systemd refuses as an executable ({@link
   * SystemdQuoting#canExecute}), run by {@code /usr/bin/env}, which takes it as an argument.
   */
  private static List<SystemdQuoting.Word> command(LaunchPlan plan, List<String> argv) {
    List<SystemdQuoting.Word> words = new ArrayList<>();
    String program = argv.get(0);
    SystemdQuoting.Word executable = executable(plan, program);
    if (executable == null || !SystemdQuoting.canExecute(executable.value())) {
      words.add(SystemdQuoting.Word.of(ENV));
    }
    words.add(executable == null ? SystemdQuoting.Word.of(program) : executable);
    for (String word : argv.subList(1, argv.size())) {
      words.add(SystemdQuoting.Word.of(word));
    }
    return words;
  }

  /**
   * Returns the program's absolute path, with the folder procgen puts in front of it as the
   * word's literal part, or null for a bare name without a virtualenv, or with a {@code PATH} in
   * the descriptor's environment, which {@code /usr/bin/env} looks up on {@code PATH}.
   */
  private static SystemdQuoting.Word executable(LaunchPlan plan, String program) {
    if (program.startsWith("/")) {
      return SystemdQuoting.Word.of(program);
    } else if (program.contains("/")) {
      return new SystemdQuoting.Word(folder(plan.app().directory().orElseThrow()), program);
    } else if (plan.app().virtualenv().isPresent() && !plan.app().environment().containsKey(PATH)) {
      return new SystemdQuoting.Word(folder(HostPaths.join(plan.app().virtualenv().get(), "bin")), program);
    }
    // A PATH of the descriptor's own replaces the virtualenv's, and the name is looked up on it, as
    // the run scripts and supervisord look it up.
    return null;
  }

  /** Returns {@code dir} ending in one slash, to put in front of a relative program. */
  private static String folder(String dir) {
    return HostPaths.join(dir, "");
  }

  /** Half the respawn interval spread over the limit, so that {@code limit} restarts fit in it. */
  static long restartMillis(LaunchPlan plan) {
    long spread = plan.app().respawn().interval() * 1000L / (2L * plan.app().respawn().limit());
    return Math.max(MIN_RESTART_MILLIS, spread);
  }

  /**
   * What {@code templates/systemd/service.mustache} reads; every value is already quoted.
   *
   * @param description {@code Description=}
   * @param target the app's target, for {@code PartOf=}
   * @param type {@code Type=}: {@code notify} for a server that tells systemd it is ready
   *     (gunicorn sends {@code READY=1} once its master listens: gunicorn/arbiter.py, 20.1.0),
   *     otherwise {@code exec}
   * @param startLimitInterval {@code StartLimitIntervalSec=}, in seconds
   * @param startLimitBurst {@code StartLimitBurst=}
   * @param user {@code User=}, if set
   * @param group {@code Group=}, if set
   * @param directory {@code WorkingDirectory=}, if set
   * @param environment one {@code Environment=} assignment each
   * @param environmentFile {@code EnvironmentFile=}: the secrets file, when the app has secrets
   * @param execStartPre {@code ExecStartPre=}: the check that every secret is set, when the app has
   *     secrets
   * @param execStart {@code ExecStart=}
   * @param restartSec {@code RestartSec=}, with its unit
   * @param killMode {@code KillMode=}
   * @param killSignal {@code KillSignal=}
   * @param timeoutStop {@code TimeoutStopSec=}, in seconds
   * @param reloadSignal the signal {@code ExecReload=} sends, if the process reloads
   * @param limits one {@code Limit*=} setting each, for example {@code LimitNOFILE=65536}
   * @param hardening the sandboxing settings of the app's {@code hardening}, one each
   */
  record Service(String description, String target, String type, int startLimitInterval, int startLimitBurst, List<String> user,
      List<String> group, List<String> directory, List<String> environment, List<String> environmentFile,
      List<String> execStartPre, String execStart, String restartSec,
      String killMode, String killSignal, int timeoutStop, List<String> reloadSignal, List<String> limits,
      List<String> hardening) {}

  /**
   * Returns the {@code Limit*=} settings of {@code p}'s limits (systemd.exec(5), "Process
   * Properties"): a value sets the soft and the hard limit, in files, processes or bytes, and
   * {@code infinity} is no limit.
   */
  static List<String> limits(ProcessPlan p) {
    List<String> lines = new ArrayList<>();
    for (Limit limit : p.limits()) {
      lines.add("Limit" + limit.resource().id().toUpperCase(java.util.Locale.ROOT) + "="
          + (limit.unlimited() ? "infinity" : Long.toString(limit.value())));
    }
    return lines;
  }

  /**
   * Returns the sandboxing settings of the app's {@code hardening} for {@code p}'s unit, from
   * systemd.exec(5) and systemd.resource-control(5) as systemd 252 has them.
   *
   * <p>{@code standard}: no new privileges ({@code NoNewPrivileges=}), a private {@code /tmp}
   * (unless the app names a path there: {@link #usesTmp}) and {@code /dev}, {@code /usr}, {@code
   * /boot} and {@code /etc} read-only ({@code ProtectSystem=full}), the kernel's tunables, modules,
   * logs, clock, host name and cgroups out of reach, no set-user-ID files, real-time scheduling,
   * new namespaces or personality changes, only unix and IP sockets, native system calls, and no
   * capabilities. The rest of the file system, the home folders included,
   * stays as writable as the account makes it, so an app that writes beside its code still runs.
   *
   * <p>{@code strict}: the whole file system read-only ({@code ProtectSystem=strict}) but {@code
   * log.dir} and the socket folders ({@code ReadWritePaths=}, each with {@code -} so that a folder
   * that does not exist yet is no error; {@code directory} is read-only), the home folders an
   * empty tmpfs into which the app's own folders there are bound back ({@code BindPaths=}, {@code
   * BindReadOnlyPaths=}), {@code UMask=0027} (a unix socket a server makes is then no longer
   * open to others, such as nginx's workers, unless the server sets its own mode, as gunicorn does), only the system calls of {@code
   * @system-service} (gunicorn's workers call chown(2) and setuid(2) on themselves, so {@code
   * @chown} and {@code @setuid} stay), no writable executable memory, other processes and most of
   * {@code /proc} hidden, and, unless a port below 1024 needs the capability, private users.
   *
   * <p>A TCP port below 1024 keeps {@code CAP_NET_BIND_SERVICE} (an ambient one for a user).
   */
  static List<String> hardening(LaunchPlan plan, ProcessPlan p) {
    Hardening level = plan.app().hardening();
    if (level == Hardening.OFF) {
      return List.of();
    }
    boolean strict = level == Hardening.STRICT;
    boolean lowPort = false;
    Set<String> socketDirs = new LinkedHashSet<>();
    for (InstancePlan i : p.instances()) {
      if (i.address().isPresent() && i.address().get() instanceof Address.Tcp tcp && tcp.port() < 1024) {
        lowPort = true;
      }
      i.socketDir().ifPresent(socketDirs::add);
    }
    List<String> lines = new ArrayList<>(List.of("NoNewPrivileges=yes"));
    if (!usesTmp(plan, p)) {
      lines.add("PrivateTmp=yes");
    }
    lines.addAll(List.of("PrivateDevices=yes", "DevicePolicy=closed", "ProtectSystem=" + (strict ? "strict" : "full")));
    if (strict) {
      // Only log.dir and the socket folders stay writable; the home folders are empty but for the app's own.
      List<String> writable = new ArrayList<>();
      writable.add(plan.logDir());
      writable.addAll(socketDirs);
      lines.add("ProtectHome=tmpfs");
      List<String> readOnly = new ArrayList<>();
      for (Optional<String> path : List.of(plan.app().directory(), plan.app().virtualenv())) {
        if (path.isPresent() && underHome(path.get()) && !writable.contains(path.get())) {
          readOnly.add(path.get());
        }
      }
      if (underHome(plan.binDir())) {
        readOnly.add(plan.binDir());
      }
      List<String> bound = new ArrayList<>();
      for (String path : writable) {
        if (underHome(path)) {
          bound.add(path);
        }
      }
      if (!bound.isEmpty()) {
        lines.add("BindPaths=" + optionalPaths(bound));
      }
      if (!readOnly.isEmpty()) {
        lines.add("BindReadOnlyPaths=" + optionalPaths(readOnly));
      }
      lines.add("ReadWritePaths=" + optionalPaths(writable));
    }
    lines.addAll(List.of("ProtectKernelTunables=yes", "ProtectKernelModules=yes", "ProtectKernelLogs=yes",
        "ProtectControlGroups=yes", "ProtectClock=yes", "ProtectHostname=yes", "RestrictSUIDSGID=yes",
        "RestrictRealtime=yes", "RestrictNamespaces=yes", "LockPersonality=yes",
        "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "SystemCallArchitectures=native"));
    if (lowPort) {
      lines.add("CapabilityBoundingSet=CAP_NET_BIND_SERVICE");
      if (plan.app().user().isPresent()) {
        lines.add("AmbientCapabilities=CAP_NET_BIND_SERVICE");
      }
    } else {
      lines.add("CapabilityBoundingSet=");
    }
    if (strict) {
      lines.addAll(List.of("UMask=0027", "SystemCallFilter=@system-service", "SystemCallFilter=~@privileged @resources",
          "SystemCallFilter=@chown @setuid", "SystemCallErrorNumber=EPERM", "MemoryDenyWriteExecute=yes",
          "ProtectProc=invisible", "ProcSubset=pid", "RemoveIPC=yes", "KeyringMode=private", "PrivateMounts=yes"));
      if (!lowPort) {
        lines.add("PrivateUsers=yes");
      }
    }
    return lines;
  }

  /**
   * True when the app names a path in {@code /tmp} or {@code /var/tmp}, which {@code PrivateTmp=}
   * would hide from it: in one of its folders, a socket, a word of the command or an environment
   * value (anywhere in it, for a shell snippet).
   */
  private static boolean usesTmp(LaunchPlan plan, ProcessPlan p) {
    List<String> paths = new ArrayList<>(List.of(plan.logDir(), plan.binDir()));
    plan.app().directory().ifPresent(paths::add);
    plan.app().virtualenv().ifPresent(paths::add);
    for (InstancePlan i : p.instances()) {
      i.socketDir().ifPresent(paths::add);
      paths.addAll(i.command());
      for (EnvVar e : i.environment()) {
        paths.add(e.value());
      }
    }
    // A word may be a shell snippet that names the path inside it ("cat x > /tmp/out").
    for (String path : paths) {
      if (path.contains("/tmp/") || path.endsWith("/tmp")) {
        return true;
      }
    }
    return false;
  }

  /** True for a path in a folder that ProtectHome= hides: /home, /root or /run/user. */
  private static boolean underHome(String path) {
    for (String home : List.of("/home", "/root", "/run/user")) {
      if (path.equals(home) || path.startsWith(home + "/")) {
        return true;
      }
    }
    return false;
  }

  /** Paths for a setting that takes several, each quoted and with {@code -}: a missing one is no error. */
  private static String optionalPaths(List<String> paths) {
    List<String> words = new ArrayList<>();
    for (String path : paths) {
      words.add(SystemdQuoting.pathWord("-" + path));
    }
    return String.join(" ", words);
  }

  /**
   * What {@code templates/systemd/target.mustache} reads.
   *
   * @param description {@code Description=}, quoted
   * @param wants the units of {@code Wants=}, space-separated
   */
  record TargetUnit(String description, String wants) {}
}
