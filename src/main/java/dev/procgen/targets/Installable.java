package dev.procgen.targets;

import dev.procgen.plan.LaunchPlan;
import java.util.List;
import java.util.Optional;

/**
 * A target whose files install an app under an init system on a host: where they go ({@link
 * #placement}), which tools the host needs, whether a boot hook must start the init system
 * itself, and how the init system is told of a change. The bootstrap script composes any of them
 * through this interface alone; {@code --init} takes exactly these targets' ids.
 */
public sealed interface Installable extends Target permits Upstart, Systemd, Supervisor, RcLocal {

  /** Returns every installable target; the first is {@code --init}'s default. */
  static List<Installable> all() {
    return Registry.INSTALLABLE;
  }

  /** Returns the installable target with the id {@code id}, if there is one. */
  static Optional<Installable> byId(String id) {
    for (Installable t : all()) {
      if (t.id().equals(id)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Returns the commands the host must have before anything is installed, in order. */
  List<Tool> tools(LaunchPlan plan);

  /**
   * Returns the target whose boot hook must also be installed, because nothing on the host starts
   * this init system at boot (a per-app supervisord), if any.
   */
  default Optional<Installable> bootHook(LaunchPlan plan) {
    return Optional.empty();
  }

  /**
   * Returns true when the init system reads the installed files only when told, so the script
   * tracks whether any of them changed ({@code init_changed}).
   */
  default boolean tellsOfChanges() {
    return true;
  }

  /**
   * Returns true when the init system's files {@code exec} the run scripts, so that a changed run
   * script changes what the running app does and counts as a change to the init system's files
   * ({@code init_changed}): the app is restarted on it, as when a job file changed. It only
   * matters when {@link #tellsOfChanges()}; rclocal's boot hook runs run scripts too, at boot.
   */
  default boolean execsRunScripts() {
    return false;
  }

  /**
   * Returns the bash lines that tell the init system about the installed files and start the
   * app: each ends in a newline, and may test {@code "$init_changed" = 1} and call the script's
   * {@code run} function. Rendered from {@code templates/<id>/activate.sh.mustache}.
   */
  String activation(LaunchPlan plan);

  /**
   * Returns the folders this init system needs for the app besides the app's own (its
   * working directory, log folder, bin_dir and socket folders), for example a per-app
   * supervisord's home.
   */
  default List<Folder> folders(LaunchPlan plan) {
    return List.of();
  }

  /**
   * A folder the host must have.
   *
   * @param path its absolute path
   * @param mode its octal mode, for example {@code 750}
   * @param owner the owning account
   * @param group the owning group
   * @param enforce true when an existing folder's mode and owner are corrected too, because it
   *     belongs to the app alone
   */
  record Folder(String path, String mode, String owner, String group, boolean enforce) {}

  /**
   * A command the host must have.
   *
   * @param command the program looked up on {@code PATH}
   * @param what what is missing without it, for the error message
   */
  record Tool(String command, String what) {}
}
