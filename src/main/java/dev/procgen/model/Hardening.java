package dev.procgen.model;

/**
 * How far systemd locks an app's services down ({@code hardening}); the systemd target's
 * documentation lists the settings of each level. Upstart and supervisord have no such settings.
 */
public enum Hardening {
  /** Everything of {@link #STANDARD}, a read-only file system but the app's writable folders, a system call filter, and private users. */
  STRICT("strict"),
  /** The default: no new privileges, private /tmp and /dev, a read-only /usr, /etc and home, kernel settings out of reach. */
  STANDARD("standard"),
  /** systemd's defaults. */
  OFF("off");

  private final String id;

  Hardening(String id) {
    this.id = id;
  }

  /** Returns the name the descriptor writes, for example {@code standard}. */
  public String id() {
    return id;
  }
}
