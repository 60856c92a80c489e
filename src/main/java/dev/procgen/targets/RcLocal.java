package dev.procgen.targets;

import dev.procgen.descriptor.Diagnostic;
import dev.procgen.model.App;
import dev.procgen.model.HostPaths;
import dev.procgen.model.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * input from {@code /dev/null}, so it never blocks the boot. Quoting is {@link ShQuoting}'s.
 */
final class RcLocal implements Target {
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
  public List<Diagnostic> check(App app) {
    List<Diagnostic> problems = new ArrayList<>();
    for (String command : commands(app, false)) {
      if (!ShQuoting.canCarry(command)) {
        problems.add(Diagnostic.at(app.origin(), app.supervisorHome().isPresent() ? "supervisor.home" : "bin_dir",
            "bin_dir: expected paths without control characters for the rclocal target, found '" + command + "'"));
        break;
      }
    }
    return problems;
  }

  @Override
  public List<RenderedFile> render(List<App> apps, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    for (App app : apps) {
      Map<String, Object> scope = new LinkedHashMap<>();
      scope.put("app", app.name());
      scope.put("what", app.supervisorHome().isPresent() ? "its supervisord" : "its run scripts");
      scope.put("user", app.user().orElse("root"));
      scope.put("lines", commands(app, true));
      files.add(new RenderedFile(app.name() + ".sh", Templates.render(ID, "block.sh", scope), true,
          List.of(app.origin().source())));
    }
    return files;
  }

  /** The shell lines that start the app, or (unquoted) the commands they run. */
  private static List<String> commands(App app, boolean quoted) {
    List<List<String>> argvs = new ArrayList<>();
    Optional<String> home = app.supervisorHome();
    if (home.isPresent()) {
      argvs.add(List.of("supervisord", "-c", HostPaths.join(home.get(), "supervisord.conf")));
    } else {
      for (Instance instance : app.instances()) {
        argvs.add(List.of(app.runScriptPath(instance)));
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> argv : argvs) {
      if (!quoted) {
        lines.add(String.join(" ", argv));
        continue;
      }
      String command = "exec " + String.join(" ", argv.stream().map(ShQuoting::quote).toList());
      String line = app.user().isPresent()
          ? "su -s /bin/sh " + ShQuoting.quote(app.user().get()) + " -c " + ShQuoting.quote(command)
          : command.substring("exec ".length());
      lines.add(line + " </dev/null &");
    }
    return lines;
  }
}
