package dev.procgen.model;

/**
 * How often a dead process is restarted before the init system gives up on it.
 *
 * <p>The shape is Upstart's {@code respawn limit COUNT INTERVAL} (init(5)): at most {@code limit}
 * restarts within {@code interval} seconds.
 *
 * @param limit restarts allowed within the interval, at least 1
 * @param interval the window in seconds, at least 1
 */
public record Respawn(int limit, int interval) {
  /** The default, which is also Upstart's own default: 10 restarts within 5 seconds. */
  public static final Respawn DEFAULT = new Respawn(10, 5);

  /** Checks both numbers are at least 1; throws {@link IllegalArgumentException} if not. */
  public Respawn {
    if (limit < 1 || interval < 1) {
      throw new IllegalArgumentException("respawn limit and interval must be at least 1");
    }
  }
}
