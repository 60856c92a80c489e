package dev.procgen.plan;

import java.util.Objects;

/**
 * One variable of a process's environment, as the process must receive it.
 *
 * @param name the variable's name, {@code [A-Za-z_][A-Za-z0-9_]*}
 * @param value its exact value; in a {@link ProcessPlan}'s pattern it may hold {@link
 *     LaunchPlan#PORT_PLACEHOLDER}
 * @param source why the process gets it, so that a target that sets some of them in its own way
 *     (a systemd template unit or a supervisord program of several instances writes {@code PORT} as
 *     its own specifier) can tell them apart
 */
public record EnvVar(String name, String value, Source source) {

  /** Where a variable comes from. */
  public enum Source {
    /** {@code VIRTUAL_ENV} and {@code PATH}, as the virtualenv's {@code activate} script sets them. */
    VIRTUALENV,
    /** {@code PORT}: the instance's port. */
    PORT,
    /** The descriptor's {@code environment}. */
    DESCRIPTOR
  }

  /** Checks that nothing is null. */
  public EnvVar {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(source, "source");
  }
}
