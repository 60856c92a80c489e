package dev.procgen.targets;

import dev.procgen.model.Hardening;
import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.HostPaths;
import dev.procgen.model.Limit;
import dev.procgen.plan.InstancePlan;
import dev.procgen.plan.LaunchPlan;
import dev.procgen.plan.ProcessPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders Upstart jobs for {@code /etc/init}, by init(5) of Upstart 1.x.
 *
 * <p>An app with one process and one instance becomes one job {@code <app>.conf}. Otherwise every
 * process instance gets its own job {@code <instance name>.conf} that starts on {@code starting
 * <app>} and stops on {@code stopping <app>}, and {@code <app>.conf} is an abstract master job that
 * brings them up at boot and takes them down at shutdown.
 *
 * <p>Every job {@code exec}s its instance's run script (the {@code bash} target) from {@code
 * bin_dir}, so Upstart tracks the server's own PID; the run script sends output to {@code log.dir},
 * so Upstart's console log only catches what fails before the script's {@code exec}. Respawn
 * limits are Upstart's {@code respawn limit COUNT INTERVAL}.
 *
 * <p>Privileges are dropped by gunicorn's own flags for gunicorn processes. Otherwise a {@code
 * user} with a {@code group} becomes the {@code setuid} and {@code setgid} stanzas, for which
 * Upstart 1.13.2 calls {@code initgroups(user, group)} (init/job_process.c), as systemd's {@code
 * User=} and {@code Group=} do. A {@code user} alone does not become {@code setuid}: Upstart then
 * calls {@code initgroups(user, 0)}, init's own group, which leaves the root group among the
 * process's supplementary groups. The job runs the script through coreutils' {@code chroot
 * --skip-chdir --userspec=USER /} instead, which gives the user's primary group and {@code
 * getgrouplist(user, primary group)}. A {@code group} alone is the {@code setgid} stanza.
 */
final class Upstart implements Installable {
  static final String ID = "upstart";
  static final String KIND = "Upstart job";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Upstart jobs for /etc/init (a master job when there are several)";
  }

  @Override
  public List<GeneratedName> names(LaunchPlan plan) {
    List<GeneratedName> names = new ArrayList<>();
    names.add(GeneratedName.ofApp(KIND, plan.name(), plan));
    if (!plan.isSingleInstance()) {
      for (ProcessPlan p : plan.processes()) {
        for (InstancePlan i : p.instances()) {
          names.add(GeneratedName.ofInstance(KIND, i.name(), plan, p, i));
        }
      }
    }
    return names;
  }

  @Override
  public Optional<String> reserved(GeneratedName name) {
    return ReservedNames.STOCK_UPSTART_JOBS.contains(name.value())
        ? Optional.of("a job that a stock Ubuntu host running Upstart already has in /etc/init ("
            + ReservedNames.UPSTART_SOURCE + ")")
        : Optional.empty();
  }

  @Override
  public List<Diagnostic> check(LaunchPlan plan, RenderContext context) {
    for (InstancePlan instance : plan.instances()) {
      if (!UpstartQuoting.canCarryExecWord(instance.runScript())) {
        return List.of(Diagnostic.at(plan.origin(), "bin_dir",
            "bin_dir: expected a path the upstart target can write in an exec stanza (no backslash), found '"
                + plan.binDir() + "'"));
      }
    }
    return List.of();
  }

  @Override
  public List<RenderedFile> render(List<LaunchPlan> plans, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    for (LaunchPlan plan : plans) {
      String description = UpstartQuoting.string(plan.app().description());
      if (plan.isSingleInstance()) {
        ProcessPlan only = plan.processes().get(0);
        files.add(file(plan, plan.name(),
            job(plan, only, only.first(), description, "runlevel [2345]", "runlevel [!2345]")));
        continue;
      }
      files.add(file(plan, plan.name(), new Job(description, "runlevel [2345]", "runlevel [!2345]", List.of())));
      for (ProcessPlan p : plan.processes()) {
        for (InstancePlan i : p.instances()) {
          String label = UpstartQuoting.string(plan.app().description() + " (" + i.name() + ")");
          files.add(file(plan, i.name(), job(plan, p, i, label, "starting " + plan.name(), "stopping " + plan.name())));
        }
      }
    }
    return files;
  }

  @Override
  public Optional<Placement> placement(LaunchPlan plan, RenderedFile file) {
    return Optional.of(new Placement.HostFile(HostPaths.join("/etc/init", file.path()), "644", "root", "root", true));
  }

  @Override
  public List<Tool> tools(LaunchPlan plan) {
    return needsChroot(plan) ? List.of(new Tool("initctl", "Upstart"), new Tool("chroot", "coreutils"))
        : List.of(new Tool("initctl", "Upstart"));
  }

  @Override
  public boolean execsRunScripts() {
    return true;
  }

  @Override
  public String activation(LaunchPlan plan) {
    List<String> processJobs = new ArrayList<>();
    if (!plan.isSingleInstance()) {
      for (InstancePlan i : plan.instances()) {
        processJobs.add(ShellQuoting.quote(i.name()));
      }
    }
    return Templates.render(ID, "activate.sh",
        new Activation(ShellQuoting.quote(plan.name()), !processJobs.isEmpty(), processJobs));
  }

  /**
   * What {@code templates/upstart/activate.sh.mustache} reads: the bootstrap script loads the
   * changed job files ({@code initctl reload-configuration}) and starts the app's job if it is not
   * running, or stops and starts it when a job file or run script changed, because {@code initctl
   * restart} keeps a running job's old definition (the Upstart Cookbook, "restart"; seen with
   * Upstart 1.13.2). When the app runs and nothing changed, it starts each process job that is not
   * running, such as one stopped by its respawn limit.
   *
   * @param job the app's job (the master job when there are several), quoted for bash
   * @param master whether {@code job} is a master job with process jobs
   * @param processJobs the process jobs of a master job, quoted for bash; none for a one-job app
   */
  record Activation(String job, boolean master, List<String> processJobs) {}

  private static Job job(LaunchPlan plan, ProcessPlan p, InstancePlan instance, String description, String startOn,
      String stopOn) {
    // gunicorn drops privileges itself (--user/--group); anything else needs Upstart to do it.
    boolean own = p.dropsPrivilegesItself();
    Optional<String> user = own ? Optional.empty() : plan.app().user();
    Optional<String> group = own ? Optional.empty() : plan.app().group();
    List<String> exec = new ArrayList<>();
    if (user.isPresent() && group.isEmpty()) {
      // Upstart's setuid alone leaves root's group among the process's groups: chroot instead.
      exec.addAll(Supervisor.switchAccountToUsersGroups(user.get()));
      user = Optional.empty();
    }
    exec.add(instance.runScript());
    List<String> limits = new ArrayList<>();
    for (Limit limit : p.limits()) {
      // init(5), "limit": the soft and the hard value, each a number in the resource's unit or unlimited.
      String value = limit.unlimited() ? "unlimited" : Long.toString(limit.value());
      limits.add(limit.resource().id() + " " + value + " " + value);
    }
    List<String> notes = plan.app().hardening() == Hardening.OFF ? List.of()
        : List.of("hardening " + plan.app().hardening().id() + ": Upstart has no sandboxing settings; only the "
            + "systemd target's units carry it.");
    Job.Process process = new Job.Process(notes, plan.app().respawn().limit() + " " + plan.app().respawn().interval(),
        p.stop().signal(), p.stop().timeoutSeconds(),
        Templates.section(p.reload().isPresent() ? p.reload().get().id() : null), limits,
        Templates.section(user.orElse(null)), Templates.section(group.orElse(null)), execLine(exec));
    return new Job(description, startOn, stopOn, List.of(process));
  }

  /** Returns true when some job of the app starts its run script through chroot. */
  private static boolean needsChroot(LaunchPlan plan) {
    return plan.app().user().isPresent() && plan.app().group().isEmpty()
        && !everyProcessDropsPrivilegesItself(plan);
  }

  private static boolean everyProcessDropsPrivilegesItself(LaunchPlan plan) {
    for (ProcessPlan p : plan.processes()) {
      if (!p.dropsPrivilegesItself()) {
        return false;
      }
    }
    return true;
  }

  /** The words of an exec stanza, each quoted for it. */
  private static String execLine(List<String> words) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      line.append(i == 0 ? "" : " ").append(UpstartQuoting.execWord(words.get(i)));
    }
    return line.toString();
  }

  private static RenderedFile file(LaunchPlan plan, String jobName, Job job) {
    return new RenderedFile(jobName + ".conf", Templates.render(ID, "job.conf", job), false,
        List.of(plan.origin().source()));
  }

  /**
   * What {@code templates/upstart/job.conf.mustache} reads.
   *
   * @param description the quoted description
   * @param startOn the {@code start on} event expression
   * @param stopOn the {@code stop on} event expression
   * @param process the one process a job runs, or none for an abstract master job
   */
  record Job(String description, String startOn, String stopOn, List<Process> process) {
    /**
     * The process stanzas.
     *
     * @param notes comment lines above them: what Upstart cannot do of the descriptor's settings
     * @param respawnLimit {@code COUNT INTERVAL}
     * @param killSignal {@code kill signal}: the stop signal, sent to the process group
     * @param killTimeout {@code kill timeout}: seconds from it to SIGKILL
     * @param reloadSignal {@code reload signal} (Upstart 1.10 and later), sent to the main process by
     *     {@code initctl reload}, if the process reloads
     * @param limits {@code limit} stanzas: {@code RESOURCE SOFT HARD}
     * @param setuid the account, if Upstart drops privileges
     * @param setgid the group, if Upstart drops privileges
     * @param exec the quoted run script path
     */
    record Process(List<String> notes, String respawnLimit, String killSignal, int killTimeout, List<String> reloadSignal,
        List<String> limits, List<String> setuid, List<String> setgid, String exec) {}
  }
}
