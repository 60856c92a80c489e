package dev.procgen.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an app's processes log, and how much.
 *
 * @param dir absolute directory on the target host that holds one log file per process instance,
 *     if the descriptor sets one; the launch plan applies the default
 * @param level the level passed to servers that take one
 */
public record LogSettings(Optional<String> dir, LogLevel level) {
  /** Checks that {@code dir} is an absolute path; throws {@link IllegalArgumentException} if not. */
  public LogSettings {
    Objects.requireNonNull(level, "level");
    HostPaths.requireAbsolute(dir, "log.dir");
  }
}
