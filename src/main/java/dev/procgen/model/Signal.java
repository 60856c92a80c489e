package dev.procgen.model;

/**
 * A signal a descriptor may name to stop or reload a process, by the name kill(1) and signal(7)
 * give it without {@code SIG}.
 *
 * <p>The list holds the signals whose default action ends a process or that servers take as an
 * order (signal(7), "Standard signals"); job-control and fault signals (STOP, CONT, SEGV, ...) are
 * not in it. Every target can name each of them: systemd as {@code SIGTERM} (systemd.kill(5)),
 * supervisord as {@code TERM} (its configuration docs, "stopsignal"), Upstart 1.13.2 as {@code TERM}
 * (init(5), libnih's {@code nih_signal_from_name}), kill(1) as {@code -s TERM}.
 */
public enum Signal {
  HUP, INT, QUIT, ABRT, KILL, USR1, USR2, ALRM, TERM, WINCH;

  /** Returns the name without {@code SIG}, for example {@code TERM}. */
  public String id() {
    return name();
  }

  /** Returns true for a signal that asks a server to reload: HUP, USR1, USR2 and WINCH. */
  public boolean canReload() {
    return this == HUP || this == USR1 || this == USR2 || this == WINCH;
  }

  /**
   * Returns the signal named {@code name}, with or without {@code SIG} ({@code TERM}, {@code
   * SIGTERM}), or null for a name not in the list; case counts, as for kill(1).
   */
  public static Signal byName(String name) {
    String bare = name.startsWith("SIG") ? name.substring(3) : name;
    for (Signal s : values()) {
      if (s.name().equals(bare)) {
        return s;
      }
    }
    return null;
  }
}
