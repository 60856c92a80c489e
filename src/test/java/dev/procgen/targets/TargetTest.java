package dev.procgen.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mustachejava.MustacheException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps the list of targets, their classes and their template folders in step. */
class TargetTest {

  @Test
  void theCliKnowsExactlyThePermittedTargets() {
    Set<Class<?>> permitted = concrete(Target.class);
    Set<Class<?>> listed = Target.all().stream().map(Object::getClass).collect(Collectors.toSet());
    assertEquals(permitted, listed);
    assertEquals(concrete(Installable.class), Installable.all().stream().map(Object::getClass).collect(Collectors.toSet()),
        "--init takes exactly the installable targets");
    assertEquals(Target.all().size(), Target.all().stream().map(Target::id).distinct().count(), "ids are unique");
  }

  /** The classes a sealed type permits, through sealed interfaces in between. */
  private static Set<Class<?>> concrete(Class<?> type) {
    if (!type.isSealed()) {
      return Set.of(type);
    }
    return Arrays.stream(type.getPermittedSubclasses()).flatMap(c -> concrete(c).stream()).collect(Collectors.toSet());
  }

  @Test
  void everyTargetHasItsTemplateFolder() {
    for (Target t : Target.all()) {
      assertTrue(Files.isDirectory(Path.of("src/main/templates", t.id())), "src/main/templates/" + t.id());
    }
  }

  @Test
  void aTemplateKeyTheTargetDidNotProvideIsAnError() {
    MustacheException e = assertThrows(MustacheException.class,
        () -> Templates.render("upstart", "job.conf", Map.of("description", "\"x\"")));
    assertTrue(e.getMessage().contains("startOn"), e.getMessage());
  }

  @Test
  void templatesDoNotHtmlEscape() {
    String job = Templates.render("upstart", "job.conf",
        Map.of("description", "\"a && b <c>\"", "startOn", "x", "stopOn", "y", "process", List.of()));
    assertEquals("description \"a && b <c>\"\nstart on x\nstop on y\n", job);
  }

  @Test
  void renderedTextMustEndInOneNewline() {
    assertThrows(IllegalArgumentException.class, () -> new RenderedFile("a", "x", false, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new RenderedFile("a", "x\n\n", false, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new RenderedFile("../a", "x\n", false, List.of()));
  }
}
