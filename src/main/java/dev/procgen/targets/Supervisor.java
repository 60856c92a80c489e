package dev.procgen.targets;

import dev.procgen.model.Hardening;
import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.ControlChars;
import dev.procgen.model.HostPaths;
import dev.procgen.model.Limit;
import dev.procgen.plan.EnvVar;
import dev.procgen.plan.InstancePlan;
import dev.procgen.plan.LaunchPlan;
import dev.procgen.plan.ProcessPlan;
import dev.procgen.plan.Rotation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders supervisord configuration: one {@code conf.d/<app>.conf} per app and one {@code
 * supervisord.conf} for the whole run, by supervisord's configuration docs (supervisor 4.2).
 *
 * <p>Each process is a {@code [program:<app>-<process>]}; several instances are one program with
 * {@code numprocs}, {@code numprocs_start} (the first port, or 1) and a {@code process_name} that
 * ends in {@code %(process_num)s}, and {@code {port}} becomes {@code %(process_num)s} in every
 * word of the command. A {@code [group:<app>]} holds the app's programs, so processes are named
 * {@code <app>:<instance name>}.
 *
 * <p>The command is run directly, not through the run script: supervisord drops privileges
 * ({@code user=}), changes directory and captures output ({@code redirect_stderr}, one log file per
 * instance in {@code log.dir}). A virtualenv is activated the way its {@code activate} script
 * does it, by {@code VIRTUAL_ENV} and a {@code PATH} that starts with its {@code bin}. An
 * environment value that {@code environment=} cannot carry (see {@link SupervisorQuoting}) is
 * passed by {@code /usr/bin/env NAME=value} at the front of {@code command=}, where POSIX quoting
 * carries anything.
 *
 * <p>The program is found as a shell started in {@code directory} would find it. supervisord
 * itself would not: it looks a path up from its own working directory, and a bare name up before
 * it forks, as root, taking the first file of that name on the {@code PATH} even when it is not
 * executable (supervisor/process.py, {@code get_execv_args}). So a relative path gets {@code
 * directory} in front (as in the systemd target), and a bare name is run by {@code /usr/bin/env},
 * or by {@code chroot}, both of which call {@code execvp} in the process, after the change of
 * folder and account, on the process's {@code PATH}.
 *
 * <p>supervisord has no {@code group=}: {@code user=} alone gives the user's primary group. With a
 * {@code group}, root starts the program through {@code chroot --skip-chdir --userspec=USER:GROUP /}
 * instead, which gives exactly what systemd gives {@code User=} and {@code Group=} (see {@link
 * #switchAccount}); a gunicorn master is started so too, rather than as root with {@code --user}
 * and {@code --group}, so that master and workers run as the account and the argv is the systemd
 * target's. A per-app supervisord ({@code supervisor.home}) runs as {@code user} and cannot switch
 * group, so a group is refused there.
 */
final class Supervisor implements Installable {
  static final String ID = "supervisor";
  private static final String PROCESS_NUM = "%(process_num)s";
  /**
   * supervisord reaps an exited child only at its next tick, up to a second late, and with
   * {@code startsecs=1} it may first mark a process that died at once as RUNNING, which resets
   * the retry count; the real-supervisord test showed this with 4.2.5. Two seconds leaves a tick.
   */
  static final int MIN_STARTSECS = 2;
  /** The app configs, relative to the main config's folder. */
  private static final String INCLUDE = "conf.d/*.conf";
  /** coreutils' chroot, which switches user, group and supplementary groups when its root is {@code /}. */
  static final String CHROOT = "/usr/sbin/chroot";
  /** coreutils' env, which looks a bare program name up on the process's own PATH, as a shell would. */
  static final String ENV = "/usr/bin/env";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String commentPrefix() {
    // configparser takes both, but ';' is what supervisord's own sample config uses.
    return ";";
  }

  @Override
  public String summary() {
    return "supervisord programs in conf.d/<app>.conf, and one supervisord.conf";
  }

  @Override
  public List<GeneratedName> names(LaunchPlan plan) {
    List<GeneratedName> names = new ArrayList<>();
    names.add(GeneratedName.ofApp("supervisord group", plan.name(), plan));
    for (ProcessPlan p : plan.processes()) {
      names.add(GeneratedName.ofProcess("supervisord program", p.qualifiedName(), plan, p));
      for (InstancePlan i : p.instances()) {
        names.add(GeneratedName.ofInstance("supervisord process", plan.name() + ":" + i.name(), plan, p, i));
      }
    }
    return names;
  }

  @Override
  public List<Diagnostic> check(LaunchPlan plan, RenderContext context) {
    List<Diagnostic> problems = new ArrayList<>();
    var app = plan.app();
    if (app.group().isPresent() && app.user().isPresent() && app.supervisorHome().isPresent()) {
      problems.add(Diagnostic.at(plan.origin(), "group",
          "group: expected no group when supervisor.home and user are set, for the supervisor target (that supervisord "
              + "runs as user " + app.user().get() + ", which cannot switch its programs to another group), found '"
              + app.group().get() + "'"));
    }
    plainPath(plan, problems, "directory", app.directory());
    plainPath(plan, problems, "log.dir", Optional.of(plan.logDir()));
    plainPath(plan, problems, "supervisor.home", app.supervisorHome());
    if (app.supervisorHome().isPresent()) {
      checkHome(plan, problems, app.supervisorHome().get());
    }
    for (var e : app.environment().entrySet()) {
      if (!SupervisorQuoting.hasNoControl(e.getValue())) {
        problems.add(Diagnostic.at(plan.origin(), "environment." + e.getKey(), "environment." + e.getKey()
            + ": expected a value without control characters for the supervisor target (a supervisord config line "
            + "cannot hold them), found '" + ControlChars.escaped(e.getValue()) + "'"));
      }
    }
    for (ProcessPlan p : plan.processes()) {
      String key = p.key() + ".command";
      int bad = -1;
      for (int i = 0; i < p.command().size() && bad < 0; i++) {
        if (!SupervisorQuoting.hasNoControl(p.command().get(i))) {
          bad = i;
        }
      }
      String program = p.command().get(0);
      if (bad >= 0) {
        problems.add(Diagnostic.atWord(plan.origin(), key, bad, key + ": expected words without control characters "
            + "for the supervisor target (a supervisord config line cannot hold them), found '"
            + ControlChars.escaped(p.command().get(bad)) + "'"));
      } else if (!program.startsWith("/") && program.contains("/") && app.directory().isEmpty()) {
        problems.add(Diagnostic.atWord(plan.origin(), key, 0, key + ": expected an absolute program path, a bare name, or "
            + "directory set for the supervisor target (supervisord would look the relative path up from its own "
            + "working directory), found the relative path '" + program + "' with no directory"));
      } else if (!program.contains("/") && (program.startsWith("-") || program.contains("="))) {
        problems.add(Diagnostic.atWord(plan.origin(), key, 0, key + ": expected a program name that does not start with '-' "
            + "or hold '=' for the supervisor target (env(1), which looks a bare name up on the PATH, would read it as "
            + "an option or an assignment), found '" + program + "'"));
      }
    }
    return problems;
  }

  /**
   * The longest {@code [unix_http_server] file=} in bytes: {@code sun_path} holds 108 bytes with
   * the final NUL (unix(7)), and supervisord first binds {@code <file>.<pid>} and then links it
   * to {@code <file>} (supervisor/http.py), where a pid has at most 7 digits ({@code
   * PID_MAX_LIMIT}, 4194304, proc(5) on {@code /proc/sys/kernel/pid_max}).
   */
  static final int MAX_SOCKET_BYTES = 107 - ".4194304".length();

  private static void checkHome(LaunchPlan plan, List<Diagnostic> problems, String home) {
    if (SupervisorQuoting.hasGlobMagic(home) && SupervisorQuoting.hasPySpace(home)) {
      problems.add(Diagnostic.at(plan.origin(), "supervisor.home", "supervisor.home: expected a path that does not "
          + "hold both white space and one of the glob characters '*', '?', '[' for the supervisor target ([include] "
          + "files= splits at white space and expands glob patterns), found '" + ControlChars.escaped(home) + "'"));
    }
    int bytes = socket(home).getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SOCKET_BYTES) {
      problems.add(Diagnostic.at(plan.origin(), "supervisor.home", "supervisor.home: expected a path whose socket "
          + socket(home) + " has at most " + MAX_SOCKET_BYTES + " bytes for the supervisor target (unix(7): sun_path "
          + "holds 107 bytes and a NUL, and supervisord binds <socket>.<pid> first, with a pid of up to 7 digits), "
          + "found " + bytes + " bytes"));
    }
  }

  private static String socket(String home) {
    return HostPaths.join(home, "supervisor.sock");
  }

  @Override
  public List<Diagnostic> checkTogether(List<LaunchPlan> plans, RenderContext context) {
    List<Diagnostic> problems = new ArrayList<>();
    if (!plans.isEmpty()) {
      LaunchPlan first = plans.get(0);
      for (LaunchPlan plan : plans.subList(1, plans.size())) {
        if (!plan.app().supervisorHome().equals(first.app().supervisorHome())) {
          problems.add(Diagnostic.at(plan.origin(), "supervisor.home",
              "supervisor.home: expected the same supervisord home as " + first.origin().file() + " ("
                  + first.app().supervisorHome().orElse("the system layout")
                  + "), because one run renders one supervisord.conf, found "
                  + plan.app().supervisorHome().orElse("the system layout")));
        }
      }
    }
    return problems;
  }

  @Override
  public List<Diagnostic> warnings(LaunchPlan plan, RenderContext context) {
    List<Diagnostic> warnings = new ArrayList<>();
    warnings.add(Diagnostic.warningAt(plan.origin(), "respawn", "respawn: the supervisor target can only approximate "
        + respawnText(plan) + ": " + approximation(plan)));
    List<String> said = new ArrayList<>();
    for (ProcessPlan p : plan.processes()) {
      for (Limit limit : p.limits()) {
        String key = plan.keyOf(p, "limits." + limit.resource().id());
        if (!said.contains(key)) {
          said.add(key);
          warnings.add(Diagnostic.warningAt(plan.origin(), key, key + ": " + limitText(plan, limit)));
        }
      }
    }
    return warnings;
  }

  /** The setting that carries a resource's limit in supervisord.conf, or null for one it cannot carry. */
  private static String globalSetting(Limit limit) {
    return switch (limit.resource()) {
      case NOFILE -> "minfds";
      case NPROC -> limit.unlimited() ? null : "minprocs";
      default -> null;
    };
  }

  /** What the supervisor target does with {@code limit}, for a warning and a comment. */
  private static String limitText(LaunchPlan plan, Limit limit) {
    String setting = globalSetting(limit);
    if (setting == null) {
      return "the supervisor target cannot set the " + limit.resource().what() + " limit of one program: supervisord "
          + "sets only minfds and minprocs, for itself and all its programs at once, so the process gets supervisord's own";
    }
    return "the supervisor target can only approximate it: supervisord.conf's " + setting + "=" + limit.value()
        + " is global to supervisord and a minimum, so the process gets supervisord's own " + limit.resource().what()
        + " limit, at least " + limit.value() + ", from supervisord's next start"
        + (plan.app().supervisorHome().isEmpty() ? "; the bootstrap script leaves the system supervisord's "
            + "/etc/supervisor/supervisord.conf alone, so set " + setting + " there" : "");
  }

  @Override
  public List<RenderedFile> render(List<LaunchPlan> plans, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    Optional<String> home = plans.isEmpty() ? Optional.empty() : plans.get(0).app().supervisorHome();
    // Shared by every app of the folder: it holds only the supervisord home, which check makes them agree on.
    files.add(new RenderedFile("supervisord.conf", Templates.render(ID, "supervisord.conf", main(home, context.run())),
        false, sources(plans), true));
    for (LaunchPlan plan : plans) {
      List<Program> programs = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (ProcessPlan p : plan.processes()) {
        programs.add(program(plan, p));
        names.add(p.qualifiedName());
      }
      AppConf conf = new AppConf(plan.name(), String.join(",", names), List.copyOf(programs));
      files.add(new RenderedFile(confPath(plan), Templates.render(ID, "app.conf", conf), false,
          List.of(plan.origin().source())));
    }
    return files;
  }

  /** The descriptors of {@code plans}, in order: the apps that share supervisord.conf. */
  private static List<String> sources(List<LaunchPlan> plans) {
    List<String> sources = new ArrayList<>(plans.size());
    for (LaunchPlan plan : plans) {
      sources.add(plan.origin().source());
    }
    return sources;
  }

  @Override
  public Optional<Placement> placement(LaunchPlan plan, RenderedFile file) {
    Optional<String> home = plan.app().supervisorHome();
    if (home.isPresent()) {
      return Optional.of(new Placement.HostFile(HostPaths.join(home.get(), file.path()), "644", plan.hostUser(),
          plan.hostGroup(), true));
    }
    if (file.path().equals(confPath(plan))) {
      return Optional.of(new Placement.HostFile(HostPaths.join("/etc/supervisor", file.path()), "644", "root", "root",
          true));
    }
    return Optional.empty(); // the system supervisord's own main config is the distribution's, left alone
  }

  @Override
  public List<Tool> tools(LaunchPlan plan) {
    List<Tool> tools = new ArrayList<>(List.of(new Tool("supervisorctl", "supervisor")));
    if (plan.app().supervisorHome().isPresent()) {
      tools.add(new Tool("supervisord", "supervisor"));
    }
    if (plan.app().group().isPresent()) {
      tools.add(new Tool("chroot", "coreutils"));
    }
    return List.copyOf(tools);
  }

  @Override
  public List<Folder> folders(LaunchPlan plan) {
    Optional<String> home = plan.app().supervisorHome();
    return home.isPresent() ? List.of(new Folder(home.get(), "750", plan.hostUser(), plan.hostGroup(), true)) : List.of();
  }

  @Override
  public Optional<Installable> bootHook(LaunchPlan plan) {
    // Nothing starts a per-app supervisord at boot but the boot hook.
    return plan.app().supervisorHome().isPresent() ? Optional.of(Registry.RCLOCAL) : Optional.empty();
  }

  @Override
  public String activation(LaunchPlan plan) {
    Optional<String> home = plan.app().supervisorHome();
    String ctl = home.isPresent()
        ? "supervisorctl -c " + ShellQuoting.quote(HostPaths.join(home.get(), "supervisord.conf"))
        : "supervisorctl";
    String start = null;
    if (home.isPresent()) {
      String config = HostPaths.join(home.get(), "supervisord.conf");
      start = plan.app().user().isPresent()
          ? "su -s /bin/sh " + ShellQuoting.quote(plan.hostUser()) + " -c "
              + ShellQuoting.quote("exec supervisord -c " + ShQuoting.quote(config))
          : "supervisord -c " + ShellQuoting.quote(config);
    }
    return Templates.render(ID, "activate.sh", new Activation(ctl, Templates.section(start)));
  }

  /**
   * What {@code templates/supervisor/activate.sh.mustache} reads.
   *
   * @param ctl the supervisorctl command for this supervisord, quoted for bash
   * @param start the command that starts a per-app supervisord as the app's user, if there is one
   */
  record Activation(String ctl, List<String> start) {}

  private static String confPath(LaunchPlan plan) {
    return "conf.d/" + plan.name() + ".conf";
  }

  /**
   * The largest value of a limit that supervisord.conf carries ({@code minfds}, {@code minprocs})
   * over every process of the run's apps, which share one supervisord; empty when none sets it.
   */
  private static List<Long> largest(List<LaunchPlan> run, Limit.Resource resource) {
    long most = -1;
    for (LaunchPlan plan : run) {
      for (ProcessPlan p : plan.processes()) {
        for (Limit limit : p.limits()) {
          if (limit.resource() == resource && globalSetting(limit) != null) {
            most = Math.max(most, limit.value());
          }
        }
      }
    }
    return most < 0 ? List.of() : List.of(most);
  }

  private static Main main(Optional<String> home, List<LaunchPlan> run) {
    List<Long> minfds = largest(run, Limit.Resource.NOFILE);
    List<Long> minprocs = largest(run, Limit.Resource.NPROC);
    if (home.isEmpty()) {
      // Debian's own layout for the system supervisord.
      return new Main("/var/log/supervisor/supervisord.log", "/var/run/supervisord.pid", "/var/log/supervisor",
          "/var/run/supervisor.sock", "unix:///var/run/supervisor.sock", INCLUDE, minfds, minprocs);
    }
    String h = home.get();
    String socket = socket(h);
    // The pattern is joined to this file's folder, the home, and globbed: a home with glob
    // characters is written out, escaped (check refuses one that also has white space).
    String include = SupervisorQuoting.hasGlobMagic(h)
        ? plain(HostPaths.join(SupervisorQuoting.globEscape(h), INCLUDE)) : INCLUDE;
    return new Main(plain(HostPaths.join(h, "supervisord.log")), plain(HostPaths.join(h, "supervisord.pid")),
        plain(h), plain(socket), plain("unix://" + socket), include, minfds, minprocs);
  }

  private static Program program(LaunchPlan plan, ProcessPlan p) {
    boolean multi = p.isMultiInstance();
    List<String> carried = new ArrayList<>();
    List<String> viaEnv = new ArrayList<>();
    for (EnvVar e : multi ? p.environment() : p.first().environment()) {
      Optional<String> quoted = multi && e.source() == EnvVar.Source.PORT
          ? SupervisorQuoting.environmentValue(e.value(), LaunchPlan.PORT_PLACEHOLDER, PROCESS_NUM)
          : SupervisorQuoting.environmentValue(e.value());
      if (quoted.isPresent()) {
        carried.add(e.name() + "=" + quoted.get());
      } else {
        viaEnv.add(SupervisorQuoting.commandWord(e.name() + "=" + e.value()));
      }
    }
    List<String> argv = multi ? p.argv() : p.first().argv();
    String program = argv.get(0);
    boolean bare = !program.contains("/");
    Optional<String> group = plan.app().group();
    List<String> words = new ArrayList<>();
    if (group.isPresent()) {
      for (String w : switchAccount(plan.app().user(), group.get())) {
        words.add(SupervisorQuoting.commandWord(w));
      }
    }
    boolean secrets = !plan.app().secrets().isEmpty();
    if (secrets) {
      // The run script reads the secrets file, which supervisord cannot, and sets every variable itself.
      viaEnv.clear();
      String script = multi
          ? SupervisorQuoting.commandWord(HostPaths.join(plan.binDir(), p.instancePrefix() + "-")) + PROCESS_NUM
              + SupervisorQuoting.commandWord(".sh")
          : SupervisorQuoting.commandWord(p.first().runScript());
      words.add(script);
      words.add(Bash.STDOUT);
    }
    // chroot looks a bare name up itself; without it, env does, so that supervisord never does.
    if (!secrets && (!viaEnv.isEmpty() || (bare && group.isEmpty()))) {
      words.add(ENV);
      words.addAll(viaEnv);
    }
    // A relative program is the directory's, as in a shell started there (supervisord would look
    // it up from its own working directory); {port} in the directory is literal text.
    String folder = program.startsWith("/") || bare ? "" : HostPaths.join(plan.app().directory().orElseThrow(), "");
    String quotedProgram = multi ? SupervisorQuoting.commandWord(program, LaunchPlan.PORT_PLACEHOLDER, PROCESS_NUM)
        : SupervisorQuoting.commandWord(program);
    if (!secrets) {
      words.add((folder.isEmpty() ? "" : SupervisorQuoting.commandWord(folder)) + quotedProgram);
      for (String w : argv.subList(1, argv.size())) {
        words.add(multi ? SupervisorQuoting.commandWord(w, LaunchPlan.PORT_PLACEHOLDER, PROCESS_NUM)
            : SupervisorQuoting.commandWord(w));
      }
    }
    List<String> notes = new ArrayList<>();
    if (p.reload().isPresent()) {
      notes.add("reload: supervisord has no reload command; send the signal with " + ctl(plan) + " signal "
          + p.reload().get().id() + " " + reloadTargets(plan, p));
    }
    for (Limit limit : p.limits()) {
      notes.add("limits." + limit.resource().id() + ": " + limitText(plan, limit) + ".");
    }
    Rotation rotation = p.rotation();
    List<String> rotate = new ArrayList<>();
    switch (rotation.by()) {
      case SUPERVISORD -> rotate.addAll(List.of(byteSize(rotation.sizeBytes()), Integer.toString(rotation.keep())));
      case LOGROTATE -> notes.add("log.rotate.by logrotate: the logrotate target's file rotates this log, and "
          + "supervisord reopens it on SIGUSR2, so supervisord itself does not rotate it.");
      case NONE -> notes.add("log.rotate.by none: nothing rotates this log.");
    }
    if (plan.app().hardening() != Hardening.OFF) {
      notes.add("hardening " + plan.app().hardening().id() + ": supervisord has no sandboxing settings; only the "
          + "systemd target's units carry it.");
    }
    return new Program(
        p.qualifiedName(),
        !viaEnv.isEmpty(),
        group.isPresent(),
        String.join(" ", words),
        multi ? p.instancePrefix() + "-" + PROCESS_NUM : p.first().name(),
        multi ? List.of(new Program.Numprocs(p.instances().size(), p.firstPort().orElse(1))) : List.of(),
        Templates.section(plan.app().directory().isPresent() ? plain(plan.app().directory().get()) : null),
        Templates.section(group.isEmpty() && plan.app().user().isPresent() ? plain(plan.app().user().get()) : null),
        carried.isEmpty() ? List.of() : List.of(String.join(",", carried)),
        List.of("respawn: " + respawnText(plan) + ". supervisord cannot count restarts within a time window:",
            approximation(plan) + "."),
        startsecs(plan),
        plan.app().respawn().limit(),
        p.stop().signal(),
        p.stop().timeoutSeconds(),
        multi ? logfile(HostPaths.join(plan.logDir(), p.instancePrefix())) + "-" + PROCESS_NUM + ".log"
            : logfile(p.first().logFile()),
        notes,
        rotate.isEmpty() ? List.of() : List.of(new Program.Rotate(rotate.get(0), Integer.parseInt(rotate.get(1)))));
  }

  /** The supervisorctl command for the app's supervisord, as a person types it. */
  private static String ctl(LaunchPlan plan) {
    Optional<String> home = plan.app().supervisorHome();
    return home.isPresent() ? "supervisorctl -c " + ShellQuoting.quote(HostPaths.join(home.get(), "supervisord.conf"))
        : "supervisorctl";
  }

  /**
   * The supervisorctl names of {@code p}'s processes: the whole group, {@code <app>:*}, when every
   * program of the app reloads with the same signal, else each of its processes.
   */
  private static String reloadTargets(LaunchPlan plan, ProcessPlan p) {
    boolean same = true;
    for (ProcessPlan other : plan.processes()) {
      same &= other.reload().equals(p.reload());
    }
    if (same) {
      return ShellQuoting.quote(plan.name() + ":*");
    }
    List<String> names = new ArrayList<>();
    for (InstancePlan i : p.instances()) {
      names.add(ShellQuoting.quote(plan.name() + ":" + i.name()));
    }
    return String.join(" ", names);
  }

  /**
   * Writes a size as supervisord's {@code byte_size} reads it (supervisor/datatypes.py): bytes, or
   * a whole number of {@code KB}, {@code MB} or {@code GB}, each 1024 times the one before.
   */
  static String byteSize(long bytes) {
    if (bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "GB";
    }
    if (bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "MB";
    }
    if (bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "KB";
    }
    return Long.toString(bytes);
  }

  /**
   * The words that make root start the program as {@code user} with {@code group}: coreutils'
   * {@code chroot --skip-chdir --userspec=USER:GROUP /}, which with {@code /} as its root changes
   * neither root nor folder, calls {@code setgroups} with {@code getgrouplist(USER, GROUP)},
   * {@code setgid(GROUP)} and {@code setuid(USER)}, then runs the command by {@code execvp}
   * (coreutils chroot(8) and its chroot.c). That is what systemd does for {@code User=} with {@code
   * Group=} ({@code initgroups(user, gid)}, systemd.exec(5)) and what gunicorn's {@code
   * --user}/{@code --group} give its workers. util-linux's {@code setpriv --init-groups} cannot
   * stand in: it takes the groups of the user's primary group, not of {@code GROUP}. Without a
   * user, the process keeps root with {@code GROUP} and no supplementary groups, as systemd's
   * {@code Group=} alone. The words are unquoted: the rclocal target, which has the same need,
   * quotes them for sh.
   */
  static List<String> switchAccount(Optional<String> user, String group) {
    List<String> words = new ArrayList<>(List.of(CHROOT, "--skip-chdir", "--userspec=" + user.orElse("") + ":" + group));
    if (user.isEmpty()) {
      words.add("--groups=");
    }
    words.add("/");
    return words;
  }

  /**
   * The words that make root start a program as {@code user} in the user's primary group, with
   * the user's groups ({@code getgrouplist(user, primary group)}): coreutils' {@code chroot
   * --skip-chdir --userspec=USER /} (chroot(8)), as systemd's {@code User=} alone. Unquoted.
   */
  static List<String> switchAccountToUsersGroups(String user) {
    return List.of(CHROOT, "--skip-chdir", "--userspec=" + user, "/");
  }

  /**
   * Seconds a start must survive to count as started: the interval spread over the limit, but at
   * least {@link #MIN_STARTSECS}.
   */
  static int startsecs(LaunchPlan plan) {
    int limit = plan.app().respawn().limit();
    int spread = (plan.app().respawn().interval() + limit - 1) / limit;
    return Math.max(MIN_STARTSECS, spread);
  }

  private static String respawnText(LaunchPlan plan) {
    return "at most " + plan.app().respawn().limit() + " restarts within " + plan.app().respawn().interval() + " s";
  }

  private static String approximation(LaunchPlan plan) {
    return "it gives up (FATAL) after " + plan.app().respawn().limit() + " starts in a row that each die within "
        + startsecs(plan) + " s (startretries, startsecs), and restarts a process that ran longer without limit";
  }

  private static void plainPath(LaunchPlan plan, List<Diagnostic> problems, String key, Optional<String> path) {
    if (path.isPresent() && SupervisorQuoting.plain(path.get()).isEmpty()) {
      problems.add(Diagnostic.at(plan.origin(), key, key + ": expected a path the supervisor target can write "
          + "(no white space at either end or before ';' or '#'), found '" + ControlChars.escaped(path.get()) + "'"));
    }
  }

  /**
   * Returns a literal {@code stdout_logfile=} path: supervisord 4.2.5 %-formats that value twice,
   * once when it reads the setting and once more with the program's expansions (supervisor/options.py,
   * {@code processes_from_section}), so a literal {@code %} is {@code %%%%} there.
   */
  private static String logfile(String path) {
    return plain(path).replace("%", "%%");
  }

  private static String plain(String value) {
    Optional<String> plain = SupervisorQuoting.plain(value);
    if (plain.isEmpty()) {
      throw new IllegalArgumentException("not checked: " + value);
    }
    return plain.get();
  }

  /**
   * What {@code templates/supervisor/supervisord.conf.mustache} reads; values already quoted.
   *
   * @param logfile supervisord's own log
   * @param pidfile supervisord's pidfile
   * @param childlogdir where AUTO child logs go
   * @param socket the unix socket path
   * @param serverurl supervisorctl's URL of the socket
   * @param include the {@code [include] files=} glob of the app configs
   * @param minfds {@code minfds=}, the largest {@code limits.nofile} of the apps, if one sets it
   * @param minprocs {@code minprocs=}, the largest {@code limits.nproc} of the apps, if one sets it
   */
  record Main(String logfile, String pidfile, String childlogdir, String socket, String serverurl, String include,
      List<Long> minfds, List<Long> minprocs) {}

  /**
   * What {@code templates/supervisor/app.conf.mustache} reads.
   *
   * @param group the group's name, the app's
   * @param programList the group's programs, comma-separated
   * @param programs one per process
   */
  record AppConf(String group, String programList, List<Program> programs) {}

  /**
   * One {@code [program:x]} section; values already quoted.
   *
   * @param name the program name
   * @param viaEnv whether {@code command=} holds {@code /usr/bin/env} assignments
   * @param viaChroot whether {@code command=} starts with {@code chroot}, which sets user and group
   * @param command {@code command=}
   * @param processName {@code process_name=}
   * @param numprocs the instance count and first number, for several instances
   * @param directory {@code directory=}, if set
   * @param user {@code user=}, if set
   * @param environment {@code environment=}, if any variable is carried there
   * @param respawnComment the comment lines on how respawn is approximated
   * @param startsecs {@code startsecs=}, seconds
   * @param startretries {@code startretries=}
   * @param stopsignal {@code stopsignal=}
   * @param stopwaitsecs {@code stopwaitsecs=}, seconds
   * @param logfile {@code stdout_logfile=}
   * @param notes comment lines on reload, limits and rotation
   * @param rotate {@code stdout_logfile_maxbytes} and {@code stdout_logfile_backups} when supervisord
   *     rotates the log; without it, {@code stdout_logfile_maxbytes=0}: supervisord does not rotate
   */
  record Program(String name, boolean viaEnv, boolean viaChroot, String command, String processName, List<Numprocs> numprocs,
      List<String> directory, List<String> user, List<String> environment, List<String> respawnComment,
      int startsecs, int startretries, String stopsignal, int stopwaitsecs, String logfile, List<String> notes,
      List<Rotate> rotate) {
    /**
     * supervisord's own rotation of the log.
     *
     * @param maxbytes {@code stdout_logfile_maxbytes}, as {@link #byteSize} writes it
     * @param backups {@code stdout_logfile_backups}
     */
    record Rotate(String maxbytes, int backups) {}

    /**
     * {@code numprocs=} and {@code numprocs_start=}.
     *
     * @param count the number of instances
     * @param start the first instance's number: its port, or 1
     */
    record Numprocs(int count, int start) {}
  }
}
