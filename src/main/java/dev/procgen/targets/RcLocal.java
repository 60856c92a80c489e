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
 * no login shell), never as root when {@code user} is set, and in the background with standard
 * input from {@code /dev/null}, so it never blocks the boot. With a {@code group}, which {@code su}
 * cannot give, root starts it through coreutils' {@code chroot --skip-chdir --userspec=USER:GROUP /}
 * instead (chroot(8)), which sets the user, the group and the supplementary groups as systemd's
 * {@code User=} and {@code Group=} do. Quoting is {@link ShQuoting}'s.
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
      for (List<String> argv : argvs(plan)) {
        String words = quoted(argv);
        if (plan.app().group().isPresent()) {
          List<String> switched = new ArrayList<>(Supervisor.switchAccount(plan.app().user(), plan.app().group().get()));
          switched.addAll(argv);
          starts.add(new Block.Start(List.of(), quoted(switched)));
        } else {
          starts.add(new Block.Start(plan.app().user().isPresent()
              ? List.of(ShQuoting.quote(plan.hostUser()) + " -c " + ShQuoting.quote("exec " + words)) : List.of(),
              words));
        }
      }
      Block block = new Block(plan.name(), plan.app().supervisorHome().isPresent() ? "its supervisord" : "its run scripts",
          plan.hostUser(), starts);
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
    if (plan.app().group().isPresent()) {
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

  /** The commands that start the app: its supervisord, or each instance's run script. */
  private static List<List<String>> argvs(LaunchPlan plan) {
    Optional<String> home = plan.app().supervisorHome();
    if (home.isPresent()) {
      return List.of(List.of("supervisord", "-c", HostPaths.join(home.get(), "supervisord.conf")));
    }
    List<List<String>> argvs = new ArrayList<>();
    for (InstancePlan instance : plan.instances()) {
      argvs.add(List.of(instance.runScript()));
    }
    return argvs;
  }

  /** The words, each quoted for sh, joined by spaces. */
  private static String quoted(List<String> words) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      line.append(i == 0 ? "" : " ").append(ShQuoting.quote(words.get(i)));
    }
    return line.toString();
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
