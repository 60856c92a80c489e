package dev.procgen.plan;

import dev.procgen.model.Limit;
import dev.procgen.model.Server;
import dev.procgen.model.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One process of an app with its launch facts resolved, as a pattern for all its instances and
 * as the instances themselves.
 *
 * <p>The pattern ({@link #command}, {@link #flags}, {@link #environment}) keeps {@link
 * LaunchPlan#PORT_PLACEHOLDER} where each instance has its port, for the targets that write one
 * entry for all instances and let the init system fill the port in (a systemd template's {@code
 * %i}, supervisord's {@code %(process_num)s}). Every other target renders {@link #instances}.
 *
 * @param name the process name as the descriptor writes it
 * @param key the descriptor key that holds it, {@code processes.<name>}, for positioned errors
 * @param qualifiedName {@code <app>-<process>}: the systemd unit's and supervisord program's name
 * @param instancePrefix what every instance's name starts with: {@code <app>} for a one-process
 *     app, otherwise {@code <app>-<process>}; a multi-instance process's instances add {@code -<id>}
 * @param server the server preset, if any
 * @param firstPort the first instance's port, if the process has one
 * @param command the descriptor's command, {@code {port}} kept
 * @param flags the server preset's flags that an init system passes, {@code {port}} kept in {@code
 *     --bind}; the {@link ServerFlag#selfManaged} ones differ per instance and are only in {@link
 *     InstancePlan#flags}
 * @param environment the environment in {@link InstancePlan#environment}'s order; only {@code
 *     PORT}'s value ({@link EnvVar.Source#PORT}) is the placeholder, and a descriptor value that
 *     holds the placeholder's text is literal
 * @param stop how the process is stopped: {@code stop}, or the server's default
 * @param reload the signal that makes the process reload ({@code reload.signal}, gunicorn's HUP by
 *     default), or empty when it cannot be reloaded
 * @param limits the resource limits it starts with, in {@link Limit.Resource}
 *     order, each resource once
 * @param rotation how its log files in {@code log.dir} are rotated
 * @param health the path of the URL each instance answers with 2xx once ready ({@code
 *     processes.*.health}), if any
 * @param dropsPrivilegesItself true when the server, started as root, switches to the account
 *     itself (gunicorn's {@code --user}/{@code --group}), so a run script must not do it first
 * @param instances the instances, the first copy first, at least one
 */
public record ProcessPlan(
    String name,
    String key,
    String qualifiedName,
    String instancePrefix,
    Optional<Server> server,
    OptionalInt firstPort,
    List<String> command,
    List<ServerFlag> flags,
    List<EnvVar> environment,
    StopPolicy stop,
    Optional<Signal> reload,
    List<Limit> limits,
    Rotation rotation,
    Optional<String> health,
    boolean dropsPrivilegesItself,
    List<InstancePlan> instances) {

  /** Copies the lists and checks there is an instance. */
  public ProcessPlan {
    command = List.copyOf(command);
    flags = List.copyOf(flags);
    environment = List.copyOf(environment);
    limits = List.copyOf(limits);
    instances = List.copyOf(instances);
    if (instances.isEmpty()) {
      throw new IllegalArgumentException("a process has at least one instance");
    }
  }

  /** Returns true when the process runs more than one copy. */
  public boolean isMultiInstance() {
    return instances.size() > 1;
  }

  /** Returns the first instance: the only one of a single-instance process. */
  public InstancePlan first() {
    return instances.get(0);
  }

  /** Returns {@link InstancePlan#argv}'s pattern: the command and the flags, {@code {port}} kept. */
  public List<String> argv() {
    List<String> argv = new ArrayList<>(command);
    for (ServerFlag f : flags) {
      argv.add(f.word());
    }
    return List.copyOf(argv);
  }
}
