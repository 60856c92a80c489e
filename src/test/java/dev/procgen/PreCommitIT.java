package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code .pre-commit-hooks.yaml} hook with the real pre-commit (Debian's
 * pre-commit 3): in a temp git repository whose {@code .pre-commit-config.yaml} takes the hook
 * from this repository at its HEAD commit, a commit with a stale generated file is blocked, naming
 * the file, and a commit with current files goes through. pre-commit's cache is in the temp dir;
 * the hook builds its procgen with Maven from the local repository of this build.
 */
class PreCommitIT {
  @TempDir Path tmp;

  private static Processes.Result run(Path dir, Map<String, String> env, String... argv) {
    return Processes.command(argv).in(dir).env(env).mergeStderr().limit(Duration.ofMinutes(5)).run();
  }

  @Test
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void aStaleGeneratedFileBlocksTheCommitAndACurrentOneGoesThrough() throws Exception {
    Path preCommit = Tools.require("pre-commit", "Debian package pre-commit");
    Tools.require("git", "Debian package git");
    Path project = Golden.root().toAbsolutePath().getParent();
    String head = Processes.output("git", "-C", project.toString(), "rev-parse", "HEAD").strip();
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Map<String, String> env = Map.of("PRE_COMMIT_HOME", tmp.resolve("pre-commit-cache").toString(),
        "GIT_AUTHOR_NAME", "t", "GIT_AUTHOR_EMAIL", "t@example.com", "GIT_COMMITTER_NAME", "t",
        "GIT_COMMITTER_EMAIL", "t@example.com");
    run(repo, env, "git", "init", "-q", "-b", "main").assertSuccess();
    Files.writeString(repo.resolve(".pre-commit-config.yaml"), String.join("\n",
        "repos:",
        "  - repo: " + project,
        "    rev: " + head,
        "    hooks:",
        "      - id: procgen-check",
        "        args: [deploy, --out, deploy/generated]",
        ""));
    Path deploy = Files.createDirectories(repo.resolve("deploy"));
    String descriptor = "app: shop\ndescription: Shop\nprocesses:\n  web:\n    command: /srv/shop/web\n";
    Files.writeString(deploy.resolve("shop.yaml"), descriptor);
    Cli.Result render = Cli.renderOnDiskResult(deploy.toString(), "--target", "systemd", "--target", "bash",
        "--out", deploy.resolve("generated").toString());
    assertEquals(0, render.exit(), render.err());
    run(repo, env, preCommit.toString(), "install").assertSuccess();

    run(repo, env, "git", "add", "-A").assertSuccess();
    Processes.Result fresh = run(repo, env, "git", "commit", "-q", "-m", "current files");
    assertEquals(0, fresh.exit(), "a commit with current files goes through: " + fresh.out());
    assertTrue(fresh.out().contains("procgen check") && fresh.out().contains("Passed"), fresh.out());

    // The descriptor changes and the generated files do not: the commit is blocked.
    Files.writeString(deploy.resolve("shop.yaml"), descriptor.replace("Shop", "Shop, renamed"));
    run(repo, env, "git", "add", "-A").assertSuccess();
    Processes.Result stale = run(repo, env, "git", "commit", "-q", "-m", "stale files");
    assertNotEquals(0, stale.exit(), "a stale commit is blocked: " + stale.out());
    assertTrue(stale.out().contains("Failed") && stale.out().contains("deploy/generated/systemd/shop-web.service"),
        stale.out());
    List<String> log = new ArrayList<>(run(repo, env, "git", "log", "--format=%s").assertSuccess().out().lines().toList());
    assertEquals(List.of("current files"), log, "the stale commit did not happen");

    // Rendered again, the same change goes through.
    render = Cli.renderOnDiskResult(deploy.toString(), "--target", "systemd", "--target", "bash",
        "--out", deploy.resolve("generated").toString());
    assertEquals(0, render.exit(), render.err());
    run(repo, env, "git", "add", "-A").assertSuccess();
    Processes.Result current = run(repo, env, "git", "commit", "-q", "-m", "rendered again");
    assertEquals(0, current.exit(), current.out());
  }
}
