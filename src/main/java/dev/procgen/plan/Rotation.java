package dev.procgen.plan;

import dev.procgen.model.Rotator;
import java.util.Objects;

/**
 * How a process's log files in {@code log.dir} are rotated, defaults applied.
 *
 * @param by what rotates them
 * @param sizeBytes rotate a file once it is bigger than this many bytes (logrotate's {@code size},
 *     supervisord's {@code stdout_logfile_maxbytes}); default 50 MiB, supervisord's own default
 * @param keep rotated files kept (logrotate's {@code rotate}, supervisord's {@code
 *     stdout_logfile_backups}); default 10, supervisord's own default
 */
public record Rotation(Rotator by, long sizeBytes, int keep) {
  /** The size when the descriptor sets none: 50 MiB, supervisord's default {@code stdout_logfile_maxbytes}. */
  public static final long DEFAULT_SIZE = 50L << 20;
  /** The rotated files kept when the descriptor sets none: 10, supervisord's default {@code stdout_logfile_backups}. */
  public static final int DEFAULT_KEEP = 10;

  /** Checks the numbers; throws IllegalArgumentException. */
  public Rotation {
    Objects.requireNonNull(by, "by");
    if (sizeBytes < 1 || keep < 0) {
      throw new IllegalArgumentException("rotation size must be at least 1 byte and keep at least 0");
    }
  }
}
