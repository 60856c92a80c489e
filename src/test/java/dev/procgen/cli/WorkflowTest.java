package dev.procgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Cli;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The review workflow through the real command line: render, check, diff, stale files. */
class WorkflowTest {
  private static String chat(int instances, String limit) {
    return """
        app: chat
        respawn:
          limit: %s
          interval: 5
        processes:
          web:
            command: python -m chat --port={port}
            instances: %d
            port: 8000
          worker:
            command: python -m chat.worker
        """.formatted(limit, instances);
  }

  /** Every regular file below {@code dir} with the identity of the file it is (its inode, Jimfs's file key). */
  private static Map<String, Object> identities(Cli cli, String dir) throws Exception {
    Map<String, Object> keys = new TreeMap<>();
    java.nio.file.Path root = cli.fs.getPath(dir);
    try (var walk = Files.walk(root)) {
      for (java.nio.file.Path p : walk.filter(Files::isRegularFile).toList()) {
        keys.put(root.relativize(p).toString(),
            Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
      }
    }
    return keys;
  }

  @Test
  void checkWarnsAboutEnvironmentValuesThatLookLikeSecretsWithoutShowingThem() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("shop.yaml", """
          app: shop
          environment:
            DB_PASSWORD: hunter2
            API_token: tok-123
            DATABASE_URL: postgres://app:s3cret@db:5432/shop
            CACHE_URL: redis://cache:6379/0
            DJANGO_SETTINGS_MODULE: shop.settings
          processes:
            web:
              command: /srv/shop/web
          """);
      assertEquals(0, cli.run("render", "shop.yaml", "--target", "systemd", "--out", "out").exit());
      Cli.Result check = cli.run("check", "shop.yaml", "--out", "out");
      assertEquals(0, check.exit(), "a warning is no drift: " + check.err());
      List<String> warned = check.err().lines().filter(l -> l.contains(": warning: ")).toList();
      assertEquals(3, warned.size(), check.err());
      assertTrue(warned.get(0).startsWith("shop.yaml:3:16: warning: environment.DB_PASSWORD: looks like a secret (its name "
          + "holds PASSWORD)"), warned.get(0));
      assertTrue(warned.get(1).contains("environment.API_token: looks like a secret (its name holds TOKEN)"), warned.get(1));
      assertTrue(warned.get(2).contains("environment.DATABASE_URL: looks like a secret (its value is a URL with a password)")
          && warned.get(2).endsWith("move it to secrets (secrets: [DATABASE_URL]) and put its value in "
          + "/etc/shop/secrets.env on the host"), warned.get(2));
      // The message names the variable, not its value (the quoted descriptor line below it is the user's own).
      for (String line : warned) {
        for (String value : List.of("hunter2", "tok-123", "s3cret")) {
          assertFalse(line.contains(value), line);
        }
      }
    }
  }

  @Test
  void aRenderThatChangesNothingLeavesEveryFileAloneAndAnEditReplacesOnlyWhatChanged() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("deploy/chat.yaml", chat(2, "10"));
      cli.put("deploy/shop.yaml", chat(1, "10").replace("app: chat", "app: shop"));
      assertEquals(0, cli.run("render", "deploy", "--target", "all", "--out", "out").exit());
      Map<String, Object> first = identities(cli, "/work/out");
      Map<String, String> text = cli.tree("/work/out");

      Cli.Result again = cli.run("render", "deploy", "--target", "all", "--out", "out");
      assertEquals(0, again.exit(), again.err());
      assertEquals(first, identities(cli, "/work/out"), "no file was replaced, not even by itself");
      assertEquals(text, cli.tree("/work/out"));

      cli.put("deploy/chat.yaml", chat(2, "7"));
      Cli.Result edited = cli.run("render", "deploy", "--target", "all", "--out", "out");
      assertEquals(0, edited.exit(), edited.err());
      Map<String, Object> after = identities(cli, "/work/out");
      Map<String, String> newText = cli.tree("/work/out");
      assertEquals(first.keySet(), after.keySet());
      for (String path : first.keySet()) {
        boolean changed = !text.get(path).equals(newText.get(path));
        assertEquals(changed, !first.get(path).equals(after.get(path)), path + " is replaced exactly when its bytes change");
      }
      assertTrue(first.keySet().stream().anyMatch(p -> !text.get(p).equals(newText.get(p))), "the edit changed something");
      assertTrue(first.keySet().stream().filter(p -> p.contains("shop")).allMatch(p -> first.get(p).equals(after.get(p))),
          "the other app's files are the same files");
    }
  }

  @Test
  void aModeChangedByHandIsPutBackEvenWhenTheBytesAreTheSame() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("chat.yaml", chat(1, "10"));
      assertEquals(0, cli.run("render", "chat.yaml", "--target", "bash", "--out", "out").exit());
      java.nio.file.Path script;
      try (var scripts = Files.list(cli.fs.getPath("/work/out/bash"))) {
        script = scripts.filter(p -> p.toString().endsWith(".sh")).sorted().findFirst().orElseThrow();
      }
      Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      assertEquals(1, cli.run("check", "chat.yaml", "--target", "bash", "--out", "out").exit());
      assertEquals(0, cli.run("render", "chat.yaml", "--target", "bash", "--out", "out").exit());
      assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(script)));
      assertEquals(0, cli.run("check", "chat.yaml", "--target", "bash", "--out", "out").exit());
    }
  }

  @Test
  void checkIsCleanRightAfterRender() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("chat.yaml", chat(2, "10"));
      assertEquals(0, cli.run("render", "chat.yaml", "--target", "all", "--out", "out").exit());
      Cli.Result check = cli.run("check", "chat.yaml", "--out", "out");
      assertEquals(0, check.exit(), check.out() + check.err());
      // 16 generated files (logrotate/chat and rollout/chat.sh among them) and the manifest.
      assertTrue(check.out().endsWith("procgen check: out is current (17 files)\n"), check.out());
      var before = cli.tree("/work/out");
      cli.run("check", "chat.yaml", "--out", "out");
      assertEquals(before, cli.tree("/work/out"), "check writes nothing");
    }
  }

  @Test
  void aOneLineEditMakesCheckFailWithADiffOfThatLine() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("chat.yaml", chat(2, "10"));
      cli.run("render", "chat.yaml", "--target", "upstart", "--target", "systemd", "--out", "out");
      cli.put("chat.yaml", chat(2, "3"));
      Cli.Result check = cli.run("check", "chat.yaml", "--out", "out");
      assertEquals(1, check.exit());
      assertTrue(check.out().contains("--- out/upstart/chat-web-8000.conf\n+++ out/upstart/chat-web-8000.conf\n"), check.out());
      assertTrue(check.out().contains("\n-respawn limit 10 5\n+respawn limit 3 5\n"), check.out());
      assertTrue(check.out().contains("\n-StartLimitBurst=11\n+StartLimitBurst=4\n"), check.out());
      Cli.Result diff = cli.run("diff", "chat.yaml", "--out", "out");
      assertEquals(0, diff.exit());
      assertEquals(check.out().replace("procgen check:", "procgen diff:"), diff.out());
    }
  }

  @Test
  void goingFromFourInstancesToTwoRemovesExactlyTheStaleFiles() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("chat.yaml", chat(4, "10"));
      cli.run("render", "chat.yaml", "--target", "all", "--out", "out");
      cli.put("chat.yaml", chat(2, "10"));
      Cli.Result check = cli.run("check", "chat.yaml", "--out", "out");
      assertEquals(1, check.exit());
      for (String stale : new String[] {"upstart/chat-web-8002.conf", "upstart/chat-web-8003.conf",
          "bash/chat-web-8002.sh", "bash/chat-web-8003.sh"}) {
        assertTrue(check.out().contains("would remove out/" + stale + "\n"), check.out());
      }
      Cli.Result render = cli.run("render", "chat.yaml", "--target", "all", "--out", "out");
      assertEquals(0, render.exit(), render.err());
      assertEquals(4, render.out().lines().filter(l -> l.startsWith("removed ")).count(), render.out());
      assertFalse(cli.tree("/work/out").containsKey("bash/chat-web-8003.sh"));
      assertTrue(cli.tree("/work/out").containsKey("bash/chat-web-8001.sh"));
      assertFalse(cli.tree("/work/out").get(".procgen/chat.yaml.files").contains("chat-web-8003"));
      assertEquals(0, cli.run("check", "chat.yaml", "--out", "out").exit());
    }
  }

  @Test
  void aRemovedProcessIsListedByCheckAndRemovedByRender() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("chat.yaml", chat(1, "10"));
      cli.run("render", "chat.yaml", "--target", "systemd", "--out", "out");
      cli.put("chat.yaml", chat(1, "10").replace("  worker:\n    command: python -m chat.worker\n", ""));
      Cli.Result check = cli.run("check", "chat.yaml", "--out", "out");
      assertEquals(1, check.exit());
      assertTrue(check.out().contains("would remove out/systemd/chat-worker.service\n"), check.out());
      Cli.Result render = cli.run("render", "chat.yaml", "--target", "systemd", "--out", "out");
      assertTrue(render.out().contains("removed out/systemd/chat-worker.service\n"), render.out());
      assertFalse(cli.tree("/work/out").containsKey("systemd/chat-worker.service"));
    }
  }

  @Test
  void filesProcgenNeverWroteAreNeverTouched() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("chat.yaml", chat(2, "10"));
      cli.put("out/upstart/notes.txt", "mine\n");
      cli.put("out/README", "hand-written\n");
      cli.run("render", "chat.yaml", "--target", "upstart", "--out", "out");
      cli.put("chat.yaml", chat(1, "10"));
      Cli.Result check = cli.run("check", "chat.yaml", "--out", "out");
      assertFalse(check.out().contains("notes.txt") || check.out().contains("README"), check.out());
      cli.run("render", "chat.yaml", "--target", "upstart", "--out", "out");
      assertEquals("mine\n", cli.tree("/work/out").get("upstart/notes.txt"));
      assertEquals("hand-written\n", cli.tree("/work/out").get("README"));
    }
  }

  @Test
  void renderingOneTargetKeepsAnotherTargetsFiles() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("chat.yaml", chat(2, "10"));
      cli.run("render", "chat.yaml", "--target", "upstart", "--out", "out");
      cli.run("render", "chat.yaml", "--target", "bash", "--out", "out");
      assertTrue(cli.tree("/work/out").containsKey("upstart/chat.conf"));
      assertTrue(cli.tree("/work/out").get(".procgen/chat.yaml.files").contains("upstart/chat.conf"));
    }
  }

  @Test
  void fiftyDescriptorsRenderInOneRunFromAFolder() throws Exception {
    try (Cli cli = new Cli()) {
      for (int i = 0; i < 50; i++) {
        cli.put(String.format("deploy/app%02d.yaml", i), chat(2, "10").replace("app: chat", "app: app" + i));
      }
      Cli.Result r = cli.run("render", "deploy", "--target", "all", "--out", "deploy/generated");
      assertEquals(0, r.exit(), r.err());
      Map<String, String> tree = cli.tree("/work/deploy/generated");
      assertEquals(50, tree.keySet().stream().filter(k -> k.startsWith("supervisor/conf.d/")).count());
      assertTrue(tree.get("supervisor/supervisord.conf").startsWith(
          "; Generated by procgen from the apps that share it (the manifest names them). Do not edit by hand.\n"
              + "; Regenerate: procgen render <their descriptors> --target supervisor --out deploy/generated\n"),
          tree.get("supervisor/supervisord.conf"));
      assertEquals(0, cli.run("check", "deploy", "--out", "deploy/generated").exit());
    }
  }

  @Test
  void oneBadDescriptorAmongManyIsNamedAndNothingIsWritten() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("deploy/a.yaml", chat(2, "10").replace("app: chat", "app: a"));
      cli.put("deploy/b.yaml", chat(2, "ten").replace("app: chat", "app: b"));
      cli.put("deploy/c.yaml", chat(2, "10").replace("app: chat", "app: c").replace("instances: 2", "instances: many"));
      Cli.Result r = cli.run("render", "deploy", "--target", "all", "--out", "out");
      assertEquals(1, r.exit());
      assertTrue(r.err().contains("deploy/b.yaml:3:10: error: respawn.limit:"), r.err());
      assertTrue(r.err().contains("deploy/c.yaml:8:16: error: processes.web.instances:"), r.err());
      assertTrue(cli.tree("/work/out").isEmpty());
    }
  }

  @Test
  void headersAreTheSameFromAnyWorkingDirectoryAndCheckout() throws Exception {
    Map<String, String> first;
    try (Cli cli = new Cli("/home/alice/src/shop")) {
      Files.createDirectories(cli.fs.getPath("/home/alice/src/shop/.git"));
      cli.put("deploy/chat.yaml", chat(2, "10"));
      assertEquals(0, cli.run("render", "deploy/chat.yaml", "--target", "all", "--out", "deploy/generated").exit());
      first = new TreeMap<>(cli.tree("/home/alice/src/shop/deploy/generated"));
    }
    try (Cli cli = new Cli("/var/lib/ci/build-7/deploy")) {
      Files.createDirectories(cli.fs.getPath("/var/lib/ci/build-7/.git"));
      cli.put("chat.yaml", chat(2, "10"));
      assertEquals(0, cli.run("render", "/var/lib/ci/build-7/deploy/chat.yaml", "--target", "all", "--out", "generated").exit());
      assertEquals(first, new TreeMap<>(cli.tree("/var/lib/ci/build-7/deploy/generated")));
      assertTrue(first.get("upstart/chat.conf").startsWith("# Generated by procgen from deploy/chat.yaml. Do not edit by hand.\n"
          + "# Regenerate: procgen render deploy/chat.yaml --target upstart --out deploy/generated\n"), first.get("upstart/chat.conf"));
      assertTrue(first.get("bootstrap/chat.sh").contains("# Generated by procgen from deploy/chat.yaml. Do not edit by hand.\n"
          + "# Regenerate: procgen render deploy/chat.yaml --target bootstrap --out deploy/generated --init systemd\n"),
          first.get("bootstrap/chat.sh"));
    }
  }
}
