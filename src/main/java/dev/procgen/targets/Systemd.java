package dev.procgen.targets;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.ControlChars;
import dev.procgen.model.HostPaths;
import dev.procgen.plan.EnvVar;
import dev.procgen.plan.InstancePlan;
import dev.procgen.plan.LaunchPlan;
import dev.procgen.plan.ProcessPlan;
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
 * looked up in the virtualenv's {@code bin}, or, without a virtualenv, by {@code /usr/bin/env} on
 * the unit's {@code PATH}. In a template, {@code {port}} becomes {@code %i} in every word, the
 * program's path included. Running the command directly, rather than the run script, lets systemd
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
        p.instances().forEach(i -> names.add(GeneratedName.ofInstance(KIND, instanceName(p, i), plan, p, i)));
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
    for (var e : plan.app().environment().entrySet()) {
      if (!SystemdQuoting.canCarry(e.getValue())) {
        problems.add(Diagnostic.at(plan.origin(), "environment." + e.getKey(), "environment." + e.getKey()
            + ": expected a value without control characters or line breaks for the systemd target, found '"
            + ControlChars.escaped(e.getValue()) + "'"));
      }
    }
    for (ProcessPlan p : plan.processes()) {
      String key = p.key() + ".command";
      String program = p.command().get(0);
      Optional<Integer> bad = java.util.stream.IntStream.range(0, p.command().size())
          .filter(i -> !SystemdQuoting.canCarry(p.command().get(i))).boxed().findFirst();
      if (bad.isPresent()) {
        problems.add(Diagnostic.atWord(plan.origin(), key, bad.get(), key
            + ": expected words without control characters or line breaks for the systemd target, found '"
            + ControlChars.escaped(p.command().get(bad.get())) + "'"));
      } else if (!program.startsWith("/") && program.contains("/") && plan.app().directory().isEmpty()) {
        problems.add(Diagnostic.atWord(plan.origin(), key, 0, key + ": expected an absolute program path, a bare name, or "
            + "directory set for the systemd target, found the relative path '" + program + "' with no directory"));
      }
    }
    return problems;
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
          p.instances().forEach(i -> wants.add(instanceName(p, i)));
        } else {
          wants.add(serviceName(p));
        }
      }
      TargetUnit target = new TargetUnit(SystemdQuoting.plain(plan.app().description()), String.join(" ", wants));
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
    List<String> words = new ArrayList<>();
    String program = argv.get(0);
    if (program.startsWith("/")) {
      words.add(word("", program, multi));
    } else if (program.contains("/")) {
      words.add(word(folder(plan.app().directory().orElseThrow()), program, multi));
    } else if (plan.app().virtualenv().isPresent()) {
      words.add(word(folder(HostPaths.join(plan.app().virtualenv().get(), "bin")), program, multi));
    } else {
      words.add("/usr/bin/env");
      words.add(word("", program, multi));
    }
    argv.subList(1, argv.size()).forEach(w -> words.add(word("", w, multi)));
    return new Service(
        SystemdQuoting.plain(plan.app().description() + " (" + p.name() + ")") + (multi ? " " + INSTANCE : ""),
        targetName(plan),
        plan.app().respawn().interval(),
        plan.app().respawn().limit() + 1,
        plan.app().user().map(SystemdQuoting::plain).stream().toList(),
        plan.app().group().map(SystemdQuoting::plain).stream().toList(),
        plan.app().directory().map(SystemdQuoting::plain).stream().toList(),
        environment,
        String.join(" ", words),
        restartMillis(plan) + "ms",
        // A main process that stops its own children gets the signal alone; stragglers are killed after.
        p.stop().mainProcessStopsChildren() ? "mixed" : "control-group",
        "SIG" + p.stop().signal(),
        p.stop().timeoutSeconds());
  }

  /**
   * One {@code ExecStart=} word: {@code literal} as written, then {@code w}, whose {@code {port}}
   * becomes {@code %i} in a template.
   */
  private static String word(String literal, String w, boolean multi) {
    return multi ? SystemdQuoting.execWord(literal, w, LaunchPlan.PORT_PLACEHOLDER, INSTANCE)
        : SystemdQuoting.execWord(literal + w);
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
   * @param startLimitInterval {@code StartLimitIntervalSec=}, in seconds
   * @param startLimitBurst {@code StartLimitBurst=}
   * @param user {@code User=}, if set
   * @param group {@code Group=}, if set
   * @param directory {@code WorkingDirectory=}, if set
   * @param environment one {@code Environment=} assignment each
   * @param execStart {@code ExecStart=}
   * @param restartSec {@code RestartSec=}, with its unit
   * @param killMode {@code KillMode=}
   * @param killSignal {@code KillSignal=}
   * @param timeoutStop {@code TimeoutStopSec=}, in seconds
   */
  record Service(String description, String target, int startLimitInterval, int startLimitBurst, List<String> user,
      List<String> group, List<String> directory, List<String> environment, String execStart, String restartSec,
      String killMode, String killSignal, int timeoutStop) {}

  /**
   * What {@code templates/systemd/target.mustache} reads.
   *
   * @param description {@code Description=}, quoted
   * @param wants the units of {@code Wants=}, space-separated
   */
  record TargetUnit(String description, String wants) {}
}
