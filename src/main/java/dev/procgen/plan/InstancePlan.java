package dev.procgen.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One running copy of a process, with every launch fact resolved: no {@code {port}} is left in it.
 *
 * @param name the instance's name, unique in the run: {@code <app>}, then {@code -<process>} when
 *     the app has several processes, then {@code -<id>} when the process has several instances; it
 *     names the instance's Upstart job, run script, log file and supervisord process
 * @param id the copy's id in names: its port when the process has one, otherwise its number
 *     counting from 1
 * @param port the copy's TCP port ({@code port + index}), if the process has a port
 * @param command the descriptor's command, {@code {port}} replaced in every word, the program's
 *     path included
 * @param flags the server preset's flags, in the order the command line gets them; empty without a
 *     preset
 * @param bind the server's bind address, default applied and {@code {port}} replaced
 * @param environment the process's environment in order, each name once: the virtualenv's {@code
 *     VIRTUAL_ENV} and {@code PATH}, then {@code PORT}, then the descriptor's variables in
 *     descriptor order; a descriptor variable that the virtualenv also sets takes its place
 * @param logFile the absolute path of the instance's log file, {@code <log.dir>/<name>.log}
 * @param runScript the absolute path of the instance's installed run script, {@code
 *     <bin_dir>/<name>.sh}
 * @param pidFile where the server writes its master's PID when its run script starts it, {@code
 *     <log.dir>/<name>.pid}, for a server that reopens its log files on a signal (gunicorn);
 *     empty otherwise
 */
public record InstancePlan(
    String name,
    String id,
    OptionalInt port,
    List<String> command,
    List<ServerFlag> flags,
    Optional<String> bind,
    List<EnvVar> environment,
    String logFile,
    String runScript,
    Optional<String> pidFile) {

  /** Copies the lists. */
  public InstancePlan {
    command = List.copyOf(command);
    flags = List.copyOf(flags);
    environment = List.copyOf(environment);
  }

  /**
   * Returns the argv an init system runs when it sets the account and captures output itself: the
   * command, then the flags that are not {@link ServerFlag#selfManaged}.
   */
  public List<String> argv() {
    List<String> argv = new ArrayList<>(command);
    for (ServerFlag f : flags) {
      if (!f.selfManaged()) {
        argv.add(f.word());
      }
    }
    return List.copyOf(argv);
  }

  /**
   * Returns where a client reaches the instance (a proxy, or a rolling restart that waits for it):
   * its bind address, or its port on loopback; empty when it has neither.
   */
  public Optional<Address> address() {
    return Address.of(bind, port);
  }

  /** Returns the folder of the unix socket the instance binds, if it binds one below {@code /}. */
  public Optional<String> socketDir() {
    if (bind.isEmpty() || !bind.get().startsWith(LaunchPlan.UNIX_PREFIX)) {
      return Optional.empty();
    }
    String socket = bind.get().substring(LaunchPlan.UNIX_PREFIX.length());
    String dir = socket.substring(0, socket.lastIndexOf('/'));
    return dir.isEmpty() ? Optional.empty() : Optional.of(dir);
  }
}
