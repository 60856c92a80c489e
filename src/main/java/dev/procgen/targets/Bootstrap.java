package dev.procgen.targets;

import dev.procgen.descriptor.Diagnostic;
import dev.procgen.model.App;
import dev.procgen.model.HostPaths;
import dev.procgen.model.Process;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders {@code <app>.sh}, one Bash script that sets a fresh host up for the app under the
 * chosen init system ({@code --init}), and is safe to run again.
 *
 * <p>Run as root, it checks its preconditions (root, the init system's command) before it changes
 * anything, then creates the group and user if missing (a system account with no login shell,
 * never changing an existing one), creates the folders ({@code log.dir} owned by the user, mode
 * 0750), creates the virtualenv if missing, installs the run scripts and the init system's files
 * (carried inside the script as heredocs with quoted delimiters), inserts the rc.local block where
 * a boot hook is needed, and tells the init system. Every step compares first and changes only
 * what differs, printing one line per change; {@code --dry-run} prints them and changes nothing.
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
  public List<Diagnostic> check(App app) {
    return check(List.of(app), RenderContext.Init.SYSTEMD);
  }

  @Override
  public List<Diagnostic> check(List<App> apps, RenderContext.Init init) {
    List<Diagnostic> problems = new ArrayList<>(new Bash().check(apps));
    for (Target t : initTargets(apps.isEmpty() ? Optional.empty() : apps.get(0).supervisorHome(), init)) {
      problems.addAll(t.check(apps));
    }
    return problems;
  }

  /** The targets whose files the script installs under {@code init}, besides the run scripts. */
  private static List<Target> initTargets(Optional<String> home, RenderContext.Init init) {
    return switch (init) {
      case SYSTEMD -> List.of(new Systemd());
      case UPSTART -> List.of(new Upstart());
      case SUPERVISOR -> home.isPresent() ? List.of(new Supervisor(), new RcLocal()) : List.of(new Supervisor());
      case RCLOCAL -> List.of(new RcLocal());
    };
  }

  @Override
  public List<RenderedFile> render(List<App> apps, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    for (App app : apps) {
      files.add(new RenderedFile(app.name() + ".sh", Templates.render(ID, "script.sh", scope(app, context)), true,
          List.of(app.origin().source())));
    }
    return files;
  }

  private static Map<String, Object> scope(App app, RenderContext context) {
    RenderContext.Init init = context.init();
    String user = app.user().orElse("root");
    String group = app.group().orElse(app.user().isPresent() ? user : "root");
    List<String> steps = new ArrayList<>();
    Heredocs heredocs = new Heredocs();

    // 1. The account.
    if (app.user().isPresent()) {
      steps.add("ensure_group " + q(group));
      String home = app.directory().orElse("/nonexistent");
      steps.add("ensure_user " + q(user) + " " + q(group) + " " + q(home));
    }

    // 2. The folders.
    app.directory().ifPresent(d -> steps.add("ensure_dir " + q(d) + " 755 " + q(user) + " " + q(group) + " create"));
    steps.add("ensure_dir " + q(app.log().dir()) + " 750 " + q(user) + " " + q(group) + " enforce");
    steps.add("ensure_dir " + q(app.binDir()) + " 755 root root create");
    for (String runDir : runDirs(app)) {
      steps.add("ensure_dir " + q(runDir) + " 755 " + q(user) + " " + q(group) + " create");
    }
    Optional<String> home = app.supervisorHome();
    if (init == RenderContext.Init.SUPERVISOR && home.isPresent()) {
      steps.add("ensure_dir " + q(home.get()) + " 750 " + q(user) + " " + q(group) + " enforce");
    }

    // 3. The virtualenv.
    app.virtualenv().ifPresent(v -> steps.add("ensure_venv " + q(v)));

    // 4. The run scripts and the init system's files.
    Bash bash = new Bash();
    for (RenderedFile f : bash.render(List.of(app), context)) {
      RenderedFile file = Headers.apply(f, bash.commentPrefix(), context.regenerateCommand());
      steps.add(heredocs.install(HostPaths.join(app.binDir(), file.path()), "755", "root", "root", "-",
          file.content()));
    }
    boolean bootHook = false;
    for (Target t : initTargets(home, init)) {
      for (RenderedFile f : t.render(List.of(app), context)) {
        RenderedFile file = Headers.apply(f, t.commentPrefix(), context.regenerateCommand());
        if (t instanceof RcLocal) {
          bootHook = true;
          steps.add("ensure_rclocal_block " + q(app.name()) + " <<'" + heredocs.delimiter(file.content()) + "'\n"
              + file.content() + heredocs.delimiter(file.content()));
          continue;
        }
        String path;
        String owner = "root";
        String fileGroup = "root";
        if (t instanceof Systemd) {
          path = HostPaths.join("/etc/systemd/system", file.path());
        } else if (t instanceof Upstart) {
          path = HostPaths.join("/etc/init", file.path());
        } else if (home.isPresent()) {
          path = HostPaths.join(home.get(), file.path());
          owner = user;
          fileGroup = group;
        } else if (file.path().startsWith("conf.d/")) {
          path = HostPaths.join("/etc/supervisor", file.path());
        } else {
          continue; // the system supervisord's own main config is the distribution's, left alone
        }
        steps.add(heredocs.install(path, "644", owner, fileGroup, "init_changed", file.content()));
      }
    }

    // 5. Tell the init system.
    List<String> tell = new ArrayList<>();
    switch (init) {
      case SYSTEMD -> {
        String target = q(app.name() + ".target");
        tell.add("if [ \"$init_changed\" = 1 ]; then run systemctl daemon-reload; fi");
        tell.add("if ! systemctl is-enabled --quiet " + target + " 2>/dev/null || ! systemctl is-active --quiet "
            + target + "; then");
        tell.add("  run systemctl enable --now " + target);
        tell.add("elif [ \"$init_changed\" = 1 ]; then");
        tell.add("  run systemctl restart " + target);
        tell.add("fi");
      }
      case UPSTART -> tell.add("if [ \"$init_changed\" = 1 ]; then run initctl reload-configuration; fi");
      case SUPERVISOR -> {
        String ctl = home.isPresent() ? "supervisorctl -c " + q(HostPaths.join(home.get(), "supervisord.conf")) : "supervisorctl";
        if (home.isPresent()) {
          String start = "exec supervisord -c " + ShQuoting.quote(HostPaths.join(home.get(), "supervisord.conf"));
          String su = app.user().isPresent()
              ? "su -s /bin/sh " + q(user) + " -c " + q(start)
              : "supervisord -c " + q(HostPaths.join(home.get(), "supervisord.conf"));
          tell.add("if ! " + ctl + " pid >/dev/null 2>&1; then");
          tell.add("  # Started the way the boot hook starts it: as the user, never as root.");
          tell.add("  run " + su + " </dev/null");
          tell.add("elif [ \"$init_changed\" = 1 ]; then");
        } else {
          tell.add("if [ \"$init_changed\" = 1 ]; then");
        }
        tell.add("  run " + ctl + " reread");
        tell.add("  run " + ctl + " update");
        tell.add("fi");
      }
      case RCLOCAL -> tell.add("# rc.local starts the app at the next boot; run the block by hand to start it now.");
    }

    List<Map<String, String>> requires = new ArrayList<>();
    switch (init) {
      case SYSTEMD -> requires.add(Map.of("command", "systemctl", "what", "systemd"));
      case UPSTART -> requires.add(Map.of("command", "initctl", "what", "Upstart"));
      case SUPERVISOR -> {
        requires.add(Map.of("command", "supervisorctl", "what", "supervisor"));
        if (home.isPresent()) {
          requires.add(Map.of("command", "supervisord", "what", "supervisor"));
        }
      }
      case RCLOCAL -> { }
    }
    if (bootHook && app.user().isPresent()) {
      requires.add(Map.of("command", "su", "what", "su"));
    }
    if (app.user().isPresent()) {
      requires.add(Map.of("command", "useradd", "what", "useradd"));
      requires.add(Map.of("command", "groupadd", "what", "groupadd"));
    }
    if (app.virtualenv().isPresent()) {
      requires.add(Map.of("command", "python3", "what", "Python 3"));
    }

    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("app", app.name());
    scope.put("init", init.id());
    scope.put("requires", requires);
    scope.put("tracksInit", init != RenderContext.Init.RCLOCAL);
    scope.put("steps", steps);
    scope.put("tell", tell);
    return scope;
  }

  /** Folders of unix sockets the processes bind, which must exist before they start. */
  private static Set<String> runDirs(App app) {
    Set<String> dirs = new LinkedHashSet<>();
    for (Process p : app.processes()) {
      p.instanceList().forEach(i -> i.bind().filter(b -> b.startsWith("unix:")).ifPresent(b -> {
        String socket = b.substring("unix:".length());
        String dir = socket.substring(0, socket.lastIndexOf('/'));
        if (!dir.isEmpty()) {
          dirs.add(dir);
        }
      }));
    }
    return dirs;
  }

  private static String q(String s) {
    return ShellQuoting.quote(s);
  }

  /** Picks heredoc delimiters that no line of the carried text can end early. */
  private static final class Heredocs {
    String delimiter(String content) {
      String d = "PROCGEN_EOF";
      Set<String> lines = Set.copyOf(content.lines().toList());
      for (int i = 1; lines.contains(d); i++) {
        d = "PROCGEN_EOF_" + i;
      }
      return d;
    }

    String install(String path, String mode, String owner, String group, String flag, String content) {
      String d = delimiter(content);
      return "ensure_file " + q(path) + " " + mode + " " + q(owner) + " " + q(group) + " " + flag + " <<'" + d + "'\n"
          + content + d;
    }
  }
}
