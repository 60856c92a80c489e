package dev.procgen.plan;

import java.util.Objects;
import java.util.Optional;

/**
 * One command-line flag that a server preset adds to a process's command, such as gunicorn's
 * {@code --workers=3}.
 *
 * @param option the flag, for example {@code --workers}; written {@code option=value}
 * @param value the flag's value; empty only for {@code --group} when the descriptor names a user
 *     and no group, which means "the user's primary group", looked up on the host at start
 * @param selfManaged true for the flags that make the server drop privileges and write its own log
 *     ({@code --user}, {@code --group}, {@code --log-file}): a process started as root by a run
 *     script passes them, while an init system that sets the account and captures output itself
 *     (systemd, supervisord) leaves them out
 * @param bare true for a flag that takes no value, such as {@code --capture-output}: written alone
 */
public record ServerFlag(String option, Optional<String> value, boolean selfManaged, boolean bare) {
  /** Checks that nothing is null. */
  public ServerFlag {
    Objects.requireNonNull(option, "option");
    Objects.requireNonNull(value, "value");
  }

  /** A flag {@code option=value}. */
  public ServerFlag(String option, Optional<String> value, boolean selfManaged) {
    this(option, value, selfManaged, false);
  }

  /** A flag that takes no value. */
  public static ServerFlag bare(String option, boolean selfManaged) {
    return new ServerFlag(option, Optional.empty(), selfManaged, true);
  }

  /** Returns the argv word {@code option=value}, or {@code option} for a bare flag; throws IllegalStateException without a value. */
  public String word() {
    if (bare) {
      return option;
    }
    return option + "=" + value.orElseThrow(() -> new IllegalStateException(option + " has no value to write"));
  }
}
