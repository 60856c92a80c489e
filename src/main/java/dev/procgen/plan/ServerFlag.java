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
 */
public record ServerFlag(String option, Optional<String> value, boolean selfManaged) {
  /** Checks that nothing is null. */
  public ServerFlag {
    Objects.requireNonNull(option, "option");
    Objects.requireNonNull(value, "value");
  }

  /** Returns the argv word {@code option=value}; throws IllegalStateException without a value. */
  public String word() {
    return option + "=" + value.orElseThrow(() -> new IllegalStateException(option + " has no value to write"));
  }
}
