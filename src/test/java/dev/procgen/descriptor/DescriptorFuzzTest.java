package dev.procgen.descriptor;

import dev.procgen.diagnostic.DescriptorException;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Golden;
import dev.procgen.model.App;
import dev.procgen.compiler.Compiler;
import dev.procgen.targets.Installable;
import dev.procgen.targets.Target;
import java.util.Optional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the descriptor front end and the targets with mutated golden descriptors: whatever the
 * text, the only failure is procgen's own {@link DescriptorException}, and a descriptor that
 * passes every target's check renders with every target. jqwik bounds the run by its tries.
 */
class DescriptorFuzzTest {
  private static final String YAML_CHARS = " \n\t:-[]{},&*!|>'\"%@`#?~=$;\\/.0123456789abcxyzé\u0000\u00a0";

  private static List<String> seeds() {
    List<String> seeds = new ArrayList<>();
    for (Path c : Golden.cases()) {
      for (Path d : Golden.descriptors(c)) {
        try {
          seeds.add(Files.readString(d, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return seeds;
  }

  /** One edit: at a relative position, delete some characters and insert others. */
  private record Edit(double at, int delete, String insert) {
    String apply(String text) {
      int i = (int) (at * text.length());
      int end = Math.min(text.length(), i + delete);
      return text.substring(0, i) + insert + text.substring(end);
    }
  }

  @Provide
  Arbitrary<String> mutatedDescriptors() {
    Arbitrary<Edit> edit = Combinators.combine(
        Arbitraries.doubles().between(0, 1),
        Arbitraries.integers().between(0, 12),
        Arbitraries.oneOf(
            Arbitraries.strings().withChars(YAML_CHARS.toCharArray()).ofMaxLength(8),
            Arbitraries.of("\n  - ", ": &a [*a]", "!!python/object:x ", ": *nope", "<<: ", "\n---\n", "{port}", "\"\\x",
                "workers: 0\n", "instances: 600\n", "port: 65535\n", "\nenvironment:\n  X:\n", "%(here)s", "\r\n")))
        .as(Edit::new);
    return Combinators.combine(Arbitraries.of(seeds()), edit.list().ofMinSize(1).ofMaxSize(6))
        .as((seed, edits) -> {
          String text = seed;
          for (Edit e : edits) {
            text = e.apply(text);
          }
          return text;
        });
  }

  @Property(tries = 30000)
  void onlyDescriptorErrorsEscapeAndCheckedAppsRender(@ForAll("mutatedDescriptors") String text) throws Exception {
    App app;
    try {
      app = DescriptorValidator.load("fuzz.yaml", text);
    } catch (DescriptorException e) {
      assertTrue(e.diagnostics().stream().allMatch(d -> !d.message().isBlank()));
      return;
    }
    for (Target target : Target.all()) {
      Compiler.Compilation compilation;
      try {
        compilation = Compiler.compile(List.of(app), List.of(target),
            new Compiler.Options(Installable.all().get(0), Optional.empty()));
      } catch (DescriptorException refused) {
        assertTrue(refused.diagnostics().stream().allMatch(d -> !d.message().isBlank()));
        continue;
      }
      assertTrue(!compilation.files().isEmpty(), target.id() + " rendered nothing");
    }
  }
}
