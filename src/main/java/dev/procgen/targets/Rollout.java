package dev.procgen.targets;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.HostPaths;
import dev.procgen.plan.Address;
import dev.procgen.plan.InstancePlan;
import dev.procgen.plan.LaunchPlan;
import dev.procgen.plan.ProcessPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders one Bash script per app, {@code <app>.sh}, that restarts the app's instances one at a
 * time under the run's init system ({@code --init}), so that a proxy in front of them (the nginx
 * target's) always has the others to send requests to.
 *
 * <p>For each instance in turn, processes in descriptor order: the init system restarts it
 * ({@code systemctl restart UNIT}, {@code supervisorctl restart GROUP:PROCESS}, {@code initctl
 * restart JOB}, or {@code initctl start JOB} for a job that is not running); then the script
 * waits until the init system reports it running, it accepts connections on its address again
 * (a TCP port, through bash's {@code /dev/tcp}; a unix socket, through curl), and, with {@code
 * processes.*.health}, that URL answers with a 2xx status. An instance without an address is
 * only waited for until the init system reports it running. The wait is bounded ({@code
 * --timeout}, 60 s by default); an instance that does not come back in time, or that the init
 * system fails to restart, stops the script with a message and exit status 1, and the instances
 * after it are left as they are. {@code --dry-run} prints the steps and changes nothing.
 *
 * <p>Under {@code rclocal} the boot hook starts the processes with no service manager, so there
 * is nothing to restart one instance with: an app without a {@code supervisor.home} gets no
 * script, and a warning says so. Every value is quoted by {@link ShellQuoting}.
 */
final class Rollout implements Target {
  static final String ID = "rollout";
  /** How long the script waits for each instance by default, seconds. */
  static final int DEFAULT_TIMEOUT = 60;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "rolling restart scripts, one per app: its instances one at a time, each waited for";
  }

  @Override
  public boolean usesInit() {
    return true;
  }

  /** False: the init system starts the processes; the script only asks it to restart them. */
  @Override
  public boolean startsProcesses() {
    return false;
  }

  @Override
  public List<GeneratedName> names(LaunchPlan plan) {
    return List.of(GeneratedName.ofApp("rollout script", plan.name() + ".sh", plan));
  }

  @Override
  public List<Diagnostic> check(LaunchPlan plan, RenderContext context) {
    return List.of();
  }

  @Override
  public List<Diagnostic> warnings(LaunchPlan plan, RenderContext context) {
    if (restarts(plan, context)) {
      return List.of();
    }
    return List.of(Diagnostic.warningAt(plan.origin(), "app", "app: the rollout target renders no script for "
        + plan.name() + " under --init rclocal: the boot hook starts its processes with no service manager to restart "
        + "one instance with (give it a supervisor.home, or choose another --init)"));
  }

  @Override
  public List<RenderedFile> render(List<LaunchPlan> plans, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    for (LaunchPlan plan : plans) {
      if (restarts(plan, context)) {
        files.add(new RenderedFile(plan.name() + ".sh", Templates.render(ID, "script.sh", script(plan, context)), true,
            List.of(plan.origin().source())));
      }
    }
    return files;
  }

  /** True when the run's init system can restart one of the app's instances. */
  private static boolean restarts(LaunchPlan plan, RenderContext context) {
    return context.init() != Registry.RCLOCAL || plan.app().supervisorHome().isPresent();
  }

  private static Script script(LaunchPlan plan, RenderContext context) {
    Installable init = context.init();
    boolean supervisord = init == Registry.SUPERVISOR || init == Registry.RCLOCAL;
    List<Step> steps = new ArrayList<>();
    boolean unix = false;
    for (ProcessPlan p : plan.processes()) {
      for (InstancePlan i : p.instances()) {
        String name;
        if (init == Registry.SYSTEMD) {
          name = Systemd.unitOf(p, i);
        } else if (init == Registry.UPSTART) {
          name = plan.isSingleInstance() ? plan.name() : i.name();
        } else {
          name = plan.name() + ":" + i.name();
        }
        Optional<Address> address = i.address();
        String kind = "none";
        String where = "";
        String port = "";
        if (address.isPresent() && address.get() instanceof Address.Tcp tcp) {
          kind = "tcp";
          where = tcp.bareHost();
          port = Integer.toString(tcp.port());
        } else if (address.isPresent()) {
          kind = "unix";
          where = ((Address.Unix) address.get()).path();
          unix = true;
        }
        steps.add(new Step(ShellQuoting.quote(name), kind, ShellQuoting.quote(where), ShellQuoting.quote(port),
            ShellQuoting.quote(address.isPresent() ? p.health().orElse("") : "")));
      }
    }
    String initName;
    List<String> ctl = List.of();
    if (init == Registry.SYSTEMD) {
      initName = "systemd";
    } else if (init == Registry.UPSTART) {
      initName = "Upstart";
    } else {
      initName = "supervisord";
      String command = "supervisorctl";
      if (plan.app().supervisorHome().isPresent()) {
        command += " -c " + ShellQuoting.quote(HostPaths.join(plan.app().supervisorHome().get(), "supervisord.conf"));
      }
      ctl = List.of(command);
    }
    return new Script(ShellQuoting.quote(plan.name()), plan.name(), initName, init == Registry.SYSTEMD,
        init == Registry.UPSTART, supervisord, ctl, unix, DEFAULT_TIMEOUT, steps);
  }

  /**
   * What {@code templates/rollout/script.sh.mustache} reads.
   *
   * @param app the app's name, quoted for bash
   * @param appName the app's name as is, for comments
   * @param init the init system's name, for comments and messages
   * @param systemd true under systemd
   * @param upstart true under Upstart
   * @param supervisord true under supervisord (the supervisor target's, or rclocal's per-app one)
   * @param ctl the supervisorctl command line, quoted for bash, when under supervisord
   * @param unix true when an instance binds a unix socket, which curl reaches
   * @param timeout the default of {@code --timeout}, seconds
   * @param steps one per instance, in order
   */
  record Script(String app, String appName, String init, boolean systemd, boolean upstart, boolean supervisord,
      List<String> ctl, boolean unix, int timeout, List<Step> steps) {}

  /**
   * One instance: its name for the init system, and how to reach it, each quoted for bash.
   *
   * @param name the systemd unit, Upstart job or supervisord {@code group:process}
   * @param kind {@code tcp}, {@code unix} or {@code none}
   * @param where the host (an IPv6 address without brackets) or the socket path; {@code ''} for none
   * @param port the TCP port, or {@code ''}
   * @param health the health URL's path, or {@code ''}
   */
  record Step(String name, String kind, String where, String port, String health) {}
}
