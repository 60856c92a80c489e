package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.targets.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the layers of docs/architecture.md apart, so that a later change cannot quietly merge them. */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/dev/procgen");

  private static List<Path> sources(String pkg) throws IOException {
    try (Stream<Path> s = Files.walk(MAIN.resolve(pkg))) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  @Test
  void noPackageIsNamedLikeMavensBuildFolder() {
    assertFalse(Files.exists(MAIN.resolve("target")), "src/main/java/dev/procgen/target");
  }

  @Test
  void theCliNamesNoTarget() throws IOException {
    for (Path file : sources("cli")) {
      String text = Files.readString(file);
      for (Target t : Target.all()) {
        assertFalse(Pattern.compile("\"" + t.id() + "\"").matcher(text).find(), file + " names the target " + t.id());
      }
      assertFalse(text.contains("import dev.procgen.targets.") && !onlyRegistryImports(text),
          file + " may use the targets' registry (Target, Installable) only");
    }
  }

  private static boolean onlyRegistryImports(String text) {
    return text.lines().filter(l -> l.startsWith("import dev.procgen.targets."))
        .allMatch(l -> l.equals("import dev.procgen.targets.Target;") || l.equals("import dev.procgen.targets.Installable;"));
  }

  @Test
  void theBootstrapComposesThroughTheInterfaceAlone() throws IOException {
    String bootstrap = Files.readString(MAIN.resolve("targets/Bootstrap.java"));
    assertFalse(bootstrap.contains("instanceof"), "no instanceof in Bootstrap");
    assertFalse(Pattern.compile("new (Upstart|Systemd|Supervisor|RcLocal|Bash)\\(").matcher(bootstrap).find(),
        "Bootstrap builds no sibling target");
  }

  @Test
  void eachLayerImportsOnlyTheLayersBelowIt() throws IOException {
    // The importer is a second front end: it writes a descriptor and checks it with the first one's
    // validator, and only the CLI uses it.
    Map<String, List<String>> forbidden = Map.of(
        "model", List.of("descriptor", "plan", "targets", "output", "compiler", "cli", "diagnostic", "importer"),
        "diagnostic", List.of("descriptor", "plan", "targets", "output", "compiler", "cli", "importer"),
        "descriptor", List.of("plan", "targets", "output", "compiler", "cli", "importer"),
        "plan", List.of("descriptor", "targets", "output", "compiler", "cli", "importer"),
        "targets", List.of("descriptor", "output", "compiler", "cli", "importer"),
        "output", List.of("descriptor", "plan", "targets", "compiler", "cli", "importer"),
        "compiler", List.of("cli", "importer"),
        "importer", List.of("model", "plan", "targets", "output", "compiler", "cli"));
    for (var e : forbidden.entrySet()) {
      for (Path file : sources(e.getKey())) {
        String text = Files.readString(file);
        for (String other : e.getValue()) {
          assertFalse(text.contains("import dev.procgen." + other + "."), file + " imports " + other);
        }
      }
    }
    assertTrue(Files.exists(Path.of("docs/architecture.md")));
  }
}
