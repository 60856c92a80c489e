package dev.procgen.targets;

import dev.procgen.descriptor.Diagnostic;
import dev.procgen.model.App;
import dev.procgen.model.HostPaths;
import dev.procgen.model.Instance;
import dev.procgen.model.Process;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders supervisord configuration: one {@code conf.d/<app>.conf} per app and one {@code
 * supervisord.conf} for the whole run, by supervisord's configuration docs (supervisor 4.2).
 *
 * <p>Each process is a {@code [program:<app>-<process>]}; several instances are one program with
 * {@code numprocs}, {@code numprocs_start} (the first port, or 1) and a {@code process_name} that
 * ends in {@code %(process_num)s}, and {@code {port}} becomes {@code %(process_num)s}. A {@code
 * [group:<app>]} holds the app's programs, so processes are named {@code <app>:<instance name>}.
 *
 * <p>The command is run directly, not through the run script: supervisord drops privileges
 * ({@code user=}), changes directory and captures output ({@code redirect_stderr}, one log file per
 * instance in {@code log.dir}). A virtualenv is activated the way its {@code activate} script
 * does it, by {@code VIRTUAL_ENV} and a {@code PATH} that starts with its {@code bin}; supervisord
 * looks the program up on the {@code PATH} of {@code environment=}. An environment value that
 * {@code environment=} cannot carry (see {@link SupervisorQuoting}) is passed by {@code
 * /usr/bin/env NAME=value} at the front of {@code command=}, where POSIX quoting carries anything.
 */
final class Supervisor implements Target {
  static final String ID = "supervisor";

  /** The PATH a virtualenv's bin is put in front of: Debian's default for services. */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /** gunicorn's graceful_timeout is 30 s; supervisord must wait a little longer before SIGKILL. */
  static final int GUNICORN_STOP_WAIT_SECONDS = 35;
  static final int STOP_WAIT_SECONDS = 10;
  private static final String PROCESS_NUM = "%(process_num)s";
  /**
   * supervisord reaps an exited child only at its next tick, up to a second late, and with
   * {@code startsecs=1} it may first mark a process that died at once as RUNNING, which resets
   * the retry count; the real-supervisord test showed this with 4.2.5. Two seconds leaves a tick.
   */
  static final int MIN_STARTSECS = 2;

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
  public List<Diagnostic> check(App app) {
    List<Diagnostic> problems = new ArrayList<>();
    if (app.group().isPresent() && !app.group().equals(app.user())) {
      problems.add(Diagnostic.at(app.origin(), "group",
          "group: expected no group, or the same name as user, for the supervisor target (supervisord runs a program in "
              + "its user's primary group and has no group= setting), found '" + app.group().get() + "'"));
    }
    plainPath(app, problems, "directory", app.directory());
    plainPath(app, problems, "log.dir", Optional.of(app.log().dir()));
    plainPath(app, problems, "supervisor.home", app.supervisorHome());
    for (Map.Entry<String, String> e : app.environment().entrySet()) {
      if (!SupervisorQuoting.hasNoControl(e.getValue())) {
        problems.add(Diagnostic.at(app.origin(), "environment." + e.getKey(), "environment." + e.getKey()
            + ": expected a value without control characters for the supervisor target (a supervisord config line "
            + "cannot hold them), found '" + printable(e.getValue()) + "'"));
      }
    }
    for (Process p : app.processes()) {
      String key = "processes." + p.name() + ".command";
      for (String word : p.command()) {
        if (!SupervisorQuoting.hasNoControl(word)) {
          problems.add(Diagnostic.at(app.origin(), key, key + ": expected words without control characters for the "
              + "supervisor target (a supervisord config line cannot hold them), found '" + printable(word) + "'"));
          break;
        }
      }
    }
    return problems;
  }

  @Override
  public List<Diagnostic> check(List<App> apps) {
    List<Diagnostic> problems = new ArrayList<>(Target.super.check(apps));
    if (!apps.isEmpty()) {
      App first = apps.get(0);
      for (App app : apps.subList(1, apps.size())) {
        if (!app.supervisorHome().equals(first.supervisorHome())) {
          problems.add(Diagnostic.at(app.origin(), "supervisor.home",
              "supervisor.home: expected the same supervisord home as " + first.origin().file() + " ("
                  + first.supervisorHome().orElse("the system layout") + "), because one run renders one supervisord.conf, found "
                  + app.supervisorHome().orElse("the system layout")));
        }
      }
    }
    Map<String, App> programs = new HashMap<>();
    for (App app : apps) {
      for (Process p : app.processes()) {
        App other = programs.putIfAbsent(programName(app, p), app);
        if (other != null && other != app) {
          problems.add(Diagnostic.at(app.origin(), "processes." + p.name(), "processes." + p.name()
              + ": expected a supervisor program name no other app of this run has, found " + programName(app, p)
              + ", which " + other.origin().file() + " has too"));
        }
      }
    }
    return problems;
  }

  @Override
  public List<Diagnostic> warnings(App app) {
    return List.of(Diagnostic.warningAt(app.origin(), "respawn", "respawn: the supervisor target can only approximate "
        + respawnText(app) + ": " + approximation(app)));
  }

  @Override
  public List<RenderedFile> render(List<App> apps, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    Optional<String> home = apps.isEmpty() ? Optional.empty() : apps.get(0).supervisorHome();
    files.add(new RenderedFile("supervisord.conf", Templates.render(ID, "supervisord.conf", main(home)), false,
        apps.stream().map(a -> a.origin().source()).toList()));
    for (App app : apps) {
      files.add(new RenderedFile("conf.d/" + app.name() + ".conf", Templates.render(ID, "app.conf", app(app)), false,
          List.of(app.origin().source())));
    }
    return files;
  }

  private static Map<String, Object> main(Optional<String> home) {
    Map<String, Object> scope = new LinkedHashMap<>();
    String socket;
    if (home.isPresent()) {
      String h = home.get();
      socket = HostPaths.join(h, "supervisor.sock");
      scope.put("logfile", plain(HostPaths.join(h, "supervisord.log")));
      scope.put("pidfile", plain(HostPaths.join(h, "supervisord.pid")));
      scope.put("childlogdir", plain(h));
    } else {
      // Debian's own layout for the system supervisord.
      socket = "/var/run/supervisor.sock";
      scope.put("logfile", "/var/log/supervisor/supervisord.log");
      scope.put("pidfile", "/var/run/supervisord.pid");
      scope.put("childlogdir", "/var/log/supervisor");
    }
    scope.put("socket", plain(socket));
    scope.put("serverurl", plain("unix://" + socket));
    return scope;
  }

  private static Map<String, Object> app(App app) {
    List<Map<String, Object>> programs = new ArrayList<>();
    for (Process p : app.processes()) {
      programs.add(program(app, p));
    }
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("group", app.name());
    scope.put("programs", programs);
    scope.put("programList", String.join(",", app.processes().stream().map(p -> programName(app, p)).toList()));
    return scope;
  }

  private static String programName(App app, Process p) {
    return app.name() + "-" + p.name();
  }

  private static Map<String, Object> program(App app, Process p) {
    boolean multi = p.isMultiInstance();
    Instance first = p.instanceList().get(0);
    Map<String, Object> program = new LinkedHashMap<>();
    program.put("name", programName(app, p));

    List<String> carried = new ArrayList<>();
    List<String> viaEnv = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    app.virtualenv().ifPresent(v -> {
      env.put("VIRTUAL_ENV", v);
      env.put("PATH", HostPaths.join(v, "bin") + ":" + DEFAULT_PATH);
    });
    env.putAll(app.environment());
    env.forEach((k, v) -> {
      Optional<String> quoted = SupervisorQuoting.environmentValue(v);
      if (quoted.isPresent()) {
        carried.add(k + "=" + quoted.get());
      } else {
        viaEnv.add(SupervisorQuoting.commandWord(k + "=" + v));
      }
    });
    if (p.port().isPresent()) {
      carried.add("PORT=" + (multi ? "\"" + PROCESS_NUM + "\"" : "\"" + first.port().getAsInt() + "\""));
    }

    List<String> words = new ArrayList<>();
    if (!viaEnv.isEmpty()) {
      words.add("/usr/bin/env");
      words.addAll(viaEnv);
    }
    List<String> argv = multi ? p.command() : first.argv();
    for (String w : argv) {
      words.add(word(w, multi));
    }
    if (p.server().isPresent()) {
      words.add("--workers=" + p.workers());
      words.add(word("--bind=" + (multi ? p.bind().orElseThrow() : first.bind().orElseThrow()), multi));
      words.add("--log-level=" + app.log().level().id());
    }
    program.put("command", String.join(" ", words));
    program.put("viaEnv", !viaEnv.isEmpty());
    program.put("processName", multi ? app.processPrefix(p) + "-" + PROCESS_NUM : app.baseName(first));
    program.put("numprocs", multi ? List.of(Map.of(
        "count", p.instances(), "start", p.port().orElse(1))) : List.of());
    program.put("directory", app.directory().map(Supervisor::plain).stream().toList());
    program.put("user", app.user().map(Supervisor::plain).stream().toList());
    program.put("environment", carried.isEmpty() ? List.of() : List.of(String.join(",", carried)));
    program.put("respawnComment", List.of(
        "respawn: " + respawnText(app) + ". supervisord cannot count restarts within a time window:",
        approximation(app) + "."));
    program.put("startsecs", startsecs(app));
    program.put("startretries", app.respawn().limit());
    program.put("stopwaitsecs", p.server().isPresent() ? GUNICORN_STOP_WAIT_SECONDS : STOP_WAIT_SECONDS);
    program.put("logfile", multi
        ? plain(HostPaths.join(app.log().dir(), app.processPrefix(p))) + "-" + PROCESS_NUM + ".log"
        : plain(app.logFile(first)));
    return program;
  }

  private static String word(String w, boolean multi) {
    return multi ? SupervisorQuoting.commandWord(w, Process.PORT_PLACEHOLDER, PROCESS_NUM) : SupervisorQuoting.commandWord(w);
  }

  /**
   * Seconds a start must survive to count as started: the interval spread over the limit, but at
   * least {@link #MIN_STARTSECS}.
   */
  static int startsecs(App app) {
    int spread = (app.respawn().interval() + app.respawn().limit() - 1) / app.respawn().limit();
    return Math.max(MIN_STARTSECS, spread);
  }

  private static String respawnText(App app) {
    return "at most " + app.respawn().limit() + " restarts within " + app.respawn().interval() + " s";
  }

  private static String approximation(App app) {
    return "it gives up (FATAL) after " + app.respawn().limit() + " starts in a row that each die within "
        + startsecs(app) + " s (startretries, startsecs), and restarts a process that ran longer without limit";
  }

  private static void plainPath(App app, List<Diagnostic> problems, String key, Optional<String> path) {
    if (path.isPresent() && SupervisorQuoting.plain(path.get()).isEmpty()) {
      problems.add(Diagnostic.at(app.origin(), key, key + ": expected a path the supervisor target can write "
          + "(no white space at either end or before ';' or '#'), found '" + printable(path.get()) + "'"));
    }
  }

  private static String plain(String value) {
    return SupervisorQuoting.plain(value).orElseThrow(() -> new IllegalArgumentException("not checked: " + value));
  }

  private static String printable(String s) {
    return s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
  }
}
