package dev.procgen.targets;

import java.util.Locale;

/**
 * What a run tells every target besides the apps.
 *
 * @param regenerateCommand the command that renders this run again, quoted for sh, for headers
 * @param init the init system the bootstrap script installs the app under
 */
public record RenderContext(String regenerateCommand, Init init) {

  /** The init systems the bootstrap script can install an app under ({@code --init}). */
  public enum Init {
    /** systemd units in /etc/systemd/system, enabled through {@code <app>.target}. */
    SYSTEMD,
    /** Upstart jobs in /etc/init. */
    UPSTART,
    /** supervisord programs, in /etc/supervisor/conf.d or the app's supervisor home. */
    SUPERVISOR,
    /** An /etc/rc.local block that starts the run scripts at boot. */
    RCLOCAL;

    /** Returns the name {@code --init} takes, for example {@code systemd}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
