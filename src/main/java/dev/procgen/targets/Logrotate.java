package dev.procgen.targets;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.ControlChars;
import dev.procgen.model.HostPaths;
import dev.procgen.model.Rotator;
import dev.procgen.plan.InstancePlan;
import dev.procgen.plan.LaunchPlan;
import dev.procgen.plan.ProcessPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders one logrotate(8) file per app, {@code <app>}, for {@code /etc/logrotate.d/}: it rotates
 * every log file procgen sends a process's output to in {@code log.dir}, by logrotate 3.21's
 * configuration rules, and makes the writer reopen its files.
 *
 * <p>Who writes the files depends on the init system ({@code --init}): supervisord under {@code
 * supervisor} (and under {@code rclocal} with a {@code supervisor.home}, whose supervisord the boot
 * hook starts), and otherwise the run scripts. The systemd units log to the journal, so under
 * {@code systemd} the file covers what the run scripts write when they are run, and the bootstrap
 * script installs none. The writer reopens its files:
 *
 * <ul>
 *   <li>supervisord reopens every program's log on SIGUSR2 (supervisord's docs, "Signals"), sent
 *       to the pid in its pidfile;
 *   <li>a gunicorn master reopens its log file on SIGUSR1 and has its workers do so (gunicorn's
 *       "Signal Handling"); the run script gives it {@code --pid} and {@code --capture-output}, so
 *       the pid file names it and the app's own output follows the log file;
 *   <li>nothing makes the run script's shell reopen the file that other processes' output is
 *       appended to, so that file is copied and truncated in place ({@code copytruncate}), and the
 *       file says that lines written during the copy can be lost.
 * </ul>
 *
 * <p>Each file is rotated once it is bigger than {@code log.rotate.size} and {@code
 * log.rotate.keep} rotated files are kept, all but the newest gzipped. With a {@code user}, {@code
 * su USER GROUP} makes logrotate rotate as the app's account in its folder, which that account
 * owns. A process whose {@code log.rotate.by} is not {@code logrotate} gets no stanza, and an app
 * with none gets no file. Paths are double-quoted, with {@code "} as {@code \"} and the glob
 * characters {@code * ? [} in brackets, because logrotate expands each path with glob(3); a
 * backslash, which glob(3) would take as an escape, is refused.
 */
final class Logrotate implements Target {
  static final String ID = "logrotate";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "logrotate files for /etc/logrotate.d, one per app, for the logs in log.dir";
  }

  @Override
  public boolean startsProcesses() {
    return false;
  }

  @Override
  public boolean usesInit() {
    return true;
  }

  @Override
  public List<GeneratedName> names(LaunchPlan plan) {
    return List.of(GeneratedName.ofApp("logrotate file", plan.name(), plan));
  }

  @Override
  public Optional<String> reserved(GeneratedName name) {
    if (ReservedNames.STOCK_LOGROTATE_FILES.contains(name.value())) {
      return Optional.of("a file of /etc/logrotate.d that a stock host's packages install ("
          + ReservedNames.STOCK_LOGROTATE_SOURCE + ")");
    }
    return Optional.empty();
  }

  @Override
  public List<Diagnostic> check(LaunchPlan plan, RenderContext context) {
    List<Diagnostic> problems = new ArrayList<>();
    if (plan.logDir().indexOf('\\') >= 0 && !stanzas(plan, context).isEmpty()) {
      String key = plan.app().log().dir().isPresent() ? "log.dir" : "app";
      problems.add(Diagnostic.at(plan.origin(), key, key + ": expected a log.dir without '\\' for the logrotate target "
          + "(logrotate expands each path with glob(3), which takes a backslash as an escape), found '"
          + ControlChars.escaped(plan.logDir()) + "'"));
    }
    return problems;
  }

  @Override
  public List<RenderedFile> render(List<LaunchPlan> plans, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    for (LaunchPlan plan : plans) {
      List<Stanza> stanzas = stanzas(plan, context);
      if (stanzas.isEmpty()) {
        continue;
      }
      List<String> about = new ArrayList<>();
      if (supervisordWrites(plan, context)) {
        about.add("Rotates the log files that supervisord writes for " + plan.name() + " in " + plan.logDir() + ".");
      } else {
        about.add("Rotates the log files that the run scripts of " + plan.name() + " write in " + plan.logDir() + ".");
        if (context.init() == Registry.SYSTEMD) {
          about.add("Its systemd units log to the journal instead; the bootstrap script for systemd does not install this file.");
        }
      }
      about.add("Install it as /etc/logrotate.d/" + plan.name() + "; logrotate rotates a file once it is bigger than size.");
      files.add(new RenderedFile(plan.name(), Templates.render(ID, "app", new Conf(about, stanzas)), false,
          List.of(plan.origin().source())));
    }
    return files;
  }

  @Override
  public Optional<Placement> placement(LaunchPlan plan, RenderedFile file) {
    // logrotate ignores a file in /etc/logrotate.d that is not root's or that others may write.
    return Optional.of(new Placement.HostFile("/etc/logrotate.d/" + file.path(), "644", "root", "root", false));
  }

  /**
   * Returns true when {@code context}'s init system has the log files written by supervisord: the
   * supervisor target's, or the boot hook's per-app supervisord.
   */
  static boolean supervisordWrites(LaunchPlan plan, RenderContext context) {
    return context.init() == Registry.SUPERVISOR
        || (context.init() == Registry.RCLOCAL && plan.app().supervisorHome().isPresent());
  }

  /** Returns true when the bootstrap script under {@code init} installs the app's logrotate file. */
  static boolean installedUnder(Installable init) {
    return init != Registry.SYSTEMD;
  }

  private static List<Stanza> stanzas(LaunchPlan plan, RenderContext context) {
    List<Stanza> stanzas = new ArrayList<>();
    boolean supervisord = supervisordWrites(plan, context);
    List<String> su = plan.app().user().isPresent() ? List.of(plan.hostUser() + " " + plan.hostGroup()) : List.of();
    for (ProcessPlan p : plan.processes()) {
      if (p.rotation().by() != Rotator.LOGROTATE) {
        continue;
      }
      String size = size(p.rotation().sizeBytes());
      int keep = p.rotation().keep();
      if (supervisord) {
        String pidfile = plan.app().supervisorHome().isPresent()
            ? HostPaths.join(plan.app().supervisorHome().get(), "supervisord.pid") : "/var/run/supervisord.pid";
        stanzas.add(new Stanza(List.of("supervisord reopens the log files of its programs on SIGUSR2."),
            paths(p), su, size, keep, false, true, List.of(signal("USR2", pidfile))));
      } else if (!p.first().pidFile().isEmpty()) {
        for (InstancePlan i : p.instances()) {
          stanzas.add(new Stanza(List.of("The gunicorn master reopens its log file on SIGUSR1 and has its workers do the same;",
              "the app's own output follows it (--capture-output)."),
              path(i.logFile()), su, size, keep, false, false, List.of(signal("USR1", i.pidFile().get()))));
        }
      } else {
        stanzas.add(new Stanza(List.of("Nothing can make the run script reopen this file, which its shell opened for the "
            + "process's output:", "logrotate copies it and truncates it in place, and lines written during the copy "
            + "can be lost."), paths(p), su, size, keep, true, false, List.of()));
      }
    }
    return stanzas;
  }

  /** The postrotate line that sends {@code signal} to the pid in {@code pidfile}, when there is one. */
  private static String signal(String signal, String pidfile) {
    String quoted = ShQuoting.quote(pidfile);
    return "if [ -s " + quoted + " ]; then kill -" + signal + " \"$(cat " + quoted + ")\"; fi";
  }

  private static String paths(ProcessPlan p) {
    List<String> paths = new ArrayList<>();
    for (InstancePlan i : p.instances()) {
      paths.add(path(i.logFile()));
    }
    return String.join(" ", paths);
  }

  /**
   * Writes a path for a stanza's header, by logrotate(8) ("log file names may be enclosed in
   * quotes", with {@code \"} inside) and glob(3), which logrotate expands each name with: the glob
   * characters stand for themselves in brackets.
   */
  static String path(String path) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '*', '?', '[' -> sb.append('[').append(c).append(']');
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /**
   * Writes a size as logrotate's {@code size} reads it (logrotate(8)): bytes, or a whole number of
   * {@code k}, {@code M} or {@code G}, each 1024 times the one before.
   */
  static String size(long bytes) {
    if (bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "G";
    }
    if (bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "M";
    }
    if (bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "k";
    }
    return Long.toString(bytes);
  }

  /**
   * What {@code templates/logrotate/app.mustache} reads.
   *
   * @param about the comment lines at the top: whose files, written by whom, installed where
   * @param stanzas one per group of files rotated alike
   */
  record Conf(List<String> about, List<Stanza> stanzas) {}

  /**
   * One stanza: files and how they are rotated.
   *
   * @param comment the comment lines above it
   * @param paths the stanza's header, each path quoted
   * @param su {@code USER GROUP} for {@code su}, when the app has a user
   * @param size {@code size}
   * @param keep {@code rotate}
   * @param copytruncate {@code copytruncate}; otherwise {@code nocreate}, because the writer creates
   *     the file when it reopens it
   * @param sharedscripts {@code sharedscripts}: the script runs once for all the files
   * @param postrotate the {@code postrotate} script's line, if any
   */
  record Stanza(List<String> comment, String paths, List<String> su, String size, int keep, boolean copytruncate,
      boolean sharedscripts, List<String> postrotate) {}
}
