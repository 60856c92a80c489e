package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's {@code action.yml} (a GitHub Actions composite action): its {@code procgen
 * check} step's script runs in a real bash the way the runner runs a composite step ({@code bash
 * --noprofile --norc -eo pipefail}, the inputs in the step's variables, {@code
 * GITHUB_ACTION_PATH} at the action's checkout, the job's working directory at the user's
 * repository). It fails the job on a stale generated file and passes on current ones. GitHub's
 * runner itself is not available here; its documented contract for composite steps is.
 */
class CiActionIT {
  @TempDir Path tmp;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> checkStep(Path project) throws Exception {
    Map<String, Object> action = new Yaml().load(Files.readString(project.resolve("action.yml")));
    Map<String, Object> runs = (Map<String, Object>) action.get("runs");
    assertEquals("composite", runs.get("using"));
    Map<String, Object> inputs = (Map<String, Object>) action.get("inputs");
    assertEquals(Boolean.TRUE, ((Map<String, Object>) inputs.get("descriptors")).get("required"));
    assertEquals(Boolean.TRUE, ((Map<String, Object>) inputs.get("out")).get("required"));
    for (Map<String, Object> step : (List<Map<String, Object>>) runs.get("steps")) {
      if (step.containsKey("run")) {
        assertEquals("bash", step.get("shell"));
        return step;
      }
    }
    throw new AssertionError("action.yml has no run step");
  }

  @SuppressWarnings("unchecked")
  private Processes.Result runStep(Path project, Path repo, String descriptors, String out) throws Exception {
    Map<String, Object> step = checkStep(project);
    Map<String, String> env = (Map<String, String>) step.get("env");
    // The step's env maps the inputs; each value is exactly one ${{ inputs.NAME }} expression.
    assertEquals("${{ inputs.descriptors }}", env.get("PROCGEN_DESCRIPTORS"));
    assertEquals("${{ inputs.out }}", env.get("PROCGEN_OUT"));
    Path script = tmp.resolve("step.sh");
    Files.writeString(script, (String) step.get("run"));
    return Processes.command("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString()).in(repo)
        .env("GITHUB_ACTION_PATH", project.toString())
        .env("PROCGEN_DESCRIPTORS", descriptors)
        .env("PROCGEN_OUT", out)
        .mergeStderr().limit(Duration.ofMinutes(5)).run();
  }

  @Test
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void theStepFailsOnAStaleGeneratedFileAndPassesOnCurrentOnes() throws Exception {
    Tools.require("bash", "Debian package bash");
    Path project = Golden.root().toAbsolutePath().getParent();
    Tools.require("git", "Debian package git");
    Path repo = Files.createDirectories(tmp.resolve("repo with space"));
    // A workflow checks out a git repository; procgen names descriptors relative to its root.
    Processes.command("git", "init", "-q", repo.toString()).run().assertSuccess();
    Path deploy = Files.createDirectories(repo.resolve("deploy"));
    Files.writeString(deploy.resolve("shop.yaml"), "app: shop\nprocesses:\n  web:\n    command: /srv/shop/web\n");
    Files.writeString(deploy.resolve("blog.yaml"), "app: blog\nprocesses:\n  web:\n    command: /srv/blog/web\n");
    Cli.Result render = Cli.renderOnDiskResult(deploy.toString(), "--target", "systemd",
        "--out", repo.resolve("deploy/generated").toString());
    assertEquals(0, render.exit(), render.err());

    Processes.Result current = runStep(project, repo, "deploy", "deploy/generated");
    assertEquals(0, current.exit(), current.out());

    // Two descriptors named one by one, with blanks around them, as a workflow's input may hold.
    Processes.Result two = runStep(project, repo, "  deploy/shop.yaml\n deploy/blog.yaml ", "deploy/generated");
    assertEquals(0, two.exit(), two.out());

    Path unit = repo.resolve("deploy/generated/systemd/shop-web.service");
    Files.writeString(unit, Files.readString(unit).replace("/srv/shop/web", "/srv/shop/old"));
    Processes.Result stale = runStep(project, repo, "deploy", "deploy/generated");
    assertNotEquals(0, stale.exit(), stale.out());
    assertTrue(stale.out().contains("deploy/generated/systemd/shop-web.service"), stale.out());

    Processes.Result empty = runStep(project, repo, "  ", "deploy/generated");
    assertNotEquals(0, empty.exit(), empty.out());
    assertTrue(empty.out().contains("the descriptors input is empty"), empty.out());
  }
}
