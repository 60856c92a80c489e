package dev.procgen.targets;

import dev.procgen.descriptor.Diagnostic;
import dev.procgen.model.App;
import dev.procgen.model.Instance;
import dev.procgen.model.Process;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders one Bash run script per process instance, {@code <instance name>.sh} (see {@link App#baseName}), to
 * be installed in {@code bin_dir} and exec'd by the init system.
 *
 * <p>The script sets its settings as shell variables, activates the virtualenv, exports the
 * descriptor's environment (and {@code PORT} for a process with a port), changes into {@code
 * directory}, creates {@code log.dir}, and finally {@code exec}s the command so that the init
 * system tracks the server's own PID. A gunicorn process gets gunicorn's flags and sends stderr
 * to its log file; any other process sends stdout and stderr there. Every value is quoted by
 * {@link ShellQuoting}, so it reaches the process exactly as the descriptor wrote it.
 */
final class Bash implements Target {
  static final String ID = "bash";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Bash run scripts for bin_dir, one per process instance";
  }

  @Override
  public List<Diagnostic> check(App app) {
    List<Diagnostic> problems = new ArrayList<>();
    for (Instance instance : app.instances()) {
      Map<String, String> variables = variables(app, instance);
      for (String name : app.environment().keySet()) {
        if (variables.containsKey(name)) {
          problems.add(Diagnostic.at(app.origin(), "environment." + name,
              "environment." + name + ": expected a name the bash target's run script does not use itself ("
                  + String.join(", ", variables.keySet()) + "), found " + name));
        }
      }
      if (!problems.isEmpty()) {
        break;
      }
    }
    return problems;
  }

  @Override
  public List<RenderedFile> render(List<App> apps, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    for (App app : apps) {
      for (Instance instance : app.instances()) {
        files.add(new RenderedFile(app.baseName(instance) + ".sh",
            Templates.render(ID, "run.sh", scope(app, instance)), true, List.of(app.origin().source())));
      }
    }
    return files;
  }

  /** The script's own variables, in the order the Gunicorn recipe sets them, values quoted. */
  private static Map<String, String> variables(App app, Instance instance) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("LOGFILE", ShellQuoting.quote(app.logFile(instance)));
    vars.put("LOGDIR", ShellQuoting.quote(app.log().dir()));
    if (instance.process().server().isPresent()) {
      vars.put("LOGLEVEL", ShellQuoting.quote(app.log().level().id()));
      vars.put("NUM_WORKERS", Integer.toString(instance.process().workers()));
      vars.put("BIND_ADDRESS", ShellQuoting.quote(instance.bind().orElseThrow()));
      app.user().ifPresent(u -> vars.put("USER", ShellQuoting.quote(u)));
      if (app.group().isPresent()) {
        vars.put("GROUP", ShellQuoting.quote(app.group().get()));
      } else if (app.user().isPresent()) {
        // gunicorn's own default group is the master's (root's), not the user's: look it up.
        vars.put("GROUP", "\"$(id -gn -- \"$USER\")\"");
      }
    }
    app.directory().ifPresent(d -> vars.put("PROJECTDIR", ShellQuoting.quote(d)));
    app.virtualenv().ifPresent(v -> vars.put("PROJECTENV", ShellQuoting.quote(v)));
    return vars;
  }

  private static Map<String, Object> scope(App app, Instance instance) {
    Map<String, String> vars = variables(app, instance);
    List<Map<String, String>> exports = new ArrayList<>();
    app.environment().forEach((k, v) -> exports.add(Map.of("name", k, "value", ShellQuoting.quote(v))));
    instance.port().ifPresent(p -> exports.add(Map.of("name", "PORT", "value", Integer.toString(p))));

    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("variables", vars.entrySet().stream()
        .map(e -> Map.of("name", e.getKey(), "value", e.getValue())).toList());
    scope.put("virtualenv", app.virtualenv().isPresent());
    scope.put("exports", exports);
    scope.put("directory", app.directory().isPresent());
    scope.put("exec", execLine(app, instance, vars));
    return scope;
  }

  private static String execLine(App app, Instance instance, Map<String, String> vars) {
    List<String> words = new ArrayList<>();
    instance.argv().forEach(w -> words.add(ShellQuoting.quote(w)));
    Process process = instance.process();
    if (process.server().isEmpty()) {
      return String.join(" ", words) + " >>\"$LOGFILE\" 2>&1";
    }
    words.add("--workers=\"$NUM_WORKERS\"");
    if (vars.containsKey("USER")) {
      words.add("--user=\"$USER\"");
    }
    if (vars.containsKey("GROUP")) {
      words.add("--group=\"$GROUP\"");
    }
    words.add("--bind=\"$BIND_ADDRESS\"");
    words.add("--log-level=\"$LOGLEVEL\"");
    words.add("--log-file=\"$LOGFILE\"");
    return words.stream().collect(Collectors.joining(" ")) + " 2>>\"$LOGFILE\"";
  }
}
