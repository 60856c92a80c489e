package dev.procgen;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * systemd 252 booted as PID 1 of a private PID and mount namespace, with the units under test in
 * its {@code /run/systemd/system}.
 *
 * <p>Inside, {@code /run}, {@code /tmp} and {@code /var/tmp} are fresh tmpfs and the tmpfiles and
 * logind units are masked, so it never touches the host's files; the test's work folder is moved
 * back over the fresh {@code /tmp} so that the units and the test see the same files. It is ended
 * with SIGKILL to its PID from outside, which ends the whole namespace.
 */
final class LiveSystemd implements AutoCloseable {
  private static final String BOOT = """
      #!/bin/sh
      set -eu
      mount --make-rprivate /
      # Extra binds, one "source target" pair a line: a copied /etc, temp dirs over /home and the like.
      printf '%s\n' "${PROCGEN_BINDS:-}" | while read -r source target; do
        if [ -n "$source" ]; then mount --bind "$source" "$target"; fi
      done
      # Keep the work folder reachable under the fresh /tmp: hold it on a private tmpfs, then move it back.
      mount -t tmpfs tmpfs /mnt
      mkdir /mnt/work
      mount --bind "$PROCGEN_WORK" /mnt/work
      mount -t tmpfs tmpfs /run
      mount -t tmpfs tmpfs /tmp
      mount -t tmpfs tmpfs /var/tmp
      mkdir -p "$PROCGEN_WORK"
      mount --move /mnt/work "$PROCGEN_WORK"
      mkdir -p /run/systemd/system
      for unit in systemd-tmpfiles-setup.service systemd-tmpfiles-clean.timer \\
          systemd-tmpfiles-setup-dev.service systemd-logind.service; do
        ln -s /dev/null "/run/systemd/system/$unit"
      done
      for unit in "$PROCGEN_UNITS"/*; do
        if [ -e "$unit" ]; then cp "$unit" /run/systemd/system/; fi
      done
      exec /lib/systemd/systemd --system --unit=basic.target
      """;

  private final Process unshare;
  private final long pid;

  private LiveSystemd(Process unshare, long pid) {
    this.unshare = unshare;
    this.pid = pid;
  }

  /** Skips (locally) or fails (on CI) unless this machine can boot systemd in a namespace. */
  static void requireTools() throws Exception {
    Tools.require("unshare", "Debian package util-linux");
    Tools.require("nsenter", "Debian package util-linux");
    Tools.require("/lib/systemd/systemd", "Debian package systemd");
    if (!Processes.output("id", "-u").strip().equals("0")) {
      Tools.unavailable("booting systemd in a private namespace needs root");
    }
  }

  /** Boots systemd with every file in {@code units}, and waits until it is running. */
  static LiveSystemd boot(Path work, Path units) throws Exception {
    return boot(work, units, java.util.Map.of());
  }

  /**
   * Boots systemd with every file in {@code units} and the given folders mounted over host
   * folders (for example a copy of /etc over /etc), and waits until it is running.
   */
  static LiveSystemd boot(Path work, Path units, java.util.Map<String, Path> binds) throws Exception {
    requireTools();
    Path script = work.resolve("boot.sh");
    Files.writeString(script, BOOT);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    StringBuilder bindLines = new StringBuilder();
    binds.forEach((target, source) -> bindLines.append(source).append(' ').append(target).append('\n'));
    Process unshare = Processes.command("unshare", "--pid", "--fork", "--mount-proc", "--mount", script.toString())
        .env("PROCGEN_WORK", work.toString())
        .env("PROCGEN_UNITS", units.toString())
        .env("PROCGEN_BINDS", bindLines.toString())
        .start(work.resolve("systemd.console"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Optional<ProcessHandle> init = Optional.empty();
    while (init.isEmpty() && System.nanoTime() < deadline && unshare.isAlive()) {
      init = unshare.children().findFirst();
      Thread.sleep(50);
    }
    if (init.isEmpty()) {
      Processes.stop(unshare, Duration.ZERO);
      fail("systemd did not start: " + Files.readString(work.resolve("systemd.console")));
    }
    LiveSystemd systemd = new LiveSystemd(unshare, init.get().pid());
    try {
      systemd.await(s -> s.equals("running") || s.equals("degraded"), Duration.ofSeconds(60), "system running",
          "is-system-running");
    } catch (Throwable t) {
      systemd.close();
      throw t;
    }
    return systemd;
  }

  /** Runs a command inside the namespace, bounded to 30 s, and returns its trimmed output. */
  String exec(String... command) {
    return Processes.command(inside(command)).mergeStderr().run().out().strip();
  }

  /** Runs a command inside, bounded to 5 minutes, and returns its exit status and output. */
  Sandbox.Result run(String... command) {
    Processes.Result r = Processes.command(inside(command)).mergeStderr().limit(Duration.ofMinutes(5)).run();
    return new Sandbox.Result(r.exit(), r.out());
  }

  private List<String> inside(String... command) {
    List<String> full = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-m", "-p"));
    full.addAll(List.of(command));
    return full;
  }

  /** Runs {@code systemctl ARGS} inside and returns its output. */
  String systemctl(String... args) {
    List<String> command = new ArrayList<>(List.of("systemctl"));
    command.addAll(List.of(args));
    return exec(command.toArray(String[]::new));
  }

  /** Returns one property of a unit, as {@code systemctl show -p NAME --value} prints it. */
  String property(String unit, String name) {
    return systemctl("show", "-p", name, "--value", unit);
  }

  /**
   * Returns one property of a unit exactly as systemd holds it: {@code systemctl show} output with
   * only its final line break removed, so white space at either end survives.
   */
  String propertyExactly(String unit, String name) {
    String out = Processes.command(inside("systemctl", "show", "-p", name, "--value", unit)).run().out();
    return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
  }

  /** Polls {@code systemctl ARGS} until its output satisfies {@code done}, or fails. */
  String await(Predicate<String> done, Duration limit, String what, String... args) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = systemctl(args);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    fail("timed out after " + limit + " waiting for " + what + "; systemctl " + String.join(" ", args) + " said: " + last);
    return last;
  }

  @Override
  public void close() {
    // SIGKILL to the namespace's PID 1 ends every process in it; unshare then exits by itself.
    ProcessHandle.of(pid).ifPresent(init -> Processes.stop(init, Duration.ZERO));
    Processes.stop(unshare, Duration.ofSeconds(20));
  }
}
