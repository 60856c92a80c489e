package dev.procgen.model;

import java.util.Locale;

/**
 * The log level of an app, named as gunicorn's {@code --log-level} option names it.
 *
 * <p>The set of levels is gunicorn's (its settings documentation, "loglevel"); targets whose
 * server has no such flag ignore it.
 */
public enum LogLevel {
  DEBUG,
  INFO,
  WARNING,
  ERROR,
  CRITICAL;

  /** Returns the level as the descriptor and gunicorn spell it, for example {@code warning}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
