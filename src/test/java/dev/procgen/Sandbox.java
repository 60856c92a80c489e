package dev.procgen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a script as root in a private mount namespace whose {@code /etc} is a copy and whose other
 * named folders are temp dirs, so that it can create accounts and install files for real while
 * the host's own files are never touched.
 */
final class Sandbox {
  private final Path root;
  private final Map<String, Path> binds;

  /**
   * Prepares the sandbox: {@code root/etc} becomes a copy of the host's {@code /etc}.
   *
   * @param binds host folder to the temp dir mounted over it
   */
  Sandbox(Path root, Map<String, Path> binds) throws Exception {
    requireTools();
    this.root = root;
    this.binds = binds;
    Path etc = root.resolve("etc");
    Files.createDirectories(root);
    if (!Files.exists(etc)) {
      synchronized (Accounts.HOST_ETC) {
        Processes.output("cp", "-a", "/etc", etc.toString());
      }
    }
  }

  static void requireTools() throws Exception {
    Tools.require("unshare", "Debian package util-linux");
    if (!Processes.output("id", "-u").strip().equals("0")) {
      Tools.unavailable("the bootstrap sandbox needs root, to create accounts in its copy of /etc");
    }
  }

  /** The sandbox's copy of /etc. */
  Path etc() {
    return root.resolve("etc");
  }

  /**
   * The outcome of one run.
   *
   * @param exit the script's exit status
   * @param output what it printed, stdout and stderr together
   */
  record Result(int exit, String output) {}

  /** Runs {@code script args} inside, with {@code extraPath} first on PATH; bounded to 5 minutes. */
  Result run(Path script, Path extraPath, String... args) throws Exception {
    return run(script, extraPath, Map.of(), args);
  }

  /** Like {@link #run(Path, Path, String...)}, with {@code env} added to the script's environment. */
  Result run(Path script, Path extraPath, Map<String, String> env, String... args) throws Exception {
    // The script is opened before the mounts, so that a folder bound over /tmp cannot hide it.
    StringBuilder boot = new StringBuilder("#!/bin/sh\nset -eu\nexec 3<\"$2\"\nmount --make-rprivate /\n");
    boot.append("mount --bind \"$1\" /etc\nshift 2\n");
    for (Map.Entry<String, Path> b : binds.entrySet()) {
      // Only over folders the host already has: the sandbox never creates anything outside.
      boot.append("mount --bind '").append(b.getValue()).append("' '").append(b.getKey()).append("'\n");
    }
    boot.append("exec bash /dev/fd/3 \"$@\"\n");
    Path bootScript = root.resolve("sandbox.sh");
    Files.writeString(bootScript, boot.toString());
    Files.setPosixFilePermissions(bootScript, PosixFilePermissions.fromString("rwx------"));
    List<String> command = new ArrayList<>(List.of("unshare", "--mount", bootScript.toString(), etc().toString(),
        script.toString()));
    command.addAll(List.of(args));
    Processes.Command run = Processes.command(command).mergeStderr().limit(Duration.ofMinutes(5)).env(env);
    if (extraPath != null) {
      run.env("PATH", extraPath + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }
    Processes.Result r = run.run();
    return new Result(r.exit(), r.out());
  }
}
