package dev.procgen.compiler;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.HostPaths;
import dev.procgen.plan.EnvVar;
import dev.procgen.plan.InstancePlan;
import dev.procgen.plan.LaunchPlan;
import dev.procgen.plan.ProcessPlan;
import dev.procgen.plan.ServerFlag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses the launch facts that Linux cannot hand to a process, whatever the target: every process
 * is started by execve(2), and a unix socket is bound through a {@code sockaddr_un}.
 *
 * <ul>
 *   <li>Each argv word and each environment entry ({@code NAME=value}, one string) is at most
 *       {@link #MAX_ARG_STRLEN} bytes with its terminating NUL: execve(2), "Limits on size of
 *       arguments and environment" ({@code MAX_ARG_STRLEN}, 32 pages of 4 KiB). A longer one fails
 *       with E2BIG: bash says "Argument list too long", supervisord "E2BIG".
 *   <li>All of argv and the environment together, strings with their NULs plus one pointer each,
 *       are at most a quarter of the stack limit (execve(2) again; Linux's {@code
 *       bprm_stack_limits}). No target of procgen raises the stack limit, so the default 8 MiB
 *       stack (Linux's {@code _STK_LIM}, systemd's {@code DefaultLimitSTACK=}) gives {@link
 *       #MAX_ARG_TOTAL}. The init system adds variables of its own on top, so a total just under
 *       the limit can still fail; what is refused here can never start.
 *   <li>A unix socket path is at most {@link #MAX_SUN_PATH} bytes: {@code sun_path} holds 108
 *       bytes with the terminating NUL (unix(7), which also warns that a portable path keeps
 *       the NUL inside them). Python's socket module, which gunicorn and supervisord bind
 *       with, refuses a longer one with "AF_UNIX path too long".
 *   <li>A path the host opens, runs or changes into (the working {@code directory}, a program
 *       path, the virtualenv's {@code bin/activate}, each run script, each log file, the
 *       supervisord config) is at most {@link #MAX_PATH} bytes, and each of its names at most
 *       {@link #MAX_NAME} bytes: {@code PATH_MAX} and {@code NAME_MAX} of {@code
 *       <linux/limits.h>}; a longer one fails with ENAMETOOLONG (path_resolution(7), open(2),
 *       execve(2), chdir(2)).
 * </ul>
 *
 * <p>Lengths count UTF-8 bytes, as the kernel sees the strings, and are checked on each instance's
 * launch facts: with {@code {port}} replaced and the server preset's flags added.
 */
public final class KernelLimits {
  /** The most bytes of one argv word or environment entry, with its terminating NUL (execve(2)). */
  public static final int MAX_ARG_STRLEN = 32 * 4096;
  /** The most bytes of argv and environment together under the default 8 MiB stack (execve(2)). */
  public static final int MAX_ARG_TOTAL = 8 * 1024 * 1024 / 4;
  /** The most bytes of a unix socket path, without the NUL that {@code sun_path}'s 108 bytes keep (unix(7)). */
  public static final int MAX_SUN_PATH = 107;
  /** The most bytes of a path, without the NUL that {@code PATH_MAX}'s 4096 keep (path_resolution(7)). */
  public static final int MAX_PATH = 4095;
  /** The most bytes of one name in a path ({@code NAME_MAX}, path_resolution(7)). */
  public static final int MAX_NAME = 255;
  /** The size of one pointer of the argv and envp arrays on a 64-bit host. */
  private static final int POINTER = 8;

  private KernelLimits() {}

  /**
   * Returns a positioned error for every launch fact of {@code plans} that the kernel refuses, each
   * naming the run's targets ({@code targets}, their ids), since none of them can carry the value.
   */
  public static List<Diagnostic> check(List<LaunchPlan> plans, List<String> targets) {
    String who = targets.isEmpty() ? "any target"
        : targets.size() == 1 ? "the " + targets.get(0) + " target"
        : "the " + String.join(", ", targets.subList(0, targets.size() - 1)) + " and " + targets.get(targets.size() - 1)
            + " targets";
    List<Diagnostic> named = new ArrayList<>();
    for (Diagnostic d : check(plans)) {
      int found = d.message().indexOf(", found ");
      String message = found < 0 ? d.message() + " (for " + who + ")"
          : d.message().substring(0, found) + " for " + who + d.message().substring(found);
      named.add(new Diagnostic(d.file(), d.line(), d.column(), message, d.sourceLine(), d.severity()));
    }
    return List.copyOf(named);
  }

  /** Returns a positioned error for every launch fact of {@code plans} that the kernel refuses. */
  static List<Diagnostic> check(List<LaunchPlan> plans) {
    List<Diagnostic> problems = new ArrayList<>();
    for (LaunchPlan plan : plans) {
      Set<String> reported = new HashSet<>();
      if (plan.app().directory().isPresent()) {
        path(plan, "directory", plan.app().directory().get(), "the working directory", reported, problems);
      }
      if (plan.app().virtualenv().isPresent()) {
        path(plan, "virtualenv", HostPaths.join(plan.app().virtualenv().get(), "bin/activate"),
            "the virtualenv's activate script", reported, problems);
      }
      if (plan.app().supervisorHome().isPresent()) {
        path(plan, "supervisor.home", HostPaths.join(plan.app().supervisorHome().get(), "supervisord.conf"),
            "the supervisord config", reported, problems);
      }
      for (ProcessPlan p : plan.processes()) {
        for (InstancePlan i : p.instances()) {
          path(plan, plan.app().binDir().isPresent() ? "bin_dir" : "app", i.runScript(), "the run script",
              reported, problems);
          path(plan, plan.app().log().dir().isPresent() ? "log.dir" : "app", i.logFile(), "the log file",
              reported, problems);
          String program = i.command().get(0);
          if (program.contains("/")) {
            String resolved = program.startsWith("/") || plan.app().directory().isEmpty() ? program
                : HostPaths.join(plan.app().directory().get(), program);
            pathAtWord(plan, p.key() + ".command", resolved, reported, problems);
          }
        }
      }
      for (ProcessPlan p : plan.processes()) {
        for (InstancePlan i : p.instances()) {
          check(plan, p, i, reported, problems);
        }
      }
    }
    return problems;
  }

  private static void check(LaunchPlan plan, ProcessPlan p, InstancePlan i, Set<String> reported,
      List<Diagnostic> problems) {
    String commandKey = p.key() + ".command";
    long total = 0;
    int strings = 0;
    for (int w = 0; w < i.command().size(); w++) {
      String word = i.command().get(w);
      int bytes = bytes(word);
      total += bytes + 1;
      strings++;
      if (bytes + 1 > MAX_ARG_STRLEN && reported.add(commandKey + "#" + w)) {
        problems.add(Diagnostic.atWord(plan.origin(), commandKey, w, commandKey + ": expected words of at most "
            + (MAX_ARG_STRLEN - 1) + " bytes in UTF-8, the longest argument execve(2) passes (MAX_ARG_STRLEN), found "
            + bytes + " bytes in word " + (w + 1) + instance(p, i)));
      }
    }
    for (ServerFlag f : i.flags()) {
      if (f.value().isEmpty()) {
        continue;
      }
      String word = f.option() + "=" + f.value().get();
      int bytes = bytes(word);
      total += bytes + 1;
      strings++;
      String key = flagKey(plan, p, f);
      if (bytes + 1 > MAX_ARG_STRLEN && reported.add(key + "#" + f.option())) {
        problems.add(Diagnostic.at(plan.origin(), key, key + ": expected a value that keeps the server's argument "
            + f.option() + "=... within " + (MAX_ARG_STRLEN - 1) + " bytes in UTF-8, the longest argument execve(2) "
            + "passes (MAX_ARG_STRLEN), found " + bytes + " bytes" + instance(p, i)));
      }
    }
    for (EnvVar e : i.environment()) {
      int bytes = bytes(e.name()) + 1 + bytes(e.value());
      total += bytes + 1;
      strings++;
      String key = switch (e.source()) {
        case DESCRIPTOR -> "environment." + e.name();
        case VIRTUALENV -> "virtualenv";
        case PORT -> p.key() + ".port";
      };
      if (bytes + 1 > MAX_ARG_STRLEN && reported.add(key)) {
        problems.add(Diagnostic.at(plan.origin(), key, key + ": expected the entry " + e.name() + "=value of at most "
            + (MAX_ARG_STRLEN - 1) + " bytes in UTF-8, the longest environment string execve(2) passes "
            + "(MAX_ARG_STRLEN), found " + bytes + " bytes"));
      }
    }
    total += (long) (strings + 2) * POINTER;
    if (total > MAX_ARG_TOTAL && reported.add(commandKey + "#total")) {
      problems.add(Diagnostic.at(plan.origin(), commandKey, commandKey + ": expected the arguments and environment of "
          + "a process to take at most " + MAX_ARG_TOTAL + " bytes together, what execve(2) accepts under the default "
          + "8 MiB stack limit (a quarter of it), found " + total + " bytes" + instance(p, i)));
    }
    Optional<String> socket = i.bind().isPresent() && i.bind().get().startsWith(LaunchPlan.UNIX_PREFIX)
        ? Optional.of(i.bind().get().substring(LaunchPlan.UNIX_PREFIX.length())) : Optional.empty();
    if (socket.isPresent() && bytes(socket.get()) > MAX_SUN_PATH && reported.add(p.key() + ".bind")) {
      problems.add(Diagnostic.at(plan.origin(), p.key() + ".bind", p.key() + ".bind: expected a unix socket path of "
          + "at most " + MAX_SUN_PATH + " bytes in UTF-8, what sun_path holds (unix(7)), found " + bytes(socket.get())
          + " bytes in " + shortened(socket.get()) + instance(p, i)));
    }
  }

  private static Optional<String> pathProblem(String path) {
    int bytes = bytes(path);
    if (bytes > MAX_PATH) {
      return Optional.of("a path of at most " + MAX_PATH + " bytes in UTF-8 (PATH_MAX, path_resolution(7)), found "
          + bytes + " bytes");
    }
    for (String name : path.split("/")) {
      if (bytes(name) > MAX_NAME) {
        return Optional.of("names of at most " + MAX_NAME + " bytes in UTF-8 in a path (NAME_MAX, path_resolution(7)), "
            + "found one of " + bytes(name) + " bytes, " + shortened(name));
      }
    }
    return Optional.empty();
  }

  private static void path(LaunchPlan plan, String key, String path, String what, Set<String> reported,
      List<Diagnostic> problems) {
    Optional<String> problem = pathProblem(path);
    if (problem.isPresent() && reported.add(key + "#path")) {
      problems.add(Diagnostic.at(plan.origin(), key, key + ": expected " + problem.get() + ", in " + what + " "
          + shortened(path)));
    }
  }

  private static void pathAtWord(LaunchPlan plan, String key, String path, Set<String> reported,
      List<Diagnostic> problems) {
    Optional<String> problem = pathProblem(path);
    if (problem.isPresent() && reported.add(key + "#path")) {
      problems.add(Diagnostic.atWord(plan.origin(), key, 0, key + ": expected " + problem.get()
          + ", in the program's path " + shortened(path)));
    }
  }

  /** The descriptor key whose value makes up a server flag. */
  private static String flagKey(LaunchPlan plan, ProcessPlan p, ServerFlag f) {
    return switch (f.option()) {
      case "--bind" -> plan.origin().positions().containsKey(p.key() + ".bind") ? p.key() + ".bind" : p.key();
      case "--log-file", "--pid" -> "log.dir";
      case "--user" -> "user";
      case "--group" -> "group";
      default -> p.key();
    };
  }

  private static String instance(ProcessPlan p, InstancePlan i) {
    return p.isMultiInstance() ? " (instance " + i.name() + ")" : "";
  }

  private static String shortened(String s) {
    return "'" + (s.length() > 120 ? s.substring(0, 120) + "..." : s) + "'";
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
