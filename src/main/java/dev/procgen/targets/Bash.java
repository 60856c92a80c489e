package dev.procgen.targets;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.HostPaths;
import dev.procgen.model.Limit;
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
 * changes into {@code directory}, creates {@code log.dir}, and finally {@code exec}s the command
 * through {@code env -i} so that the init system tracks the server's own PID. A server gets every
 * preset flag, including those that make it drop privileges and write its own log; every process,
 * a server too, appends its stdout and stderr to its log file, so that nothing it prints lands in
 * the init system's own log (Upstart's {@code console log}). Every value is quoted
 * by {@link ShellQuoting}, so it reaches the process exactly as the descriptor wrote it.
 *
 * <p>The process's environment is the one the script was started with, read back from {@code
 * /proc/$$/environ} (proc(5)) because bash rewrites variables it imports ({@code SHLVL}, {@code
 * PWD}, {@code IFS}, {@code PS4}, {@code SHELLOPTS}, ...), with the plan's environment over it
 * (the virtualenv's {@code VIRTUAL_ENV} and {@code PATH}, {@code PORT}, the descriptor's
 * variables). Those are operands of {@code env(1)}, never bash assignments, so bash's special and
 * readonly variables (bash(1), "Shell Variables": {@code UID}, {@code SHLVL}, {@code RANDOM},
 * {@code _}, ...) reach the process with the descriptor's value like any other name, and no
 * variable of the script itself ({@code USER}, {@code LOGFILE}, ...) leaks into it. Nothing else
 * is added: bash's own {@code _}, {@code SHLVL}, {@code PWD} and {@code OLDPWD} reach the process
 * only when the caller or the descriptor set them. The virtualenv is not activated by sourcing
 * its {@code activate} script: the plan's {@code VIRTUAL_ENV} and {@code PATH} are what {@code
 * activate} sets, and the same values the other targets give; the script stops, as sourcing did,
 * when the virtualenv is missing.
 */
final class Bash implements Target {
  static final String ID = "bash";
  /** The script's own variables, in the order the Gunicorn recipe's script sets them. */
  private static final List<String> VARIABLES = List.of(
      "LOGFILE", "LOGDIR", "PIDFILE", "LOGLEVEL", "NUM_WORKERS", "BIND_ADDRESS", "USER", "GROUP", "PROJECTDIR",
      "PROJECTENV");
  /** The variable that holds each preset flag's value. */
  private static final Map<String, String> FLAG_VARIABLES = Map.of(
      "--workers", "NUM_WORKERS", "--user", "USER", "--group", "GROUP", "--bind", "BIND_ADDRESS",
      "--log-level", "LOGLEVEL", "--log-file", "LOGFILE", "--pid", "PIDFILE");
  /** A group flag without a value means the user's primary group, looked up when the script runs. */
  private static final String USER_GROUP = "\"$(id -gn -- \"$USER\")\"";
  /** Runs a program unchanged, at the niceness it already has: coreutils nice(1), "-n 0". */
  private static final List<String> NICE = List.of("/usr/bin/nice", "-n", "0", "--");

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

  /**
   * Refuses only a size limit that is not a whole number of KiB, which bash's {@code ulimit -c} and
   * {@code -l} count in (bash(1), "ulimit": "values are in 1024-byte increments"). Every other value
   * reaches the process exactly, since every environment variable is handed to {@code env(1)} as an
   * argument and never assigned by bash.
   */
  @Override
  public List<Diagnostic> check(LaunchPlan plan, RenderContext context) {
    List<Diagnostic> problems = new ArrayList<>();
    for (ProcessPlan p : plan.processes()) {
      for (Limit limit : p.limits()) {
        if (limit.resource().inBytes() && !limit.unlimited() && limit.value() % 1024 != 0) {
          String key = plan.keyOf(p, "limits." + limit.resource().id());
          problems.add(Diagnostic.at(plan.origin(), key, key + ": expected a whole number of KiB (a multiple of 1024 "
              + "bytes) for the bash target (bash's ulimit -" + limit.resource().ulimitOption() + " counts in KiB), found "
              + limit.value() + " bytes"));
        }
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
      if (flag.bare()) {
        continue;
      }
      values.put(FLAG_VARIABLES.get(flag.option()),
          flag.value().isPresent() ? ShellQuoting.quote(flag.value().get()) : USER_GROUP);
    }
    if (plan.app().directory().isPresent()) {
      values.put("PROJECTDIR", ShellQuoting.quote(plan.app().directory().get()));
    }
    if (plan.app().virtualenv().isPresent()) {
      values.put("PROJECTENV", ShellQuoting.quote(plan.app().virtualenv().get()));
    }
    Map<String, String> ordered = new java.util.LinkedHashMap<>();
    for (String v : VARIABLES) {
      if (values.containsKey(v)) {
        ordered.put(v, values.get(v));
      }
    }
    return ordered;
  }

  private static Scope scope(LaunchPlan plan, ProcessPlan process, InstancePlan instance) {
    List<Scope.Assignment> variables = new ArrayList<>();
    for (Map.Entry<String, String> e : variables(plan, instance).entrySet()) {
      variables.add(new Scope.Assignment(e.getKey(), e.getValue()));
    }
    List<String> environment = new ArrayList<>();
    for (var e : instance.environment()) {
      environment.add(e.name() + "=" + ShellQuoting.quote(e.value()));
    }
    String program = instance.command().get(0);
    boolean viaNice = !canFollowAssignments(program);
    List<String> words = new ArrayList<>();
    if (viaNice) {
      words.addAll(NICE);
    }
    words.addAll(instance.command());
    List<String> line = new ArrayList<>();
    for (String w : words) {
      line.add(ShellQuoting.quote(w));
    }
    for (ServerFlag f : instance.flags()) {
      line.add(f.bare() ? f.option() : f.option() + "=\"$" + FLAG_VARIABLES.get(f.option()) + "\"");
    }
    List<Scope.Ulimit> limits = new ArrayList<>();
    for (Limit limit : process.limits()) {
      String value = limit.unlimited() ? "unlimited"
          : Long.toString(limit.resource().inBytes() ? limit.value() / 1024 : limit.value());
      limits.add(new Scope.Ulimit(limit.resource().ulimitOption(), value, limit.resource().what(),
          plan.keyOf(process, "limits." + limit.resource().id())));
    }
    List<Scope.Secrets> secrets = new ArrayList<>();
    if (!plan.app().secrets().isEmpty()) {
      List<String> operands = new ArrayList<>();
      for (String name : plan.app().secrets()) {
        operands.add("\"" + name + "=${secrets[" + name + "]}\"");
      }
      secrets.add(new Scope.Secrets(ShellQuoting.quote(plan.secretsFile()), secretsReader(),
          String.join(" ", plan.app().secrets()), operands));
    }
    return new Scope(List.copyOf(variables), plan.app().virtualenv().isPresent(), List.copyOf(environment),
        plan.app().directory().isPresent(), secrets, limits, !secrets.isEmpty(),
        viaNice, String.join(" ", line));
  }

  /**
   * Returns the bash function {@code read_secrets FILE} (templates/bash/secrets.sh.mustache), which
   * the run scripts and the bootstrap script share: it reads the secrets file's lines without
   * running them, by the rules docs/descriptor.md states, and fills the associative array {@code
   * secrets}.
   */
  static String secretsReader() {
    String text = Templates.render(ID, "secrets.sh", new Object());
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  /** The argument with which supervisord runs an app's run scripts: they leave the output to it. */
  static final String STDOUT = "--stdout";

  /**
   * Returns true when {@code env(1)} runs {@code program} if it follows the assignments. GNU env
   * takes every operand that holds {@code =} for an assignment, up to the first that does not,
   * even after {@code --} (coreutils env.c; env(1): "NAME=VALUE ... COMMAND"); and a lone {@code
   * -} right after the options means {@code -i}.
   */
  private static boolean canFollowAssignments(String program) {
    return program.indexOf('=') < 0 && !program.equals("-");
  }

  /**
   * What {@code templates/bash/run.sh.mustache} reads.
   *
   * @param variables the script's own settings, values quoted
   * @param virtualenv whether to stop unless {@code $PROJECTENV/bin} exists, as sourcing its {@code
   *     activate} did, rather than run the program found further on {@code PATH}
   * @param environment the plan's environment as {@code env(1)} operands, {@code NAME=value} with
   *     the value quoted: the virtualenv's {@code VIRTUAL_ENV} and {@code PATH}, {@code PORT}, the
   *     descriptor's variables
   * @param directory whether to change into {@code $PROJECTDIR}
   * @param secrets the secrets file to read before the exec, when the app has secrets
   * @param limits the {@code ulimit} calls, which set the soft and the hard limit
   * @param stdout whether the script leaves its output where it is when run with {@link #STDOUT}
   *     (supervisord runs an app's run scripts so when the app has secrets)
   * @param viaNice whether the command is run through {@code nice -n 0}, because env would take
   *     the program for an assignment (see {@link #canFollowAssignments})
   * @param command the command line: its words quoted, after {@code nice -n 0 --} when {@code
   *     viaNice}, then the preset's flags, each {@code option="$VARIABLE"}
   */
  record Scope(List<Assignment> variables, boolean virtualenv, List<String> environment, boolean directory,
      List<Secrets> secrets, List<Ulimit> limits, boolean stdout, boolean viaNice, String command) {
    /**
     * The secrets the process gets from the secrets file.
     *
     * @param file the file's path, quoted
     * @param reader the {@code read_secrets} function
     * @param names the declared names, separated by spaces (each is a plain variable name)
     * @param operands one {@code env(1)} operand each, {@code "NAME=${secrets[NAME]}"}
     */
    record Secrets(String file, String reader, String names, List<String> operands) {}

    /**
     * One {@code ulimit -OPTION VALUE}.
     *
     * @param option bash's option letter
     * @param value the value in ulimit's unit (KiB for sizes), or {@code unlimited}
     * @param what what it limits, as {@code ulimit -a} names it
     * @param key the descriptor key, for the message when the hard limit is lower
     */
    record Ulimit(char option, String value, String what, String key) {}

    /** {@code name=value}, the value already quoted. */
    record Assignment(String name, String value) {}
  }
}
