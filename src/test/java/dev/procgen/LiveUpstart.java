package dev.procgen;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The test Upstart 1.13.2 (built by {@code .ci/upstart}, found by {@link UpstartSession#prefix()})
 * booted as PID 1 of a private PID, mount and network namespace: real system mode, where {@code
 * setuid}, {@code setgid}, {@code respawn} and {@code respawn limit} take effect.
 *
 * <p>Inside, {@code /run} and {@code /dev} are fresh tmpfs (with {@code /dev/console} and {@code
 * /dev/kmsg} as FIFOs drained into {@code work/console.log} and {@code work/kmsg.log}, where init
 * writes its messages), only loopback is up, and init reads its jobs from the folder it is given
 * and writes the jobs' console logs to {@code work/log}. The host's init, {@code /etc/init} and
 * network are never touched. {@code initctl} reaches init over its abstract socket, which is per
 * network namespace, so every command runs through {@code nsenter}. It is ended with SIGKILL to
 * its PID from outside, which ends every process in the namespace.
 */
final class LiveUpstart implements AutoCloseable {
  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private static final String BOOT = """
      #!/bin/sh
      # PID 1 of the new namespaces: private /run and /dev, loopback up, then Upstart's init.
      set -eu
      work=$1 prefix=$2 jobs=$3
      mount --make-rprivate /
      # Extra binds, one "source target" pair a line: a copied /etc, a temp dir over /home.
      printf '%s\\n' "${PROCGEN_BINDS:-}" | while read -r source target; do
        if [ -n "$source" ]; then mount --bind "$source" "$target"; fi
      done
      mount -t tmpfs -o mode=755 tmpfs /run
      mount -t tmpfs -o mode=755,nosuid tmpfs /dev
      mknod -m 666 /dev/null c 1 3
      mknod -m 666 /dev/zero c 1 5
      mknod -m 666 /dev/full c 1 7
      mknod -m 666 /dev/random c 1 8
      mknod -m 666 /dev/urandom c 1 9
      mknod -m 666 /dev/tty c 5 0
      mkdir -m 755 /dev/pts
      mkdir -m 1777 /dev/shm
      # Upstart's console log gives each job a pseudo-terminal.
      mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts /dev/pts
      ln -s pts/ptmx /dev/ptmx
      ln -s /proc/self/fd /dev/fd
      # init writes early messages to /dev/console and later ones to /dev/kmsg, reopening it for
      # each: FIFOs held open read-write, so the readers never see an end of file.
      mkfifo -m 600 /dev/console /dev/kmsg
      exec 3<>/dev/console 4<>/dev/kmsg
      cat <&3 >>"$work/console.log" 4>&- &
      cat <&4 >>"$work/kmsg.log" 3>&- &
      exec 3>&- 4>&-
      ip link set lo up
      exec "$prefix/sbin/init" --no-dbus --no-startup-event --verbose --confdir "$jobs" --logdir "$work/log"
      """;

  private final Path prefix;
  private final Path work;
  private final Process unshare;
  private final long pid;

  private LiveUpstart(Path prefix, Path work, Process unshare, long pid) {
    this.prefix = prefix;
    this.work = work;
    this.unshare = unshare;
    this.pid = pid;
  }

  /** Skips (locally) or fails (on CI) unless this machine can boot the test Upstart in a namespace. */
  static Path requireTools() {
    Path prefix = UpstartSession.prefix();
    Tools.require("unshare", "Debian package util-linux");
    Tools.require("nsenter", "Debian package util-linux");
    Tools.require("ip", "Debian package iproute2");
    if (!Processes.output("id", "-u").strip().equals("0")) {
      Tools.unavailable("booting Upstart as PID 1 of a private namespace needs root");
    }
    return prefix;
  }

  /** Boots Upstart on the job files in {@code jobs}, with its state in {@code work}. */
  static LiveUpstart boot(Path work, Path jobs) throws Exception {
    return boot(work, jobs, Map.of());
  }

  /**
   * Boots Upstart on the job files in {@code jobs}, with the given folders mounted over host
   * folders inside (for example a copy of /etc over /etc), and waits until {@code initctl} answers.
   *
   * @param binds host folder to the folder mounted over it; both must exist
   */
  static LiveUpstart boot(Path work, Path jobs, Map<String, Path> binds) throws Exception {
    Path prefix = requireTools();
    Files.createDirectories(work.resolve("log"));
    Path script = work.resolve("upstart-boot.sh");
    Files.writeString(script, BOOT);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    StringBuilder bindLines = new StringBuilder();
    binds.forEach((target, source) -> bindLines.append(source).append(' ').append(target).append('\n'));
    Files.writeString(work.resolve("console.log"), "");
    Files.writeString(work.resolve("kmsg.log"), "");
    // Bounded whatever happens to the test: timeout(1) kills the namespace after 10 minutes.
    Process unshare = Processes.command("timeout", "-s", "KILL", "600", "unshare", "--pid", "--fork", "--mount",
            "--net", "--mount-proc", "--propagation", "private", "--kill-child=SIGKILL", "/bin/sh", script.toString(),
            work.toString(), prefix.toString(), jobs.toString())
        .in(Path.of("/")).clearEnv().env(Map.of("PATH", PATH, "LANG", "C", "PROCGEN_BINDS", bindLines.toString()))
        .start(work.resolve("unshare.out"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Optional<ProcessHandle> init = Optional.empty();
    while (init.isEmpty() && System.nanoTime() < deadline && unshare.isAlive()) {
      // timeout -> unshare -> the namespace's PID 1 (the boot script, then init)
      init = unshare.children().flatMap(ProcessHandle::children).findFirst();
      if (init.isEmpty()) {
        Thread.sleep(50);
      }
    }
    if (init.isEmpty()) {
      Processes.stop(unshare, Duration.ZERO);
      fail("unshare did not start Upstart: " + Files.readString(work.resolve("unshare.out")));
    }
    LiveUpstart upstart = new LiveUpstart(prefix, work, unshare, init.get().pid());
    try {
      while (upstart.initctl("version").exit() != 0) {
        if (System.nanoTime() > deadline || !unshare.isAlive()) {
          fail("Upstart did not answer initctl within 30 s: " + Files.readString(work.resolve("unshare.out"))
              + upstart.log());
        }
        Thread.sleep(100);
      }
    } catch (Throwable t) {
      upstart.close();
      throw t;
    }
    return upstart;
  }

  /** The command line that runs {@code command} inside the namespaces with a clean environment. */
  List<String> inside(List<String> command) {
    List<String> full = new ArrayList<>(List.of("nsenter", "--target", Long.toString(pid), "--pid", "--mount", "--net",
        "--", "env", "-i", "PATH=" + PATH, "LANG=C.UTF-8"));
    full.addAll(command);
    return full;
  }

  /** Runs {@code command} inside, bounded to 5 minutes, with stderr merged into stdout. */
  Processes.Result exec(String... command) {
    return Processes.command(inside(List.of(command))).mergeStderr().limit(Duration.ofMinutes(5)).run();
  }

  /** Runs this Upstart's {@code initctl ARGS} inside, bounded to 30 s, with stderr merged. */
  Processes.Result initctl(String... args) {
    List<String> command = new ArrayList<>(List.of(prefix.resolve("sbin/initctl").toString()));
    command.addAll(List.of(args));
    return Processes.command(inside(command)).mergeStderr().limit(Duration.ofSeconds(30)).run();
  }

  /** The folder holding this Upstart's {@code initctl}, for a PATH inside. */
  Path sbin() {
    return prefix.resolve("sbin");
  }

  /** Returns {@code initctl status JOB}'s line, such as {@code web start/running, process 12}. */
  String status(String job) {
    return initctl("status", job).out().strip();
  }

  /** Returns the goal/state of a job, such as {@code start/running}. */
  String state(String job) {
    String line = status(job);
    int space = line.indexOf(' ');
    String rest = space < 0 ? line : line.substring(space + 1);
    int comma = rest.indexOf(',');
    return comma < 0 ? rest : rest.substring(0, comma);
  }

  /** Returns the main process of a running job, as PID inside the namespace, if it has one. */
  Optional<Long> mainPid(String job) {
    String line = status(job);
    int at = line.indexOf(", process ");
    if (at < 0) {
      return Optional.empty();
    }
    String digits = line.substring(at + ", process ".length()).replaceAll("\\D.*", "");
    return Optional.of(Long.parseLong(digits));
  }

  /** Polls until every job is in {@code state} (for example {@code start/running}), or fails. */
  void awaitState(List<String> jobs, String state, Duration limit) throws Exception {
    await(() -> jobs.stream().allMatch(j -> state(j).equals(state)), limit,
        () -> "every job " + state + ": " + jobs.stream().map(this::status).toList());
  }

  /** Polls {@code done} every 100 ms until it holds, or fails with {@code what} and init's log. */
  void await(java.util.function.BooleanSupplier done, Duration limit, java.util.function.Supplier<String> what)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + limit + " waiting for " + what.get() + "\ninit's log:\n" + log());
      }
      Thread.sleep(100);
    }
  }

  /** Sends {@code signal} to {@code pid} (a PID inside the namespace). */
  void kill(String signal, long pid) {
    exec("kill", "-" + signal, Long.toString(pid)).assertSuccess();
  }

  /** Returns a process's {@code /proc/PID/status} fields, by name, for a PID inside the namespace. */
  Map<String, String> procStatus(long insidePid) {
    String text = exec("cat", "/proc/" + insidePid + "/status").assertSuccess().out();
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return fields;
  }

  /** Returns the PIDs (inside) of {@code parent}'s children. */
  List<Long> children(long parent) {
    return exec("ps", "-o", "pid=", "--ppid", Long.toString(parent)).out().lines().map(String::strip)
        .filter(l -> !l.isEmpty()).map(Long::valueOf).toList();
  }

  /** Returns what init logged so far, from its console and kmsg. */
  String log() {
    try {
      return (Files.readString(work.resolve("console.log"), StandardCharsets.UTF_8)
          + Files.readString(work.resolve("kmsg.log"), StandardCharsets.UTF_8)).replaceAll("(?m)^<\\d>", "");
    } catch (IOException e) {
      return "(init's log cannot be read: " + e + ")";
    }
  }

  /** Returns the console log Upstart keeps of a job's output ({@code console log}), or "" if none. */
  String jobLog(String job) throws IOException {
    Path file = work.resolve("log").resolve(job + ".log");
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  /** Returns true while the namespace's PID 1 runs. */
  boolean alive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Returns whether any process in the namespace matches {@code predicate} on its command line. */
  List<String> processes(Predicate<String> predicate) {
    return exec("ps", "-e", "-o", "pid=,user=,group=,args=").out().lines().map(String::strip)
        .filter(predicate).toList();
  }

  @Override
  public void close() {
    // SIGKILL to the namespace's PID 1 ends every process in it; unshare then exits by itself.
    ProcessHandle.of(pid).ifPresent(init -> Processes.stop(init, Duration.ZERO));
    Processes.stop(unshare, Duration.ofSeconds(20));
  }
}
