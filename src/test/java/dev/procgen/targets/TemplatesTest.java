package dev.procgen.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Holds {@link Templates#ALL}, which {@link Target#prepare} compiles ahead of time, to the template folder. */
class TemplatesTest {
  @Test
  void everyTemplateInTheFolderIsListedOnceAndCompiles() throws IOException {
    Path root = Path.of("src/main/templates");
    Set<String> onDisk;
    try (Stream<Path> files = Files.walk(root)) {
      onDisk = files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(onDisk, new TreeSet<>(Templates.ALL));
    assertEquals(Templates.ALL.size(), Set.copyOf(Templates.ALL).size(), "a template listed twice");
    Target.prepare();
  }
}
