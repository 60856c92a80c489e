package dev.procgen.targets;

import dev.procgen.descriptor.Diagnostic;
import dev.procgen.model.App;
import dev.procgen.model.HostPaths;
import dev.procgen.model.Instance;
import dev.procgen.model.Process;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * looked up in the virtualenv's {@code bin}, or, without a virtualenv, by {@code /usr/bin/env} on
 * the unit's {@code PATH}. Running the command directly, rather than the run script, lets systemd
 * own everything the script would do (user, directory, environment, logging) and keeps every
 * value visible and checkable in the unit itself. Output goes to the journal.
 *
 * <p>Respawn limits are {@code StartLimitBurst=} (the limit plus the first start) and {@code
 * StartLimitIntervalSec=} in {@code [Unit]}, where systemd 229 moved them; {@code RestartSec=} is
 * half the interval spread over the limit, so that the restarts fit in the window and the limit
 * can trip.
 */
final class Systemd implements Target {
  static final String ID = "systemd";
  static final String DEFAULT_PATH = Supervisor.DEFAULT_PATH;
  static final int GUNICORN_STOP_SECONDS = 35;
  static final int STOP_SECONDS = 10;
  static final int MIN_RESTART_MILLIS = 100;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "systemd services for /etc/systemd/system, and <app>.target";
  }

  @Override
  public List<Diagnostic> check(App app) {
    List<Diagnostic> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : app.environment().entrySet()) {
      if (!SystemdQuoting.canCarry(e.getValue())) {
        problems.add(Diagnostic.at(app.origin(), "environment." + e.getKey(), "environment." + e.getKey()
            + ": expected a value without control characters or line breaks for the systemd target, found '"
            + printable(e.getValue()) + "'"));
      }
    }
    for (Process p : app.processes()) {
      String key = "processes." + p.name() + ".command";
      String program = p.command().get(0);
      java.util.Optional<String> bad = p.command().stream().filter(w -> !SystemdQuoting.canCarry(w)).findFirst();
      if (bad.isPresent()) {
        problems.add(Diagnostic.at(app.origin(), key, key
            + ": expected words without control characters or line breaks for the systemd target, found '"
            + printable(bad.get()) + "'"));
      } else if (!program.startsWith("/") && program.contains("/") && app.directory().isEmpty()) {
        problems.add(Diagnostic.at(app.origin(), key, key + ": expected an absolute program path, a bare name, or "
            + "directory set for the systemd target, found the relative path '" + program + "' with no directory"));
      }
    }
    return problems;
  }

  @Override
  public List<RenderedFile> render(List<App> apps, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    for (App app : apps) {
      List<String> wants = new ArrayList<>();
      for (Process p : app.processes()) {
        String unit = serviceName(app, p);
        files.add(new RenderedFile(unit, Templates.render(ID, "service", service(app, p)), false,
            List.of(app.origin().source())));
        if (p.isMultiInstance()) {
          for (Instance i : p.instanceList()) {
            wants.add(unit.replace("@.service", "@" + i.id() + ".service"));
          }
        } else {
          wants.add(unit);
        }
      }
      Map<String, Object> target = new LinkedHashMap<>();
      target.put("description", SystemdQuoting.plain(app.description()));
      target.put("wants", String.join(" ", wants));
      files.add(new RenderedFile(app.name() + ".target", Templates.render(ID, "target", target), false,
          List.of(app.origin().source())));
    }
    return files;
  }

  static String serviceName(App app, Process p) {
    return app.name() + "-" + p.name() + (p.isMultiInstance() ? "@" : "") + ".service";
  }

  private static Map<String, Object> service(App app, Process p) {
    boolean multi = p.isMultiInstance();
    Instance first = p.instanceList().get(0);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("description", SystemdQuoting.plain(app.description() + " (" + p.name() + ")") + (multi ? " %i" : ""));
    s.put("target", app.name() + ".target");
    s.put("startLimitInterval", app.respawn().interval());
    s.put("startLimitBurst", app.respawn().limit() + 1);
    s.put("user", app.user().map(SystemdQuoting::plain).stream().toList());
    s.put("group", app.group().map(SystemdQuoting::plain).stream().toList());
    s.put("directory", app.directory().map(SystemdQuoting::plain).stream().toList());

    List<String> environment = new ArrayList<>();
    app.virtualenv().ifPresent(v -> {
      environment.add(SystemdQuoting.environment("VIRTUAL_ENV", v));
      environment.add(SystemdQuoting.environment("PATH", HostPaths.join(v, "bin") + ":" + DEFAULT_PATH));
    });
    app.environment().forEach((k, v) -> environment.add(SystemdQuoting.environment(k, v)));
    if (p.port().isPresent()) {
      environment.add(multi ? "PORT=%i" : SystemdQuoting.environment("PORT", Integer.toString(first.port().getAsInt())));
    }
    s.put("environment", environment);

    List<String> argv = multi ? p.command() : first.argv();
    List<String> words = new ArrayList<>();
    String program = argv.get(0);
    if (program.startsWith("/")) {
      words.add(word(program, multi));
    } else if (program.contains("/")) {
      words.add(word(HostPaths.join(app.directory().orElseThrow(), program), multi));
    } else if (app.virtualenv().isPresent()) {
      words.add(word(HostPaths.join(HostPaths.join(app.virtualenv().get(), "bin"), program), multi));
    } else {
      words.add("/usr/bin/env");
      words.add(word(program, multi));
    }
    for (String w : argv.subList(1, argv.size())) {
      words.add(word(w, multi));
    }
    if (p.server().isPresent()) {
      words.add("--workers=" + p.workers());
      words.add(word("--bind=" + (multi ? p.bind().orElseThrow() : first.bind().orElseThrow()), multi));
      words.add("--log-level=" + app.log().level().id());
    }
    s.put("execStart", String.join(" ", words));
    s.put("restartSec", restartMillis(app) + "ms");
    boolean gunicorn = p.server().isPresent();
    // gunicorn's master stops its workers on SIGTERM; only then may stragglers be killed.
    s.put("killMode", gunicorn ? "mixed" : "control-group");
    s.put("timeoutStop", gunicorn ? GUNICORN_STOP_SECONDS : STOP_SECONDS);
    return s;
  }

  private static String word(String w, boolean multi) {
    return multi ? SystemdQuoting.execWord(w, Process.PORT_PLACEHOLDER, "%i") : SystemdQuoting.execWord(w);
  }

  /** Half the respawn interval spread over the limit, so that {@code limit} restarts fit in it. */
  static long restartMillis(App app) {
    long spread = app.respawn().interval() * 1000L / (2L * app.respawn().limit());
    return Math.max(MIN_RESTART_MILLIS, spread);
  }

  private static String printable(String s) {
    return s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
  }
}
