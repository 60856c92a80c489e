package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's acceptance 1 to 3 in a real git repository, with the packaged procgen: 100 apps are
 * rendered into {@code deploy/generated} and committed; then adding, changing and deleting one
 * descriptor touches exactly that app's files, as {@code git status} sees it.
 */
class RepositoryWorkflowIT {
  private static final Path JAR = Path.of("target/procgen.jar").toAbsolutePath();
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final String OUT = "deploy/generated";

  @TempDir Path repo;

  @BeforeEach
  void repository() throws Exception {
    if (!Files.isRegularFile(JAR)) {
      Tools.unavailable("target/procgen.jar is missing; run mvn verify, which packages it first");
    }
    Tools.require("git", "the workflow is proved in a real git repository");
    git("init", "-q");
    git("config", "user.email", "ci@example.invalid");
    git("config", "user.name", "CI");
    for (int i = 0; i < 100; i++) {
      put(i);
    }
    procgen("render", "deploy", "--target", "all", "--out", OUT).assertSuccess();
    git("add", "-A");
    git("commit", "-q", "-m", "100 apps");
  }

  private static String app(int i, String extra) {
    String name = String.format("app%03d", i);
    return "app: " + name + "\n"
        + "processes:\n"
        + "  web:\n"
        + "    command: python -m " + name + " --port={port}\n"
        + "    instances: 3\n"
        + "    port: " + (8000 + 10 * i) + "\n"
        + "  worker:\n"
        + "    command: python -m " + name + ".worker" + extra + "\n";
  }

  private void put(int i) throws Exception {
    Files.createDirectories(repo.resolve("deploy"));
    Files.writeString(repo.resolve(String.format("deploy/app%03d.yaml", i)), app(i, ""));
  }

  private Processes.Result procgen(String... args) {
    List<String> argv = new ArrayList<>(List.of(JAVA, "-XX:-UsePerfData", "-jar", JAR.toString()));
    argv.addAll(List.of(args));
    return Processes.command(argv).in(repo).limit(Duration.ofSeconds(120)).run();
  }

  private String git(String... args) {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    return Processes.command(argv).in(repo).limit(Duration.ofSeconds(60)).run().assertSuccess().out();
  }

  /** The paths {@code git status} lists as changed, added or deleted (untracked files one by one). */
  private Set<String> status() {
    return git("status", "--porcelain", "--untracked-files=all").lines().map(l -> l.substring(3))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The files {@code check}'s summary names, as git names them. */
  private static Set<String> listed(Processes.Result check) {
    return check.out().lines().dropWhile(l -> !l.startsWith("procgen check:")).skip(1).map(l -> l.substring(10))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every file of {@code name}'s app below the output folder, as git names them. */
  private Set<String> filesOf(String name) throws Exception {
    try (var s = Files.walk(repo.resolve(OUT))) {
      return s.filter(Files::isRegularFile).map(p -> repo.relativize(p).toString())
          .filter(p -> {
            String file = p.substring(p.lastIndexOf('/') + 1);
            // The logrotate file is named after the app alone, with no extension.
            return file.startsWith(name + "-") || file.startsWith(name + ".") || file.equals(name);
          }).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void addingOneAppChangesOnlyItsFilesAndCheckNamedThemFirst() throws Exception {
    Files.writeString(repo.resolve("deploy/app100.yaml"), app(100, ""));
    Processes.Result check = procgen("check", "deploy", "--out", OUT);
    assertEquals(1, check.exit(), check.out() + check.err());

    procgen("render", "deploy", "--target", "all", "--out", OUT).assertSuccess();
    Set<String> expected = filesOf("app100");
    // 17 generated files (the rollout script among them; no proxy, so no nginx file) and the app's own
    // manifest: no other file, and no other app's manifest, changes.
    assertEquals(18, expected.size(), expected.toString());
    assertTrue(expected.contains(OUT + "/rollout/app100.sh"), expected.toString());
    assertTrue(expected.contains(OUT + "/logrotate/app100"), expected.toString());
    assertTrue(expected.contains(OUT + "/.procgen/deploy/app100.yaml.files"), expected.toString());
    Set<String> listed = listed(check);
    expected.add("deploy/app100.yaml");
    assertEquals(expected, status());
    expected.remove("deploy/app100.yaml");
    assertEquals(expected, listed);
    assertEquals(0, procgen("check", "deploy", "--out", OUT).exit());
  }

  @Test
  void renderingOneDescriptorLeavesTheOtherAppsByteIdenticalAndInTheManifest() throws Exception {
    Files.writeString(repo.resolve("deploy/app042.yaml"), app(42, " --fast"));
    procgen("render", "deploy/app042.yaml", "--target", "all", "--out", OUT).assertSuccess();
    Set<String> changed = status();
    assertTrue(changed.contains("deploy/app042.yaml"), changed.toString());
    changed.remove("deploy/app042.yaml");
    assertTrue(!changed.isEmpty() && filesOf("app042").containsAll(changed), changed.toString());
    String manifest = Files.readString(repo.resolve(OUT + "/.procgen/deploy/app041.yaml.files"));
    assertTrue(manifest.contains("\nsystemd/app041-worker.service\n"), manifest);
    assertEquals(0, procgen("check", "deploy", "--out", OUT).exit());
  }

  @Test
  void deletingOneDescriptorRemovesExactlyItsFilesAndCheckListedThem() throws Exception {
    Set<String> gone = filesOf("app007");
    assertTrue(gone.contains(OUT + "/.procgen/deploy/app007.yaml.files"), gone.toString());
    Files.delete(repo.resolve("deploy/app007.yaml"));
    Processes.Result check = procgen("check", "deploy", "--out", OUT);
    assertEquals(1, check.exit());
    Set<String> stale = check.out().lines().filter(l -> l.startsWith("  stale   ")).map(l -> l.substring(10))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(gone, stale);

    procgen("render", "deploy", "--target", "all", "--out", OUT).assertSuccess();
    Set<String> expected = new TreeSet<>(gone);
    expected.add("deploy/app007.yaml");
    assertEquals(expected, status());
    assertEquals(Set.of(), filesOf("app007"));
    assertEquals(0, procgen("check", "deploy", "--out", OUT).exit());
  }
}
