package dev.procgen.targets;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.HostPaths;
import dev.procgen.plan.LaunchPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders {@code <app>.sh}, one Bash script that sets a fresh host up for the app under the
 * chosen init system ({@code --init}, any {@link Installable}), and is safe to run again.
 *
 * <p>Run as root, it checks every precondition before it changes anything (root, every tool it
 * runs, that each folder and file can be created, that {@code /etc/rc.local} parses and has a
 * place for the block) and names each failed one; then it creates the group (also for a {@code
 * group} without a {@code user}) and user if missing (a system account with no login shell,
 * never changing an existing one), creates the folders ({@code log.dir} owned by the user, mode
 * 0750) and leaves an existing folder that another account owns alone, saying so (the descriptor
 * already refused system folders, {@link dev.procgen.model.HostPaths#systemFolder}), creates the
 * virtualenv if missing, installs the run scripts and the init system's files
 * where their {@link Placement} says (carried inside the script as heredocs with quoted
 * delimiters), installs the boot hook the init system asks for, and tells the init system. Every
 * step compares first and changes only what differs, printing one line per change; {@code
 * --dry-run} prints them and changes nothing. It knows the init system only through {@link
 * Installable}.
 */
final class Bootstrap implements Target {
  static final String ID = "bootstrap";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "a Bash script that sets a fresh host up for the app (--init chooses the init system)";
  }

  @Override
  public boolean usesInit() {
    return true;
  }

  @Override
  public List<GeneratedName> names(LaunchPlan plan) {
    return List.of(GeneratedName.ofApp("bootstrap script", plan.name() + ".sh", plan));
  }

  @Override
  public List<Diagnostic> check(LaunchPlan plan, RenderContext context) {
    List<Diagnostic> problems = new ArrayList<>(context.problemsOf(Registry.BASH, plan));
    problems.addAll(context.problemsOf(context.init(), plan));
    Optional<Installable> hook = context.init().bootHook(plan);
    if (hook.isPresent()) {
      problems.addAll(context.problemsOf(hook.get(), plan));
    }
    if (Logrotate.installedUnder(context.init())) {
      problems.addAll(context.problemsOf(Registry.LOGROTATE, plan));
    }
    if (plan.app().proxy().isPresent()) {
      problems.addAll(context.problemsOf(Registry.NGINX, plan));
    }
    return problems;
  }

  @Override
  public List<Diagnostic> checkTogether(List<LaunchPlan> plans, RenderContext context) {
    return context.init().checkTogether(plans, context);
  }

  @Override
  public List<RenderedFile> render(List<LaunchPlan> plans, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    for (LaunchPlan plan : plans) {
      files.add(new RenderedFile(plan.name() + ".sh", Templates.render(ID, "script.sh", script(plan, context)), true,
          List.of(plan.origin().source())));
    }
    return files;
  }

  private static Script script(LaunchPlan plan, RenderContext context) {
    Installable init = context.init();
    Optional<Installable> hook = init.bootHook(plan);
    String user = plan.hostUser();
    String group = plan.hostGroup();

    List<Script.Account> account = plan.app().user().isPresent()
        ? List.of(new Script.Account(q(user), q(group), q(plan.app().directory().orElse("/nonexistent"))))
        : List.of();
    // A group without a user is created too: the processes run as root in that group, and every
    // target names it (systemd's Group=, gunicorn's --group), so it must exist before chown.
    boolean ownGroup = plan.app().user().isPresent() || plan.app().group().isPresent();
    List<String> groups = ownGroup ? List.of(q(group)) : List.of();

    List<Installable.Folder> folders = new ArrayList<>();
    if (plan.app().directory().isPresent()) {
      folders.add(new Installable.Folder(plan.app().directory().get(), "755", user, group, false));
    }
    folders.add(new Installable.Folder(plan.logDir(), "750", user, group, true));
    folders.add(new Installable.Folder(plan.binDir(), "755", "root", "root", false));
    // A socket in a system folder (/run, /tmp) needs no folder of its own, and the host's stays as it is.
    for (String dir : plan.socketDirs()) {
      if (!HostPaths.isSystemFolder(dir)) {
        folders.add(new Installable.Folder(dir, "755", user, group, false));
      }
    }
    folders.addAll(init.folders(plan));
    List<Script.Secrets> secrets = new ArrayList<>();
    if (!plan.app().secrets().isEmpty()) {
      String file = plan.secretsFile();
      String dir = file.substring(0, Math.max(1, file.lastIndexOf('/')));
      if (!HostPaths.isSystemFolder(dir)) {
        folders.add(new Installable.Folder(dir, "750", "root", group, false));
      }
      List<String> names = new ArrayList<>();
      for (String name : plan.app().secrets()) {
        names.add(q(name));
      }
      secrets.add(new Script.Secrets(Bash.secretsReader(), q(file), q(group), String.join(" ", names)));
    }

    List<Target> carried = new ArrayList<>(List.of(Registry.BASH, init));
    if (hook.isPresent()) {
      carried.add(hook.get());
    }
    // The init system's files and the logrotate file of the log files they have written.
    if (Logrotate.installedUnder(init)) {
      carried.add(Registry.LOGROTATE);
    }
    List<Script.Install> installs = new ArrayList<>();
    for (Target target : carried) {
      for (RenderedFile file : context.filesOf(target, plan)) {
        // A run script that the init system's files exec is part of what the init system runs.
        boolean restarts = target == Registry.BASH && init.execsRunScripts() && init.tellsOfChanges();
        Optional<Placement> placement = target.placement(plan, file);
        if (placement.isPresent()) {
          installs.add(install(placement.get(), file.content(), installs.size() + 1, restarts, false));
        }
      }
    }
    // The proxy's file goes in last, once the app runs: nginx -t must accept it before nginx reloads.
    boolean nginx = plan.app().proxy().isPresent();
    if (nginx) {
      for (RenderedFile file : context.filesOf(Registry.NGINX, plan)) {
        installs.add(install(Registry.NGINX.placement(plan, file).orElseThrow(), file.content(), installs.size() + 1,
            false, true));
      }
    }

    List<Installable.Tool> tools = new ArrayList<>(init.tools(plan));
    if (hook.isPresent()) {
      tools.addAll(hook.get().tools(plan));
    }
    for (String command : List.of("mktemp", "dirname", "stat", "mkdir", "chmod", "chown", "install")) {
      tools.add(new Installable.Tool(command, "GNU coreutils"));
    }
    tools.add(new Installable.Tool("cmp", "GNU diffutils"));
    tools.add(new Installable.Tool("getent", "getent (libc-bin)"));
    if (ownGroup) {
      tools.add(new Installable.Tool("groupadd", "groupadd"));
    }
    if (plan.app().user().isPresent()) {
      tools.add(new Installable.Tool("useradd", "useradd"));
    }
    if (plan.app().virtualenv().isPresent()) {
      tools.add(new Installable.Tool("python3", "Python 3"));
    }
    if (nginx) {
      tools.add(new Installable.Tool("nginx", "nginx, which the app's proxy runs in,"));
    }
    boolean rclocal = false;
    for (Script.Install install : installs) {
      rclocal |= !install.block().isEmpty();
    }
    if (rclocal) {
      tools.add(new Installable.Tool("awk", "awk"));
      tools.add(new Installable.Tool("head", "GNU coreutils"));
      tools.add(new Installable.Tool("sh", "a POSIX sh"));
    }
    // One check per command, keyed by its name: hashing the Tool records themselves would make the
    // JVM link their generated hashCode, about 10 ms of a cold run (docs/performance.md).
    Map<String, Installable.Tool> requires = new LinkedHashMap<>();
    for (Installable.Tool tool : tools) {
      requires.putIfAbsent(tool.command(), tool);
    }

    List<Script.Folder> steps = new ArrayList<>(folders.size());
    for (Installable.Folder f : folders) {
      steps.add(new Script.Folder(q(f.path()), f.mode(), q(f.owner()), q(f.group()), f.enforce() ? "enforce" : "create"));
    }
    String activation = init.activation(plan);
    return new Script(plan.name(), init.id(), q(user), List.copyOf(requires.values()), init.tellsOfChanges(), groups, account,
        List.copyOf(steps),
        Templates.section(plan.app().virtualenv().isPresent() ? q(plan.app().virtualenv().get()) : null),
        installs, rclocal, secrets,
        activation.endsWith("\n") ? activation.substring(0, activation.length() - 1) : activation);
  }

  private static Script.Install install(Placement placement, String content, int index, boolean restarts,
      boolean nginx) {
    Script.FileStep step = null;
    if (nginx) {
      Placement.HostFile f = placement.hostFile().orElseThrow();
      return new Script.Install(index, List.of(), List.of(),
          List.of(new Script.FileStep(q(f.path()), f.mode(), q(f.owner()), q(f.group()), "-")), content, delimiter(content));
    }
    if (placement.hostFile().isPresent()) {
      Placement.HostFile f = placement.hostFile().get();
      step = new Script.FileStep(q(f.path()), f.mode(), q(f.owner()), q(f.group()),
          f.initConfig() || restarts ? "init_changed" : "-");
    }
    return new Script.Install(index,
        Templates.section(step),
        Templates.section(placement.rcLocalBlock().isPresent() ? q(placement.rcLocalBlock().get().app()) : null),
        List.of(),
        content,
        delimiter(content));
  }

  /** Picks a heredoc delimiter that no line of the carried text can end early. */
  private static String delimiter(String content) {
    String d = "PROCGEN_EOF";
    if (!content.contains(d)) {
      return d; // no line can be it, nor any PROCGEN_EOF_<n>
    }
    Set<String> lines = Set.copyOf(content.lines().toList());
    for (int i = 1; lines.contains(d); i++) {
      d = "PROCGEN_EOF_" + i;
    }
    return d;
  }

  private static String q(String s) {
    return ShellQuoting.quote(s);
  }

  /**
   * What {@code templates/bootstrap/script.sh.mustache} reads; every value is already quoted for
   * bash.
   *
   * @param app the app's name
   * @param init the init system's id
   * @param appUser the account the app runs as (root when it has no user)
   * @param requires the commands checked before anything changes
   * @param tracksInit whether the script tracks {@code init_changed}
   * @param groups the group to create if missing, when the app has a user or a group
   * @param account the user to create if missing, and its group and home, when the app has a user
   * @param folders the folders to create, in order
   * @param virtualenv the virtualenv to create, if any
   * @param installs the files and blocks to install, in order
   * @param rclocal whether one of them is the rc.local block, so the script needs its functions
   * @param secrets the secrets file to create if missing and to check before the app starts, when
   *     the app has secrets
   * @param activation the lines that tell the init system, without the last newline
   */
  record Script(String app, String init, String appUser, List<Installable.Tool> requires, boolean tracksInit, List<String> groups,
      List<Account> account,
      List<Folder> folders, List<String> virtualenv, List<Install> installs, boolean rclocal, List<Secrets> secrets,
      String activation) {
    /**
     * {@code ensure_secrets FILE GROUP NAME...}, with the {@code read_secrets} function it calls.
     *
     * @param reader the {@code read_secrets} function, shared with the run scripts
     * @param file the secrets file, quoted
     * @param group its group, quoted
     * @param names the declared names, each quoted, separated by spaces
     */
    record Secrets(String reader, String file, String group, String names) {}

    /** {@code ensure_user} arguments. */
    record Account(String user, String group, String home) {}

    /** {@code ensure_dir PATH MODE OWNER GROUP create|enforce}. */
    record Folder(String path, String mode, String owner, String group, String policy) {}

    /**
     * One heredoc, written to {@code $work/<index>} before the checks: a file ({@code
     * ensure_file}), the rc.local block ({@code ensure_rclocal_block}), or the nginx file ({@code
     * ensure_nginx}, which installs it after the app started, tests it with {@code nginx -t} and
     * reloads nginx, or puts the old file back).
     */
    record Install(int index, List<FileStep> file, List<String> block, List<FileStep> nginx, String content,
        String delimiter) {}

    /** {@code ensure_file PATH MODE OWNER GROUP FLAG}. */
    record FileStep(String path, String mode, String owner, String group, String flag) {}
  }
}
