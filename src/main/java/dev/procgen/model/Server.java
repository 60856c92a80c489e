package dev.procgen.model;

import java.util.Locale;

/**
 * A server preset: a program whose own flags procgen knows, so that workers, bind address,
 * account, log level and log file are passed to it on its command line.
 */
public enum Server {
  /**
   * Gunicorn: adds {@code --workers}, {@code --bind}, {@code --user}, {@code --group},
   * {@code --log-level} and {@code --log-file}, as gunicorn's settings documentation names them.
   */
  GUNICORN;

  /** Returns the preset as the descriptor spells it, for example {@code gunicorn}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
