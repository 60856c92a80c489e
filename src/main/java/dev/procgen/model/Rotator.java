package dev.procgen.model;

/** What rotates the log files an app's processes write in {@code log.dir} ({@code log.rotate.by}). */
public enum Rotator {
  /** logrotate(8), from a file in {@code /etc/logrotate.d}: the default where files are written. */
  LOGROTATE("logrotate"),
  /** supervisord itself, by {@code stdout_logfile_maxbytes} and {@code stdout_logfile_backups}. */
  SUPERVISORD("supervisord"),
  /** Nothing: the files grow until someone rotates them. */
  NONE("none");

  private final String id;

  Rotator(String id) {
    this.id = id;
  }

  /** Returns the name the descriptor writes, for example {@code logrotate}. */
  public String id() {
    return id;
  }
}
