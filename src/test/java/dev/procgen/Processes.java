package dev.procgen;

import java.util.concurrent.TimeUnit;

/** Stops processes that tests started, by PID, and bounds every wait. */
public final class Processes {
  private Processes() {}

  /**
   * Sends SIGTERM to {@code process} and its descendants, waits up to {@code seconds}, then
   * SIGKILLs whatever is left.
   */
  public static void stop(Process process, long seconds) throws InterruptedException {
    var descendants = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }
}
