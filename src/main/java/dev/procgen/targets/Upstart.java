package dev.procgen.targets;

import dev.procgen.descriptor.Diagnostic;
import dev.procgen.model.App;
import dev.procgen.model.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders Upstart jobs for {@code /etc/init}, by init(5) of Upstart 1.x.
 *
 * <p>An app with one process and one instance becomes one job {@code <app>.conf}. Otherwise every
 * process instance gets its own job {@code <instance name>.conf} (see {@link App#baseName}) that starts on
 * {@code starting <app>} and stops on {@code stopping <app>}, and {@code <app>.conf} is an
 * abstract master job that brings them up at boot and takes them down at shutdown.
 *
 * <p>Every job {@code exec}s its instance's run script (the {@code bash} target) from {@code
 * bin_dir}, so Upstart tracks the server's own PID; the run script sends output to {@code log.dir},
 * so Upstart's console log only catches what fails before the script's {@code exec}. Respawn
 * limits are Upstart's {@code respawn limit COUNT INTERVAL}. Privileges are dropped by gunicorn's
 * own flags for gunicorn processes and by the {@code setuid}/{@code setgid} stanzas otherwise.
 */
final class Upstart implements Target {
  static final String ID = "upstart";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Upstart jobs for /etc/init (a master job when there are several)";
  }

  @Override
  public List<Diagnostic> check(App app) {
    List<Diagnostic> problems = new ArrayList<>();
    for (Instance instance : app.instances()) {
      if (!UpstartQuoting.canCarryExecWord(app.runScriptPath(instance))) {
        problems.add(Diagnostic.at(app.origin(), "bin_dir",
            "bin_dir: expected a path the upstart target can write in an exec stanza (no backslash), found '"
                + app.binDir() + "'"));
        break;
      }
    }
    return problems;
  }

  @Override
  public List<RenderedFile> render(List<App> apps, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    for (App app : apps) {
      files.addAll(render(app));
    }
    return files;
  }

  private List<RenderedFile> render(App app) {
    String description = UpstartQuoting.string(app.description());
    if (app.isSingleInstance()) {
      Instance only = app.instances().get(0);
      Map<String, Object> job = job(app, only, description, "runlevel [2345]", "runlevel [!2345]");
      return List.of(file(app, app.name(), job));
    }
    List<RenderedFile> files = new ArrayList<>();
    Map<String, Object> master = new LinkedHashMap<>();
    master.put("description", description);
    master.put("startOn", "runlevel [2345]");
    master.put("stopOn", "runlevel [!2345]");
    master.put("process", List.of());
    files.add(file(app, app.name(), master));
    for (Instance instance : app.instances()) {
      String label = app.description() + " (" + app.baseName(instance) + ")";
      files.add(file(app, app.baseName(instance),
          job(app, instance, UpstartQuoting.string(label), "starting " + app.name(), "stopping " + app.name())));
    }
    return files;
  }

  private static Map<String, Object> job(App app, Instance instance, String description, String startOn, String stopOn) {
    Map<String, Object> process = new LinkedHashMap<>();
    process.put("respawnLimit", app.respawn().limit() + " " + app.respawn().interval());
    // gunicorn drops privileges itself (--user/--group); anything else needs Upstart to do it.
    boolean dropsOwnPrivileges = instance.process().server().isPresent();
    process.put("setuid", dropsOwnPrivileges ? List.of() : app.user().stream().toList());
    process.put("setgid", dropsOwnPrivileges ? List.of() : app.group().stream().toList());
    process.put("exec", UpstartQuoting.execWord(app.runScriptPath(instance)));

    Map<String, Object> job = new LinkedHashMap<>();
    job.put("description", description);
    job.put("startOn", startOn);
    job.put("stopOn", stopOn);
    job.put("process", List.of(process));
    return job;
  }

  private static RenderedFile file(App app, String jobName, Map<String, Object> scope) {
    return new RenderedFile(jobName + ".conf", Templates.render(ID, "job.conf", scope), false,
        List.of(app.origin().source()));
  }
}
