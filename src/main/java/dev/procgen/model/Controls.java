package dev.procgen.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How processes are stopped, reloaded, limited and their logs rotated, as one level of the
 * descriptor writes it: the app's keys ({@code stop}, {@code reload}, {@code limits}, {@code
 * log.rotate}) or one process's. Every field is empty where that level does not set it; a
 * process's value replaces the app's ({@link #over}), and the launch plan applies the defaults.
 *
 * @param stopSignal {@code stop.signal}
 * @param stopTimeout {@code stop.timeout}, seconds from the stop signal to SIGKILL, 1 to 86400
 * @param reload {@code reload.signal}: empty when not set, {@link Reload#NONE} for {@code none}
 * @param limits {@code limits.*}, at most one per resource
 * @param rotateBy {@code log.rotate.by}
 * @param rotateSize {@code log.rotate.size}, bytes, at least 1
 * @param rotateKeep {@code log.rotate.keep}, rotated files kept, 0 to 1000
 */
public record Controls(
    Optional<Signal> stopSignal,
    OptionalInt stopTimeout,
    Optional<Reload> reload,
    Map<Limit.Resource, Limit> limits,
    Optional<Rotator> rotateBy,
    OptionalLong rotateSize,
    OptionalInt rotateKeep) {

  /** A level that sets nothing. */
  public static final Controls NONE = new Controls(Optional.empty(), OptionalInt.empty(), Optional.empty(),
      Map.of(), Optional.empty(), OptionalLong.empty(), OptionalInt.empty());

  /** Copies the limits into their resources' order. */
  public Controls {
    EnumMap<Limit.Resource, Limit> copy = new EnumMap<>(Limit.Resource.class);
    copy.putAll(limits);
    limits = Collections.unmodifiableMap(copy);
  }

  /** Returns these settings with {@code base}'s where these set none, limit by limit. */
  public Controls over(Controls base) {
    EnumMap<Limit.Resource, Limit> merged = new EnumMap<>(Limit.Resource.class);
    merged.putAll(base.limits);
    merged.putAll(limits);
    return new Controls(
        stopSignal.isPresent() ? stopSignal : base.stopSignal,
        stopTimeout.isPresent() ? stopTimeout : base.stopTimeout,
        reload.isPresent() ? reload : base.reload,
        merged,
        rotateBy.isPresent() ? rotateBy : base.rotateBy,
        rotateSize.isPresent() ? rotateSize : base.rotateSize,
        rotateKeep.isPresent() ? rotateKeep : base.rotateKeep);
  }

  /**
   * The {@code reload.signal} a level sets.
   *
   * @param signal the signal, or empty for {@code none}: the process is never reloaded
   */
  public record Reload(Optional<Signal> signal) {
    /** {@code reload: {signal: none}}. */
    public static final Reload NONE = new Reload(Optional.empty());
  }
}
