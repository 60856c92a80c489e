package dev.procgen;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way tests run other programs: every wait is bounded, stdout and stderr are captured
 * (through temp files, so a full pipe never blocks a command and a timed-out command still shows
 * what it printed), stdin is {@code /dev/null}, and whatever a test started is stopped by PID
 * together with its descendants.
 *
 * <pre>{@code
 * String user = Processes.output("id", "-un");
 * Processes.Result r = Processes.command("bash", "-n", script).limit(Duration.ofSeconds(60)).run();
 * Process server = Processes.command(script).in(dir).clearEnv().env("PATH", path).start(log);
 * Processes.stop(server, Duration.ofSeconds(15));
 * }</pre>
 */
public final class Processes {
  /** How long a command may run unless {@link Command#limit} says otherwise. */
  public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(30);

  private static final File DEV_NULL = new File("/dev/null");

  private Processes() {}

  /** Starts describing a command. */
  public static Command command(String... argv) {
    return new Command(List.of(argv));
  }

  /** Starts describing a command. */
  public static Command command(List<String> argv) {
    return new Command(argv);
  }

  /**
   * Runs {@code argv} for at most 30 s with stderr merged into stdout, fails the test unless it
   * exits with 0, and returns what it printed.
   */
  public static String output(String... argv) {
    return command(argv).mergeStderr().run().assertSuccess().out();
  }

  /**
   * What a finished command printed and returned.
   *
   * @param command the argv
   * @param exit the exit status
   * @param out standard output (and standard error, when it was merged)
   * @param err standard error, empty when it was merged into {@code out}
   */
  public record Result(List<String> command, int exit, String out, String err) {
    /** Fails the test, showing the command and its output, unless it exited with 0. */
    public Result assertSuccess() {
      if (exit != 0) {
        fail(String.join(" ", command) + " exited with " + exit + ":\n" + out + err);
      }
      return this;
    }
  }

  /** One command: its argv, working directory, environment, output handling and time limit. */
  public static final class Command {
    private final ProcessBuilder builder;
    private Duration limit = DEFAULT_LIMIT;
    private boolean merge;

    private Command(List<String> argv) {
      this.builder = new ProcessBuilder(new ArrayList<>(argv));
    }

    /** Runs the command in {@code dir}; by default in the test JVM's working directory. */
    public Command in(Path dir) {
      builder.directory(dir.toFile());
      return this;
    }

    /** Sets one environment variable; by default the command inherits the test JVM's environment. */
    public Command env(String name, String value) {
      builder.environment().put(name, value);
      return this;
    }

    /** Sets several environment variables. */
    public Command env(Map<String, String> variables) {
      builder.environment().putAll(variables);
      return this;
    }

    /** Starts from an empty environment instead of the test JVM's. */
    public Command clearEnv() {
      builder.environment().clear();
      return this;
    }

    /** Bounds {@link #run}; 30 s unless set. */
    public Command limit(Duration limit) {
      this.limit = limit;
      return this;
    }

    /** Sends stderr into stdout, interleaved as the command wrote them. */
    public Command mergeStderr() {
      this.merge = true;
      return this;
    }

    /**
     * Runs the command to its end and returns what it printed. If it is still running at the
     * limit, it and its descendants are killed and the test fails with what it printed so far.
     */
    public Result run() {
      Path out = null;
      Path err = null;
      try {
        out = Files.createTempFile("procgen-stdout", ".txt");
        err = Files.createTempFile("procgen-stderr", ".txt");
        builder.redirectInput(DEV_NULL).redirectOutput(out.toFile()).redirectErrorStream(merge);
        if (!merge) {
          builder.redirectError(err.toFile());
        }
        Process process = launch(builder);
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
          stop(process, Duration.ZERO);
          fail(String.join(" ", builder.command()) + " did not finish in " + limit.toSeconds() + " s; it printed:\n"
              + read(out) + read(err));
        }
        return new Result(List.copyOf(builder.command()), process.exitValue(), read(out), read(err));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot run " + builder.command(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while running " + builder.command(), e);
      } finally {
        delete(out);
        delete(err);
      }
    }

    /**
     * Starts the command in the background with stdout and stderr appended to {@code log}. The
     * caller stops it with {@link Processes#stop}.
     */
    public Process start(Path log) throws IOException {
      builder.redirectInput(DEV_NULL).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      return launch(builder);
    }
  }

  /**
   * Starts {@code builder}, trying again for up to 2 s while the kernel says "Text file busy"
   * (ETXTBSY). A script the test just wrote can be briefly held open for writing by a child that
   * another test thread forked in that moment: the JDK opens files without O_CLOEXEC, so the child
   * keeps the descriptor until its own exec.
   */
  static Process launch(ProcessBuilder builder) throws IOException {
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (true) {
      try {
        return builder.start();
      } catch (IOException e) {
        if (!String.valueOf(e.getMessage()).contains("error=26") || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * Stops {@code process} and its descendants: SIGTERM to the process, up to {@code grace} for it
   * to exit, then SIGKILL to it and to every descendant that is still alive. A zero grace sends
   * SIGKILL at once.
   */
  public static void stop(Process process, Duration grace) {
    stop(process.toHandle(), grace);
  }

  /** Like {@link #stop(Process, Duration)}, for any PID the test started, directly or not. */
  public static void stop(ProcessHandle process, Duration grace) {
    List<ProcessHandle> descendants = process.descendants().toList();
    if (grace.isZero()) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    if (!awaitExit(process, grace.isZero() ? Duration.ofSeconds(5) : grace)) {
      process.destroyForcibly();
      awaitExit(process, Duration.ofSeconds(5));
    }
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroyForcibly();
        awaitExit(child, Duration.ofSeconds(5));
      }
    }
  }

  /** Waits up to {@code limit} for {@code process} to end; returns whether it did. */
  public static boolean awaitExit(ProcessHandle process, Duration limit) {
    try {
      process.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !process.isAlive();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static String read(Path file) throws IOException {
    // Not Files.readString: a command may print bytes that are not UTF-8.
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  private static void delete(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
