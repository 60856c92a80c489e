package dev.procgen.targets;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.HostPaths;
import dev.procgen.plan.EnvVar;
import dev.procgen.plan.InstancePlan;
import dev.procgen.plan.LaunchPlan;
import dev.procgen.plan.ProcessPlan;
import dev.procgen.plan.ServerFlag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders one Bash run script per process instance, {@code <instance name>.sh}, to be installed
 * in {@code bin_dir} and exec'd by the init system.
 *
 * <p>The script sets its settings as shell variables (the names of the Gunicorn recipe's script),
 * activates the virtualenv, exports {@code PORT} and the descriptor's environment, changes into
 * {@code directory}, creates {@code log.dir}, and finally {@code exec}s the command so that the
 * init system tracks the server's own PID. A server gets every preset flag, including those that
 * make it drop privileges and write its own log, and sends stderr to its log file; any other
 * process sends stdout and stderr there. Every value is quoted by {@link ShellQuoting}, so it
 * reaches the process exactly as the descriptor wrote it.
 */
final class Bash implements Target {
  static final String ID = "bash";
  /** The script's own variables, in the order the Gunicorn recipe's script sets them. */
  private static final List<String> VARIABLES = List.of(
      "LOGFILE", "LOGDIR", "LOGLEVEL", "NUM_WORKERS", "BIND_ADDRESS", "USER", "GROUP", "PROJECTDIR", "PROJECTENV");
  /** The variable that holds each preset flag's value. */
  private static final Map<String, String> FLAG_VARIABLES = Map.of(
      "--workers", "NUM_WORKERS", "--user", "USER", "--group", "GROUP", "--bind", "BIND_ADDRESS",
      "--log-level", "LOGLEVEL", "--log-file", "LOGFILE");
  /** A group flag without a value means the user's primary group, looked up when the script runs. */
  private static final String USER_GROUP = "\"$(id -gn -- \"$USER\")\"";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Bash run scripts for bin_dir, one per process instance";
  }

  @Override
  public List<GeneratedName> names(LaunchPlan plan) {
    List<GeneratedName> names = new ArrayList<>();
    for (ProcessPlan p : plan.processes()) {
      for (InstancePlan i : p.instances()) {
        names.add(GeneratedName.ofInstance("run script", fileName(i), plan, p, i));
      }
    }
    return names;
  }

  @Override
  public List<Diagnostic> check(LaunchPlan plan, RenderContext context) {
    List<Diagnostic> problems = new ArrayList<>();
    for (InstancePlan instance : plan.instances()) {
      Map<String, String> variables = variables(plan, instance);
      for (String name : plan.app().environment().keySet()) {
        if (variables.containsKey(name)) {
          problems.add(Diagnostic.at(plan.origin(), "environment." + name,
              "environment." + name + ": expected a name the bash target's run script does not use itself ("
                  + String.join(", ", variables.keySet()) + "), found " + name));
        }
      }
      if (!problems.isEmpty()) {
        break; // every instance sets the same names: say each once
      }
    }
    return problems;
  }

  @Override
  public List<RenderedFile> render(List<LaunchPlan> plans, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    for (LaunchPlan plan : plans) {
      for (ProcessPlan p : plan.processes()) {
        for (InstancePlan i : p.instances()) {
          files.add(new RenderedFile(fileName(i), Templates.render(ID, "run.sh", scope(plan, p, i)), true,
              List.of(plan.origin().source())));
        }
      }
    }
    return files;
  }

  @Override
  public Optional<Placement> placement(LaunchPlan plan, RenderedFile file) {
    return Optional.of(new Placement.HostFile(HostPaths.join(plan.binDir(), file.path()), "755", "root", "root", false));
  }

  private static String fileName(InstancePlan instance) {
    return instance.name() + ".sh";
  }

  /** The script's own variables that this instance sets, in order, values quoted. */
  private static Map<String, String> variables(LaunchPlan plan, InstancePlan instance) {
    Map<String, String> values = new HashMap<>();
    values.put("LOGFILE", ShellQuoting.quote(instance.logFile()));
    values.put("LOGDIR", ShellQuoting.quote(plan.logDir()));
    for (ServerFlag flag : instance.flags()) {
      values.put(FLAG_VARIABLES.get(flag.option()), flag.value().map(ShellQuoting::quote).orElse(USER_GROUP));
    }
    plan.app().directory().ifPresent(d -> values.put("PROJECTDIR", ShellQuoting.quote(d)));
    plan.app().virtualenv().ifPresent(v -> values.put("PROJECTENV", ShellQuoting.quote(v)));
    Map<String, String> ordered = new java.util.LinkedHashMap<>();
    VARIABLES.stream().filter(values::containsKey).forEach(v -> ordered.put(v, values.get(v)));
    return ordered;
  }

  private static Scope scope(LaunchPlan plan, ProcessPlan process, InstancePlan instance) {
    List<Scope.Assignment> variables = variables(plan, instance).entrySet().stream()
        .map(e -> new Scope.Assignment(e.getKey(), e.getValue())).toList();
    List<Scope.Assignment> exports = instance.environment().stream()
        .filter(e -> e.source() != EnvVar.Source.VIRTUALENV)
        .map(e -> new Scope.Assignment(e.name(), ShellQuoting.quote(e.value()))).toList();
    List<Scope.Word> command = new ArrayList<>();
    for (String w : instance.command()) {
      command.add(new Scope.Word(ShellQuoting.quote(w), command.isEmpty()));
    }
    List<Scope.Flag> flags = instance.flags().stream()
        .map(f -> new Scope.Flag(f.option(), FLAG_VARIABLES.get(f.option()))).toList();
    return new Scope(variables, plan.app().virtualenv().isPresent(), exports, plan.app().directory().isPresent(),
        command, flags, process.server().isPresent());
  }

  /**
   * What {@code templates/bash/run.sh.mustache} reads.
   *
   * @param variables the script's own settings, values quoted
   * @param virtualenv whether to source the virtualenv's {@code activate}
   * @param exports {@code PORT} and the descriptor's environment, values quoted
   * @param directory whether to change into {@code $PROJECTDIR}
   * @param command the command's words, quoted
   * @param flags the preset's flags, each taking its value from its variable
   * @param server whether the command is a server that writes its own log
   */
  record Scope(List<Assignment> variables, boolean virtualenv, List<Assignment> exports, boolean directory,
      List<Word> command, List<Flag> flags, boolean server) {
    /** {@code name=value}, the value already quoted. */
    record Assignment(String name, String value) {}

    /** One quoted word; the first is not preceded by a space. */
    record Word(String text, boolean first) {}

    /** {@code option="$variable"}. */
    record Flag(String option, String variable) {}
  }
}
