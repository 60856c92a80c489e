package dev.procgen.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One process of an app, run as one or more identical instances.
 *
 * @param name the process name, {@code [a-z][a-z0-9_-]*}
 * @param command the argv, each word as written; a word may contain {@code {port}}, replaced by
 *     each instance's port
 * @param server an optional server preset that adds its own flags
 * @param workers worker processes inside the server, at least 1; only used with a server
 * @param bind the server's bind address ({@code host:port} or {@code unix:/path}), may contain
 *     {@code {port}}; empty means the preset's default, which the launch plan applies
 * @param instances copies of the process, at least 1
 * @param port the first copy's TCP port; copy {@code i} (from 0) gets {@code port + i}
 * @param health the path of a URL that each instance answers with a 2xx status once it is ready,
 *     such as {@code /healthz}, which the rolling restart waits for; empty means accepting
 *     connections is enough
 * @param controls the process's own {@code stop}, {@code reload}, {@code limits} and {@code
 *     log.rotate}, which replace the app's key by key
 */
public record Process(
    String name,
    List<String> command,
    Optional<Server> server,
    int workers,
    Optional<String> bind,
    int instances,
    OptionalInt port,
    Optional<String> health,
    Controls controls) {

  /** The placeholder replaced by an instance's port in {@code command} and {@code bind}. */
  public static final String PORT_PLACEHOLDER = "{port}";

  /** Checks the invariants the validator already enforced; throws IllegalArgumentException. */
  public Process {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(controls, "controls");
    Objects.requireNonNull(health, "health");
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must have at least one word");
    }
    if (workers < 1 || instances < 1) {
      throw new IllegalArgumentException("workers and instances must be at least 1");
    }
    if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() + instances - 1 > 65535)) {
      throw new IllegalArgumentException("ports must lie in 1..65535");
    }
  }
}
