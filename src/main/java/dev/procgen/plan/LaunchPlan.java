package dev.procgen.plan;

import dev.procgen.model.App;
import dev.procgen.model.Origin;
import dev.procgen.model.Process;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An app with every launch fact resolved and every default applied: what each target renders
 * from. {@link Planner#plan} builds it; a target only spells it in its own format's syntax.
 *
 * @param app the descriptor's values as written (name, description, user, group, directory,
 *     virtualenv, respawn, supervisor home)
 * @param binDir the absolute folder the run scripts are installed in (default {@code
 *     /usr/local/lib/<app>/bin})
 * @param logDir the absolute folder of the log files (default {@code /var/log/<app>})
 * @param processes the processes in descriptor order, at least one
 */
public record LaunchPlan(App app, String binDir, String logDir, List<ProcessPlan> processes) {
  /** The placeholder that stands for an instance's port in commands and bind addresses. */
  public static final String PORT_PLACEHOLDER = Process.PORT_PLACEHOLDER;
  /** The prefix of a bind address that is a unix socket path. */
  public static final String UNIX_PREFIX = "unix:";
  /**
   * The {@code PATH} a virtualenv's {@code bin} is put in front of: Debian's default for services
   * (the {@code ENV_SUPATH} of login.defs(5), which systemd and start-stop-daemon also use).
   */
  public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** Copies the list and checks there is a process. */
  public LaunchPlan {
    Objects.requireNonNull(app, "app");
    processes = List.copyOf(processes);
    if (processes.isEmpty()) {
      throw new IllegalArgumentException("an app has at least one process");
    }
  }

  /** Returns the app's name. */
  public String name() {
    return app.name();
  }

  /** Returns where the app's values came from, for positioned errors. */
  public Origin origin() {
    return app.origin();
  }

  /**
   * Returns the key that set one of {@code process}'s controls, for positioned errors: {@code
   * processes.<name>.<suffix>} when the process sets it, else the app's {@code suffix}.
   *
   * @param suffix a dotted key below the process or the app, such as {@code limits.core}
   */
  public String keyOf(ProcessPlan process, String suffix) {
    String own = process.key() + "." + suffix;
    return app.origin().positions().containsKey(own) ? own : suffix;
  }

  /**
   * Returns the secrets file's absolute path: {@code secrets_file}, or {@code /etc/<app>/secrets.env}.
   * It only matters when the app has {@code secrets}.
   */
  public String secretsFile() {
    return app.secretsFile().orElse("/etc/" + app.name() + "/secrets.env");
  }

  /** Returns the account that owns the app's files and folders on the host: {@code user}, or root. */
  public String hostUser() {
    return app.user().orElse("root");
  }

  /** Returns the group that owns the app's files and folders: {@code group}, else the user's name, else root. */
  public String hostGroup() {
    return app.group().orElse(hostUser());
  }

  /** Returns every instance of every process, in descriptor order. */
  public List<InstancePlan> instances() {
    List<InstancePlan> all = new ArrayList<>();
    for (ProcessPlan p : processes) {
      all.addAll(p.instances());
    }
    return List.copyOf(all);
  }

  /** Returns true when the app has exactly one process with one instance. */
  public boolean isSingleInstance() {
    return processes.size() == 1 && !processes.get(0).isMultiInstance();
  }

  /** Returns the folders of the unix sockets the instances bind, which must exist before they start. */
  public Set<String> socketDirs() {
    Set<String> dirs = new LinkedHashSet<>();
    for (InstancePlan i : instances()) {
      if (i.socketDir().isPresent()) {
        dirs.add(i.socketDir().get());
      }
    }
    return dirs;
  }
}
