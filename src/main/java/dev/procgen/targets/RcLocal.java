package dev.procgen.targets;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.HostPaths;
import dev.procgen.plan.InstancePlan;
import dev.procgen.plan.LaunchPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a boot hook: one block per app, {@code <app>.sh}, to paste into {@code /etc/rc.local}
 * (a POSIX sh script) before its {@code exit 0}.
 *
 * <p>The block sits between {@code # BEGIN procgen <app>} and {@code # END procgen <app>}. For an
 * app with {@code supervisor.home} it starts that supervisord on {@code
 * <home>/supervisord.conf}; otherwise it starts each instance's run script from {@code bin_dir}.
 * Either runs as the app's user through {@code su -s /bin/sh <user> -c '…'} (the account may have
 * no login shell), never as root when {@code user} is set; with a {@code group}, which su cannot
 * set, a run script is started through chroot(8) instead ({@link #chroot}). Each runs in the background with standard
 * input from {@code /dev/null}, so it never blocks the boot. Quoting is {@link ShQuoting}'s.
 */
final class RcLocal implements Installable {
  static final String ID = "rclocal";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "an /etc/rc.local block that starts the app at boot as its user";
  }

  @Override
  public List<GeneratedName> names(LaunchPlan plan) {
    return List.of(GeneratedName.ofApp("rc.local block", plan.name(), plan));
  }

  @Override
  public List<Diagnostic> check(LaunchPlan plan, RenderContext context) {
    var app = plan.app();
    if (app.group().isPresent() && app.user().isPresent() && app.supervisorHome().isPresent()) {
      return List.of(Diagnostic.at(plan.origin(), "group", "group: expected no group when supervisor.home and user are "
          + "set, for the rclocal target (it starts that supervisord as user " + app.user().get() + " through su, which "
          + "gives the user's primary group and cannot set another), found '" + app.group().get() + "'"));
    }
    for (List<String> argv : argvs(plan)) {
      String command = String.join(" ", argv);
      if (!ShQuoting.canCarry(command)) {
        return List.of(Diagnostic.at(plan.origin(), plan.app().supervisorHome().isPresent() ? "supervisor.home" : "bin_dir",
            "bin_dir: expected paths without control characters for the rclocal target, found '" + command + "'"));
      }
    }
    return List.of();
  }

  @Override
  public List<RenderedFile> render(List<LaunchPlan> plans, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    for (LaunchPlan plan : plans) {
      List<Block.Start> starts = new ArrayList<>();
      boolean switchGroup = switchesGroup(plan);
      for (List<String> argv : argvs(plan)) {
        List<String> command = new ArrayList<>();
        if (switchGroup) {
          command.addAll(chroot(plan));
        }
        command.addAll(argv);
        String words = String.join(" ", command.stream().map(ShQuoting::quote).toList());
        starts.add(new Block.Start(plan.app().user().isPresent() && !switchGroup
            ? List.of(ShQuoting.quote(plan.hostUser()) + " -c " + ShQuoting.quote("exec " + words)) : List.of(),
            words));
      }
      Block block = new Block(plan.name(), plan.app().supervisorHome().isPresent() ? "its supervisord" : "its run scripts",
          switchGroup ? plan.app().user().orElse("root") + " in group " + plan.app().group().get() : plan.hostUser(),
          starts);
      files.add(new RenderedFile(plan.name() + ".sh", Templates.render(ID, "block.sh", block), true,
          List.of(plan.origin().source())));
    }
    return files;
  }

  @Override
  public Optional<Placement> placement(LaunchPlan plan, RenderedFile file) {
    return Optional.of(new Placement.RcLocalBlock(plan.name()));
  }

  @Override
  public List<Tool> tools(LaunchPlan plan) {
    if (switchesGroup(plan)) {
      return List.of(new Tool("chroot", "coreutils"));
    }
    return plan.app().user().isPresent() ? List.of(new Tool("su", "su")) : List.of();
  }

  @Override
  public boolean tellsOfChanges() {
    return false;
  }

  @Override
  public String activation(LaunchPlan plan) {
    return Templates.render(ID, "activate.sh");
  }

  /**
   * True when the run scripts must start in the descriptor's {@code group}: su(1) gives the user's
   * primary group and cannot set another, so a {@code group} is set by chroot instead. A per-app
   * supervisord is started as the user by su; the supervisor target refuses a group beside a user
   * there, and without a user it runs as root and sets each program's group itself.
   */
  private static boolean switchesGroup(LaunchPlan plan) {
    return plan.app().group().isPresent() && plan.app().supervisorHome().isEmpty();
  }

  /**
   * The words that make root start a run script as {@code user} in {@code group}: coreutils'
   * {@code chroot --skip-chdir --userspec=USER:GROUP /}, which keeps root and folder, sets the
   * supplementary groups to {@code getgrouplist(USER, GROUP)}, then the gid and the uid (chroot(8));
   * without a user, root with the group and no supplementary groups. These are the supervisor
   * target's words (see {@code Supervisor#switchAccount}), and what systemd gives {@code User=}
   * with {@code Group=}. A gunicorn run script then finds itself already the user and group it
   * passes as {@code --user} and {@code --group}, and changes nothing.
   */
  private static List<String> chroot(LaunchPlan plan) {
    List<String> words = new ArrayList<>(List.of(Supervisor.CHROOT, "--skip-chdir",
        "--userspec=" + plan.app().user().orElse("") + ":" + plan.app().group().get()));
    if (plan.app().user().isEmpty()) {
      words.add("--groups=");
    }
    words.add("/");
    return words;
  }

  /** The commands that start the app: its supervisord, or each instance's run script. */
  private static List<List<String>> argvs(LaunchPlan plan) {
    Optional<String> home = plan.app().supervisorHome();
    if (home.isPresent()) {
      return List.of(List.of("supervisord", "-c", HostPaths.join(home.get(), "supervisord.conf")));
    }
    return plan.instances().stream().map(InstancePlan::runScript).map(List::of).toList();
  }

  /**
   * What {@code templates/rclocal/block.sh.mustache} reads.
   *
   * @param app the app's name
   * @param what what the block starts, for its comment
   * @param user the account it runs as
   * @param starts one line per command
   */
  record Block(String app, String what, String user, List<Start> starts) {
    /**
     * One command, started in the background.
     *
     * @param su the {@code su} arguments (account and quoted {@code exec} command), when it runs
     *     as the app's user
     * @param words the quoted command, when it runs as root
     */
    record Start(List<String> su, String words) {}
  }
}
