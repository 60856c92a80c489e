package dev.procgen.plan;

import dev.procgen.model.App;
import dev.procgen.model.Controls;
import dev.procgen.model.HostPaths;
import dev.procgen.model.Process;
import dev.procgen.model.Rotator;
import dev.procgen.model.Server;
import dev.procgen.model.Signal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Resolves a valid {@link App} into its {@link LaunchPlan}: names, argv, environment, paths and
 * stop policy of every process instance, decided once for every target. Pure: it reads nothing and
 * cannot fail on a validated app.
 */
public final class Planner {
  /** gunicorn binds here when the descriptor gives no address (gunicorn's settings documentation, "bind"). */
  static final String GUNICORN_DEFAULT_BIND = "127.0.0.1:8000";
  /** Where a server with a port binds, one address per instance. */
  static final String LOOPBACK_PORT_BIND = "127.0.0.1:" + LaunchPlan.PORT_PLACEHOLDER;

  private Planner() {}

  /** Returns the launch plan of {@code app}, with every default applied. */
  public static LaunchPlan plan(App app) {
    String binDir = app.binDir().orElse(HostPaths.defaultBinDir(app.name()));
    String logDir = app.log().dir().orElse(HostPaths.defaultLogDir(app.name()));
    List<ProcessPlan> processes = new ArrayList<>();
    for (Process p : app.processes()) {
      processes.add(process(app, p, binDir, logDir));
    }
    return new LaunchPlan(app, binDir, logDir, processes);
  }

  private static ProcessPlan process(App app, Process p, String binDir, String logDir) {
    String prefix = app.processes().size() == 1 ? app.name() : app.name() + "-" + p.name();
    Optional<String> bind = p.bind();
    if (bind.isEmpty() && p.server().isPresent()) {
      bind = Optional.of(p.port().isPresent() ? LOOPBACK_PORT_BIND : GUNICORN_DEFAULT_BIND);
    }
    List<InstancePlan> instances = new ArrayList<>();
    for (int index = 0; index < p.instances(); index++) {
      OptionalInt port = p.port().isPresent() ? OptionalInt.of(p.port().getAsInt() + index) : OptionalInt.empty();
      String id = port.isPresent() ? Integer.toString(port.getAsInt()) : Integer.toString(index + 1);
      String name = p.instances() > 1 ? prefix + "-" + id : prefix;
      String logFile = HostPaths.join(logDir, name + ".log");
      Optional<String> pidFile = p.server().isPresent() ? Optional.of(HostPaths.join(logDir, name + ".pid")) : Optional.empty();
      Optional<String> instanceBind = bind.isPresent() ? Optional.of(withPort(bind.get(), port)) : Optional.empty();
      List<String> command = new ArrayList<>(p.command().size());
      for (String word : p.command()) {
        command.add(withPort(word, port));
      }
      instances.add(new InstancePlan(name, id, port,
          List.copyOf(command),
          flags(app, p, instanceBind, Optional.of(logFile), pidFile),
          instanceBind,
          environment(app, port.isPresent() ? Optional.of(Integer.toString(port.getAsInt())) : Optional.empty()),
          logFile,
          HostPaths.join(binDir, name + ".sh"),
          pidFile));
    }
    boolean gunicorn = p.server().isPresent() && p.server().get() == Server.GUNICORN;
    Controls controls = p.controls().over(app.controls());
    // gunicorn reloads its configuration and replaces its workers on SIGHUP (gunicorn's "Signal Handling").
    Optional<Signal> reload = controls.reload().isPresent() ? controls.reload().get().signal()
        : gunicorn ? Optional.of(Signal.HUP) : Optional.empty();
    Rotation rotation = new Rotation(controls.rotateBy().orElse(Rotator.LOGROTATE),
        controls.rotateSize().orElse(Rotation.DEFAULT_SIZE), controls.rotateKeep().orElse(Rotation.DEFAULT_KEEP));
    return new ProcessPlan(p.name(), "processes." + p.name(), app.name() + "-" + p.name(), prefix, p.server(), p.port(),
        p.command(),
        notSelfManaged(flags(app, p, bind, Optional.empty(), Optional.empty())),
        environment(app, p.port().isPresent() ? Optional.of(LaunchPlan.PORT_PLACEHOLDER) : Optional.empty()),
        (gunicorn ? StopPolicy.GUNICORN : StopPolicy.DEFAULT).with(controls.stopSignal(), controls.stopTimeout()),
        reload,
        List.copyOf(controls.limits().values()),
        rotation,
        p.health(),
        gunicorn,
        instances);
  }

  /**
   * The preset's flags in gunicorn's order: workers, account, bind, log level, log file, pid file,
   * capture output. {@code logFile} and {@code pidFile} are empty for the pattern, which carries no
   * self-managed flag.
   */
  private static List<ServerFlag> flags(App app, Process p, Optional<String> bind, Optional<String> logFile,
      Optional<String> pidFile) {
    List<ServerFlag> flags = new ArrayList<>();
    if (p.server().isEmpty()) {
      return flags;
    }
    flags.add(new ServerFlag("--workers", Optional.of(Integer.toString(p.workers())), false));
    if (app.user().isPresent()) {
      flags.add(new ServerFlag("--user", app.user(), true));
    }
    if (app.group().isPresent() || app.user().isPresent()) {
      // gunicorn's own default group is the master's (root's), not the user's: name it.
      flags.add(new ServerFlag("--group", app.group(), true));
    }
    flags.add(new ServerFlag("--bind", bind, false));
    flags.add(new ServerFlag("--log-level", Optional.of(app.log().level().id()), false));
    if (logFile.isPresent()) {
      flags.add(new ServerFlag("--log-file", logFile, true));
    }
    if (pidFile.isPresent()) {
      // Where logrotate's postrotate finds the master, which reopens its log files on SIGUSR1.
      flags.add(new ServerFlag("--pid", pidFile, true));
    }
    if (logFile.isPresent()) {
      // The app's own stdout and stderr go to the log file too, and are reopened with it on SIGUSR1
      // (gunicorn's settings, "capture_output"); without it they stay on the file the run script
      // opened, which logrotate has renamed.
      flags.add(ServerFlag.bare("--capture-output", true));
    }
    return flags;
  }

  /** The flags that an init system passes, not those that the run script adds (see {@link ServerFlag#selfManaged}). */
  private static List<ServerFlag> notSelfManaged(List<ServerFlag> flags) {
    List<ServerFlag> kept = new ArrayList<>();
    for (ServerFlag f : flags) {
      if (!f.selfManaged()) {
        kept.add(f);
      }
    }
    return List.copyOf(kept);
  }

  /**
   * The environment in order: the virtualenv's, {@code PORT}, the descriptor's. A descriptor
   * variable of the same name as the virtualenv's ({@code PATH}) replaces it in its place, so
   * every name appears once with the value the process gets.
   */
  private static List<EnvVar> environment(App app, Optional<String> port) {
    Map<String, EnvVar> env = new LinkedHashMap<>();
    if (app.virtualenv().isPresent()) {
      String v = app.virtualenv().get();
      env.put("VIRTUAL_ENV", new EnvVar("VIRTUAL_ENV", v, EnvVar.Source.VIRTUALENV));
      env.put("PATH", new EnvVar("PATH", HostPaths.join(v, "bin") + ":" + LaunchPlan.DEFAULT_PATH,
          EnvVar.Source.VIRTUALENV));
    }
    if (port.isPresent()) {
      env.put("PORT", new EnvVar("PORT", port.get(), EnvVar.Source.PORT));
    }
    for (Map.Entry<String, String> e : app.environment().entrySet()) {
      env.put(e.getKey(), new EnvVar(e.getKey(), e.getValue(), EnvVar.Source.DESCRIPTOR));
    }
    return List.copyOf(env.values());
  }

  private static String withPort(String word, OptionalInt port) {
    return port.isPresent() ? word.replace(LaunchPlan.PORT_PLACEHOLDER, Integer.toString(port.getAsInt())) : word;
  }
}
