package dev.procgen;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real tools that tests run against. A missing tool skips the test with a printed
 * reason, except under {@code CI=true}, where it fails it: CI must install every tool.
 */
public final class Tools {
  private Tools() {}

  /** Returns true when the environment says this is a CI run. */
  public static boolean onCi() {
    return "true".equals(System.getenv("CI"));
  }

  /** Returns the absolute path of {@code name} on PATH, or of {@code name} itself if absolute. */
  public static Optional<Path> find(String name) {
    if (name.startsWith("/")) {
      Path p = Path.of(name);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Returns the tool's path, or skips (locally) or fails (on CI) the test with {@code why}. */
  public static Path require(String name, String why) {
    Optional<Path> tool = find(name);
    if (tool.isEmpty()) {
      unavailable(name + " is not installed (" + why + ")");
    }
    return tool.orElseThrow();
  }

  /**
   * Creates a virtualenv at {@code dir} with Debian's {@code python3 -m venv --without-pip}, or skips (locally)
   * or fails (on CI) the test when that cannot be done (Debian package python3-venv).
   */
  public static Path virtualenv(Path dir, boolean systemSitePackages) {
    // Without pip: the tests install nothing into it, and ensurepip takes seconds.
    List<String> command = new ArrayList<>(List.of(require("/usr/bin/python3", "Debian's python3").toString(), "-m", "venv",
        "--without-pip"));
    if (systemSitePackages) {
      command.add("--system-site-packages");
    }
    command.add(dir.toString());
    Processes.Result r = Processes.command(command).mergeStderr().limit(Duration.ofSeconds(60)).run();
    if (r.exit() != 0) {
      unavailable("python3 -m venv failed (Debian package python3-venv): " + r.out());
    }
    return dir;
  }

  /** Skips the test locally, or fails it on CI, with a printed reason. */
  public static void unavailable(String reason) {
    if (onCi()) {
      fail(reason + "; CI=true, so this test must not be skipped: install it in .ci/run");
    }
    System.err.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
  }
}
