package dev.procgen.plan;

import dev.procgen.model.Signal;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a process is asked to stop.
 *
 * @param signal the signal's name without {@code SIG}, as kill(1) names it, for example {@code TERM}
 * @param timeoutSeconds seconds from the signal to SIGKILL, at least 1
 * @param mainProcessStopsChildren true when the main process stops its own children on the
 *     signal (a gunicorn master stops its workers), so that only it should receive the signal
 */
public record StopPolicy(String signal, int timeoutSeconds, boolean mainProcessStopsChildren) {
  /** A plain process: SIGTERM, then SIGKILL after 10 s, the signal sent to every process. */
  public static final StopPolicy DEFAULT = new StopPolicy("TERM", 10, false);
  /**
   * gunicorn: SIGTERM is its graceful shutdown, which waits up to its graceful_timeout of 30 s
   * (gunicorn's settings documentation); SIGKILL comes 5 s after that.
   */
  public static final StopPolicy GUNICORN = new StopPolicy("TERM", 35, true);

  /** Returns this policy with the descriptor's signal and timeout, where it sets them. */
  public StopPolicy with(Optional<Signal> signal, OptionalInt timeout) {
    return new StopPolicy(signal.isPresent() ? signal.get().id() : this.signal,
        timeout.isPresent() ? timeout.getAsInt() : timeoutSeconds, mainProcessStopsChildren);
  }

  /** Checks the timeout; throws IllegalArgumentException. */
  public StopPolicy {
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("stop timeout must be at least 1 s");
    }
  }
}
