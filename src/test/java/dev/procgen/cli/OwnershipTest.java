package dev.procgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Cli;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: in a folder of many apps, one app's change touches only that app's files. Headers name
 * only their own descriptor, the manifest records each file's owner, and a run replaces and prunes
 * only the files of the descriptors it renders (or of descriptors deleted from a folder it covers).
 */
class OwnershipTest {
  /** The old single manifest, which procgen before per-descriptor manifests wrote. */
  private static final String MANIFEST = ".procgen-manifest";

  /** The manifest of one descriptor, below the output folder. */
  private static String manifestOf(String descriptor) {
    return ".procgen/" + descriptor + ".files";
  }

  private static String app(String name, int port, String home) {
    return "app: " + name + "\n"
        + (home == null ? "" : "user: deploy\nsupervisor:\n  home: " + home + "\n")
        + "processes:\n"
        + "  web:\n"
        + "    command: python -m " + name + " --port={port}\n"
        + "    instances: 2\n"
        + "    port: " + port + "\n"
        + "  worker:\n"
        + "    command: python -m " + name + ".worker\n";
  }

  private static String appFile(int i) {
    return String.format("deploy/app%03d.yaml", i);
  }

  /**
   * Files of {@code tree} whose paths name {@code app} (for example systemd/app007-web-8000.service,
   * or logrotate/app007, which is named after the app alone).
   */
  private static Set<String> filesOf(Map<String, String> tree, String app) {
    return tree.keySet().stream().filter(k -> {
      String name = k.substring(k.lastIndexOf('/') + 1);
      return name.equals(app) || name.startsWith(app + "-") || name.startsWith(app + ".");
    }).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The paths whose text differs between two trees, or that only one has. */
  private static Set<String> changed(Map<String, String> before, Map<String, String> after) {
    Set<String> all = new TreeSet<>(before.keySet());
    all.addAll(after.keySet());
    return all.stream().filter(p -> !java.util.Objects.equals(before.get(p), after.get(p)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Cli repo(int apps) throws Exception {
    Cli cli = new Cli();
    Files.createDirectories(cli.fs.getPath("/work/.git"));
    for (int i = 0; i < apps; i++) {
      cli.put(appFile(i), app("app" + String.format("%03d", i), 8000 + 10 * i, null));
    }
    Cli.Result r = cli.run("render", "deploy", "--target", "all", "--out", "deploy/generated");
    assertEquals(0, r.exit(), r.err());
    return cli;
  }

  @Test
  void addingAnAppChangesOnlyItsFilesAndCheckNamesOnlyThem() throws Exception {
    try (Cli cli = repo(100)) {
      Map<String, String> before = cli.tree("/work/deploy/generated");
      assertEquals(0, cli.run("check", "deploy", "--out", "deploy/generated").exit());
      cli.put(appFile(100), app("app100", 9990, null));

      Cli.Result check = cli.run("check", "deploy", "--out", "deploy/generated");
      assertEquals(1, check.exit());
      String summary = check.out().substring(check.out().indexOf("procgen check:"));
      Set<String> listed = summary.lines().skip(1).map(l -> l.substring(10)).collect(Collectors.toCollection(TreeSet::new));

      assertEquals(0, cli.run("render", "deploy", "--target", "all", "--out", "deploy/generated").exit());
      Map<String, String> after = cli.tree("/work/deploy/generated");
      Set<String> newFiles = filesOf(after, "app100");
      // 15 generated files (logrotate/app100 and rollout/app100.sh among them) and the new app's own manifest; no
      // other manifest changes.
      assertEquals(16, newFiles.size(), newFiles.toString());
      assertTrue(newFiles.contains("logrotate/app100"), newFiles.toString());
      assertTrue(newFiles.contains("rollout/app100.sh"), newFiles.toString());
      assertTrue(newFiles.contains(manifestOf(appFile(100))), newFiles.toString());
      Set<String> expected = new TreeSet<>(newFiles);
      assertEquals(expected, changed(before, after));
      assertFalse(after.containsKey(MANIFEST));
      assertEquals(expected, listed.stream().map(p -> p.substring("deploy/generated/".length()))
          .collect(Collectors.toCollection(TreeSet::new)));
      // No header anywhere names the new app, except the new app's own files.
      after.forEach((path, text) -> {
        if (!newFiles.contains(path)) {
          assertFalse(text.contains("app100.yaml"), path);
        }
      });
    }
  }

  @Test
  void renderingOneDescriptorLeavesEveryOtherAppAsItWasAndInTheManifest() throws Exception {
    try (Cli cli = repo(4)) {
      Map<String, String> before = cli.tree("/work/deploy/generated");
      cli.put(appFile(2), app("app002", 8020, null).replace("app002.worker", "app002.worker --fast"));

      Cli.Result check = cli.run("check", appFile(2), "--out", "deploy/generated");
      assertEquals(1, check.exit());
      assertTrue(check.out().contains("  changed deploy/generated/systemd/app002-worker.service\n"), check.out());
      assertFalse(check.out().contains("app001"), check.out());

      Cli.Result r = cli.run("render", appFile(2), "--target", "systemd", "--out", "deploy/generated");
      assertEquals(0, r.exit(), r.err());
      assertFalse(r.out().contains("removed"), r.out());
      Map<String, String> after = cli.tree("/work/deploy/generated");
      Set<String> changes = changed(before, after);
      assertEquals(Set.of("systemd/app002-worker.service"), changes);
      String manifests = after.entrySet().stream().filter(e -> e.getKey().startsWith(".procgen/"))
          .map(Map.Entry::getValue).collect(Collectors.joining());
      for (String path : before.keySet()) {
        if (!path.startsWith(".procgen/")) {
          assertTrue(manifests.contains("\n" + path + "\n"), path);
        }
      }
      String app000 = after.get(manifestOf(appFile(0)));
      assertTrue(app000.startsWith("# Generated by procgen from deploy/app000.yaml. Do not edit by hand.\n"
          + "# Regenerate: procgen render deploy/app000.yaml --target bash --target bootstrap --target logrotate --target rclocal"
          + " --target rollout --target supervisor --target systemd --target upstart --out deploy/generated\n"
          + "# procgen manifest format 3\n"), app000);
      assertTrue(app000.contains("\nsystemd/app000-worker.service\n"), app000);
      assertFalse(app000.contains("app001"), app000);
      for (int i = 0; i < 4; i++) {
        // A shared file is listed in the manifest of each app that shares it.
        assertTrue(after.get(manifestOf(appFile(i))).contains("\nsupervisor/supervisord.conf\n"), appFile(i));
      }
      // A subset check covers exactly that subset.
      assertEquals(0, cli.run("check", appFile(2), "--target", "systemd", "--out", "deploy/generated").exit());
      cli.put("deploy/generated/systemd/app001.target", before.get("systemd/app001.target") + "# edited\n");
      assertEquals(0, cli.run("check", appFile(2), "--target", "systemd", "--out", "deploy/generated").exit(),
          "another app's drift is not this app's");
      // Nor is another app's manifest, as long as procgen can read it.
      String app001 = after.get(manifestOf(appFile(1)));
      cli.put("deploy/generated/" + manifestOf(appFile(1)), app001.replace("--out deploy/generated\n", "--out elsewhere\n"));
      assertEquals(0, cli.run("check", appFile(2), "--target", "systemd", "--out", "deploy/generated").exit());
      Cli.Result whole = cli.run("check", "deploy", "--out", "deploy/generated");
      assertEquals(1, whole.exit());
      assertTrue(whole.out().contains("changed deploy/generated/" + manifestOf(appFile(1))), whole.out());
      assertTrue(whole.out().contains("changed deploy/generated/systemd/app001.target"), whole.out());
      assertTrue(whole.out().contains("changed deploy/generated/bash/app002-worker.sh"), whole.out());
    }
  }

  @Test
  void deletingADescriptorPrunesExactlyItsFilesWhenTheFolderIsRendered() throws Exception {
    try (Cli cli = repo(5)) {
      Map<String, String> before = cli.tree("/work/deploy/generated");
      Set<String> gone = filesOf(before, "app003");
      assertEquals(16, gone.size(), gone.toString()); // 15 generated files (logrotate/app003, rollout/app003.sh among them) and the app's manifest
      assertTrue(gone.contains("logrotate/app003"), gone.toString());
      assertTrue(gone.contains(manifestOf(appFile(3))), gone.toString());
      Files.delete(cli.fs.getPath("/work/" + appFile(3)));

      // A run of another descriptor alone does not speak for app003: it stays.
      Cli.Result one = cli.run("render", appFile(1), "--target", "all", "--out", "deploy/generated");
      assertEquals(0, one.exit(), one.err());
      assertEquals(before, cli.tree("/work/deploy/generated"));

      Cli.Result check = cli.run("check", "deploy", "--out", "deploy/generated");
      assertEquals(1, check.exit());
      Set<String> stale = check.out().lines().filter(l -> l.startsWith("  stale   "))
          .map(l -> l.substring("  stale   deploy/generated/".length())).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(gone, stale);

      Cli.Result r = cli.run("render", "deploy", "--target", "all", "--out", "deploy/generated");
      assertEquals(0, r.exit(), r.err());
      Set<String> removed = r.out().lines().filter(l -> l.startsWith("removed "))
          .map(l -> l.substring("removed deploy/generated/".length())).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(gone, removed);
      Map<String, String> after = cli.tree("/work/deploy/generated");
      assertEquals(gone, changed(before, after));
      after.forEach((path, text) -> assertFalse(text.contains("app003"), path));
      assertEquals(0, cli.run("check", "deploy", "--out", "deploy/generated").exit());
    }
  }

  @Test
  void supervisordConfCarriesTheLargestLimitOfTheAppsRenderedTogether() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("deploy/a.yaml", "app: alpha\nlimits: {nofile: 65536, nproc: 100}\nprocesses:\n  web:\n    command: /srv/a\n");
      cli.put("deploy/b.yaml", "app: beta\nprocesses:\n  web:\n    command: /srv/b\n    limits: {nofile: 100000}\n");
      cli.put("deploy/c.yaml", "app: gamma\nprocesses:\n  web:\n    command: /srv/c\n");
      assertEquals(0, cli.run("render", "deploy", "--target", "supervisor", "--out", "out").exit());
      String conf = cli.tree("/work/out").get("supervisor/supervisord.conf");
      assertTrue(conf.contains("\nminfds=100000\n") && conf.contains("\nminprocs=100\n"), conf);
      // Rendered alone, an app without limits would give the shared file other text: refused, nothing written.
      Map<String, String> before = cli.tree("/work/out");
      Cli.Result r = cli.run("render", "deploy/c.yaml", "--target", "supervisor", "--out", "out");
      assertEquals(1, r.exit());
      assertTrue(r.err().contains("limits.nofile or limits.nproc"), r.err());
      assertEquals(before, cli.tree("/work/out"));
    }
  }

  @Test
  void aSubsetThatDisagreesOnASharedFileIsRefusedNamingBothDescriptors() throws Exception {
    try (Cli cli = new Cli()) {
      Files.createDirectories(cli.fs.getPath("/work/.git"));
      cli.put("deploy/a.yaml", app("alpha", 8000, "/home/deploy/sv"));
      cli.put("deploy/b.yaml", app("beta", 8100, "/home/deploy/sv"));
      assertEquals(0, cli.run("render", "deploy", "--target", "supervisor", "--out", "out").exit());
      Map<String, String> before = cli.tree("/work/out");
      cli.put("deploy/b.yaml", app("beta", 8100, "/home/deploy/other"));
      String expected = "procgen: error: cannot render out/supervisor/supervisord.conf: expected the text deploy/a.yaml "
          + "gave this shared file, found that deploy/b.yaml gives it other text (another supervisor.home, or another "
          + "largest limits.nofile or limits.nproc, which supervisord.conf's minfds and minprocs carry for all its apps); "
          + "make the descriptors agree, or render them together\n";
      Cli.Result r = cli.run("render", "deploy/b.yaml", "--target", "supervisor", "--out", "out");
      assertEquals(1, r.exit());
      assertEquals(expected, r.err());
      assertEquals(before, cli.tree("/work/out"));
      Cli.Result check = cli.run("check", "deploy/b.yaml", "--out", "out");
      assertEquals(1, check.exit());
      assertEquals(expected, check.err());
      // The same home agrees: the shared file is left byte-identical, and both apps own it.
      cli.put("deploy/b.yaml", app("beta", 8100, "/home/deploy/sv").replace("instances: 2", "instances: 1"));
      assertEquals(0, cli.run("render", "deploy/b.yaml", "--target", "supervisor", "--out", "out").exit());
      Map<String, String> after = cli.tree("/work/out");
      assertEquals(before.get("supervisor/supervisord.conf"), after.get("supervisor/supervisord.conf"));
      assertTrue(after.get(manifestOf("deploy/a.yaml")).contains("\nsupervisor/supervisord.conf\n"), after.toString());
      assertTrue(after.get(manifestOf("deploy/b.yaml")).contains("\nsupervisor/supervisord.conf\n"), after.toString());
    }
  }

  @Test
  void aFileAnotherDescriptorOwnsIsNotTakenOverByASubset() throws Exception {
    try (Cli cli = new Cli()) {
      Files.createDirectories(cli.fs.getPath("/work/.git"));
      cli.put("deploy/a.yaml", app("alpha", 8000, null));
      cli.put("deploy/b.yaml", app("beta", 8100, null));
      assertEquals(0, cli.run("render", "deploy", "--target", "systemd", "--out", "out").exit());
      Map<String, String> before = cli.tree("/work/out");
      cli.put("deploy/b.yaml", app("alpha", 8000, null).replace("python -m alpha.worker", "python -m beta.worker"));
      Cli.Result r = cli.run("render", "deploy/b.yaml", "--target", "systemd", "--out", "out");
      assertEquals(1, r.exit());
      assertTrue(r.err().startsWith("procgen: error: cannot render out/systemd/alpha-"), r.err());
      assertTrue(r.err().contains(": deploy/b.yaml would write this file, but the manifest records it as deploy/a.yaml's"),
          r.err());
      assertEquals(before, cli.tree("/work/out"));
    }
  }

  @Test
  void aFormatOneManifestIsReadAndItsFilesArePrunedOnlyByARunOverTheFolder() throws Exception {
    try (Cli cli = new Cli()) {
      Files.createDirectories(cli.fs.getPath("/work/.git"));
      cli.put("deploy/a.yaml", app("alpha", 8000, null));
      cli.put("deploy/b.yaml", app("beta", 8100, null));
      assertEquals(0, cli.run("render", "deploy", "--target", "upstart", "--out", "out").exit());
      // What procgen before format 2 wrote: paths without owners.
      String v1 = "# Generated by procgen from deploy/a.yaml, deploy/b.yaml. Do not edit by hand.\n"
          + "# Regenerate: procgen render deploy/a.yaml deploy/b.yaml --target upstart --out out\n"
          + "# procgen manifest format 1\n"
          + cli.tree("/work/out").keySet().stream().filter(k -> !k.startsWith(".procgen/")).sorted()
              .collect(Collectors.joining("\n")) + "\n";
      for (String m : cli.tree("/work/out").keySet().stream().filter(k -> k.startsWith(".procgen/")).toList()) {
        Files.delete(cli.fs.getPath("/work/out/" + m));
      }
      cli.put("out/" + MANIFEST, v1);
      Files.delete(cli.fs.getPath("/work/deploy/b.yaml"));

      Cli.Result one = cli.run("render", "deploy/a.yaml", "--target", "upstart", "--out", "out");
      assertEquals(0, one.exit(), one.err());
      // Nothing of b's is removed; only the old manifest goes.
      assertEquals(List.of("removed out/.procgen-manifest"), one.out().lines().filter(l -> l.startsWith("removed")).toList());
      // The first render migrates the old manifest: per-descriptor manifests, and the old file is gone.
      Map<String, String> migrated = cli.tree("/work/out");
      assertFalse(migrated.containsKey(MANIFEST), migrated.keySet().toString());
      String unknown = migrated.get(".procgen/%unknown.files");
      assertTrue(unknown.contains("\n# procgen manifest format 3\nupstart/beta-web-8100.conf\n"), unknown);
      assertTrue(unknown.endsWith("\nupstart/beta.conf\n"), unknown);
      assertFalse(unknown.contains("alpha"), unknown); // owner still unknown
      assertTrue(migrated.get(manifestOf("deploy/a.yaml")).endsWith("\nupstart/alpha-worker.conf\nupstart/alpha.conf\n"),
          migrated.get(manifestOf("deploy/a.yaml")));

      Cli.Result whole = cli.run("render", "deploy", "--target", "upstart", "--out", "out");
      assertEquals(0, whole.exit(), whole.err());
      assertTrue(whole.out().contains("removed out/upstart/beta.conf\n"), whole.out());
      assertTrue(whole.out().contains("removed out/.procgen/%unknown.files\n"), whole.out());
      assertEquals(Set.of(manifestOf("deploy/a.yaml")),
          cli.tree("/work/out").keySet().stream().filter(k -> !k.startsWith("upstart/alpha")).collect(Collectors.toSet()));
    }
  }

  @Test
  void aFormatTwoManifestIsMigratedByTheFirstRenderEvenOfOneDescriptor() throws Exception {
    try (Cli cli = new Cli()) {
      Files.createDirectories(cli.fs.getPath("/work/.git"));
      cli.put("deploy/a.yaml", app("alpha", 8000, "/home/deploy/sv"));
      cli.put("deploy/b.yaml", app("beta", 8100, "/home/deploy/sv"));
      assertEquals(0, cli.run("render", "deploy", "--target", "supervisor", "--target", "upstart", "--out", "out").exit());
      Map<String, String> current = cli.tree("/work/out");
      // What procgen wrote before per-descriptor manifests: one file, each path with its owners.
      Map<String, Set<String>> owners = new TreeMap<>();
      for (String d : new String[] {"deploy/a.yaml", "deploy/b.yaml"}) {
        current.get(manifestOf(d)).lines().filter(l -> !l.startsWith("#"))
            .forEach(p -> owners.computeIfAbsent(p, k -> new TreeSet<>()).add(d));
        Files.delete(cli.fs.getPath("/work/out/" + manifestOf(d)));
      }
      String v2 = "# Generated by procgen from the descriptors it names beside each file. Do not edit by hand.\n"
          + "# Regenerate: procgen render <descriptors> --out out\n# procgen manifest format 2\n"
          + owners.entrySet().stream().map(e -> e.getKey() + "\t" + String.join("\t", e.getValue()))
              .collect(Collectors.joining("\n")) + "\n";
      cli.put("out/" + MANIFEST, v2);

      Cli.Result check = cli.run("check", "deploy", "--out", "out");
      assertEquals(1, check.exit());
      String summary = check.out().substring(check.out().indexOf("procgen check:"));
      assertEquals(3, summary.lines().count() - 1, summary);
      assertTrue(summary.contains("  missing out/" + manifestOf("deploy/a.yaml") + "\n"), summary);
      assertTrue(summary.contains("  missing out/" + manifestOf("deploy/b.yaml") + "\n"), summary);
      assertTrue(summary.contains("  stale   out/" + MANIFEST + "\n"), summary);

      // Rendering a alone migrates b's ownership too, and removes nothing else.
      Cli.Result r = cli.run("render", "deploy/a.yaml", "--target", "upstart", "--out", "out");
      assertEquals(0, r.exit(), r.err());
      assertEquals(current, cli.tree("/work/out"));
      assertEquals(0, cli.run("check", "deploy", "--out", "out").exit());
    }
  }

  @Test
  void theBytesDoNotDependOnTheOtherAppsNorOnHowTheArgumentsAreSpelled() throws Exception {
    Map<String, String> alone;
    try (Cli cli = new Cli("/work/repo")) {
      Files.createDirectories(cli.fs.getPath("/work/repo/.git"));
      cli.put("deploy/a.yaml", app("alpha", 8000, null));
      assertEquals(0, cli.run("render", "deploy/a.yaml", "--target", "all", "--out", ".").exit());
      alone = new TreeMap<>(cli.tree("/work/repo"));
      alone.keySet().removeIf(k -> !k.contains("alpha") || k.startsWith("deploy/"));
      assertTrue(alone.get("upstart/alpha.conf").startsWith("# Generated by procgen from deploy/a.yaml. Do not edit by hand.\n"
          + "# Regenerate: procgen render deploy/a.yaml --target upstart --out .\n"), alone.get("upstart/alpha.conf"));
    }
    for (String[] spelling : new String[][] {
        {"./deploy/../deploy", "./x/.."}, {"/work/repo/deploy", "/work/repo"}, {"deploy/a.yaml", "deploy/b.yaml", "."}}) {
      try (Cli cli = new Cli("/work/repo")) {
        Files.createDirectories(cli.fs.getPath("/work/repo/.git"));
        Files.createDirectories(cli.fs.getPath("/work/repo/x"));
        cli.put("deploy/a.yaml", app("alpha", 8000, null));
        cli.put("deploy/b.yaml", app("beta", 8100, null));
        String[] args = new String[spelling.length + 4];
        args[0] = "render";
        System.arraycopy(spelling, 0, args, 1, spelling.length - 1);
        args[spelling.length] = "--target";
        args[spelling.length + 1] = "all";
        args[spelling.length + 2] = "--out";
        args[spelling.length + 3] = spelling[spelling.length - 1];
        Cli.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.err());
        Map<String, String> tree = new TreeMap<>(cli.tree("/work/repo"));
        tree.keySet().removeIf(k -> !k.contains("alpha") || k.startsWith("deploy/"));
        assertEquals(alone, tree, String.join(" ", spelling));
      }
    }
  }

  @Test
  void aDescriptorNameWithABackslashOrTabGetsAManifestOfItsOwn() throws Exception {
    try (Cli cli = new Cli()) {
      Files.createDirectories(cli.fs.getPath("/work/.git"));
      cli.put("deploy/we\\ird.yaml", app("alpha", 8000, null));
      cli.put("deploy/ta\tb.yaml", app("beta", 8100, null));
      assertEquals(0, cli.run("render", "deploy", "--target", "upstart", "--out", "out").exit());
      Map<String, String> tree = cli.tree("/work/out");
      assertTrue(tree.get(".procgen/deploy/we%5Cird.yaml.files").endsWith("\nupstart/alpha.conf\n"), tree.toString());
      assertTrue(tree.get(".procgen/deploy/ta%09b.yaml.files").endsWith("\nupstart/beta.conf\n"), tree.toString());
      assertEquals(0, cli.run("check", "deploy", "--out", "out").exit());
      // Read back, the owners are the same descriptors: rendering one keeps the other's files.
      Cli.Result r = cli.run("render", "deploy/ta\tb.yaml", "--target", "upstart", "--out", "out");
      assertEquals(0, r.exit(), r.err());
      assertFalse(r.out().contains("removed"), r.out());
      assertEquals(tree, cli.tree("/work/out"));
      Files.delete(cli.fs.getPath("/work/deploy/we\\ird.yaml"));
      Cli.Result whole = cli.run("render", "deploy", "--target", "upstart", "--out", "out");
      assertEquals(0, whole.exit(), whole.err());
      assertTrue(whole.out().contains("removed out/upstart/alpha.conf\n"), whole.out());
      assertTrue(whole.out().contains("removed out/.procgen/deploy/we%5Cird.yaml.files\n"), whole.out());
      assertEquals(Set.of(".procgen/deploy/ta%09b.yaml.files"),
          cli.tree("/work/out").keySet().stream().filter(k -> !k.startsWith("upstart/beta")).collect(Collectors.toSet()));
    }
  }
}
