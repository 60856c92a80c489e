package dev.procgen.descriptor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Golden;
import dev.procgen.compiler.Compiler;
import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.model.App;
import dev.procgen.targets.Installable;
import dev.procgen.targets.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomGenerator;

/**
 * Fuzzes the descriptor front end and the targets with mutated golden descriptors: whatever the
 * text, the only failure is procgen's own {@link DescriptorException}, and a descriptor that
 * passes every target's check renders with every target.
 *
 * <p>The run is bounded by system properties (the pom passes them from {@code mvn -D...}):
 * {@code procgen.fuzz.tries}, 30000 unless set, a quick run for local builds; or, when set
 * above 0, {@code procgen.fuzz.seconds}, a time budget, which CI sets to a minute. {@code
 * procgen.fuzz.seed} replays a run; every run prints its seed and the number of tries done.
 */
class DescriptorFuzzTest {
  private static final String YAML_CHARS = " \n\t:-[]{},&*!|>'\"%@`#?~=$;\\/.0123456789abcxyzé\u0000\u00a0";

  private static List<String> seeds() {
    List<String> seeds = new ArrayList<>();
    for (Path c : Golden.cases()) {
      for (Path d : Golden.descriptors(c)) {
        try {
          seeds.add(Files.readString(d, StandardCharsets.UTF_8));
        } catch (java.nio.charset.MalformedInputException e) {
          // A case of bytes that are not UTF-8 (invalid-red2-not-utf8): the edits here are text.
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

  @Example
  void onlyDescriptorErrorsEscapeAndCheckedAppsRender() throws IOException {
    int tries = Integer.getInteger("procgen.fuzz.tries", 30000);
    long seconds = Long.getLong("procgen.fuzz.seconds", 0);
    long seed = Long.getLong("procgen.fuzz.seed", new SecureRandom().nextLong());
    // jqwik's own generator (it runs on a jqwik thread here), driven by a seed this test owns.
    RandomGenerator<String> generator = mutatedDescriptors().generatorWithEmbeddedEdgeCases(1000);
    Random random = new Random(seed);
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    int done = 0;
    while (seconds > 0 ? System.nanoTime() < deadline : done < tries) {
      String text = generator.next(random).value();
      try {
        check(text);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("fuzz try " + (done + 1) + " failed (replay: -Dprocgen.fuzz.seed=" + seed
            + " -Dprocgen.fuzz.tries=" + (done + 1) + ") on this descriptor:\n" + text, e);
      }
      done++;
    }
    System.out.printf("DescriptorFuzzTest: %d tries in %.1f s (%s; seed %d)%n", done, (System.nanoTime() - start) / 1e9,
        seconds > 0 ? "procgen.fuzz.seconds=" + seconds : "procgen.fuzz.tries=" + tries, seed);
    assertTrue(done > 0, "the fuzz run did no try");
  }

  private static void check(String text) throws IOException {
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
      // The nginx target renders a file only for an app with a proxy, and the logrotate target only
      // for an app with a process whose log logrotate rotates.
      boolean logrotated = app.processes().stream().anyMatch(p -> p.controls().over(app.controls()).rotateBy()
          .orElse(dev.procgen.model.Rotator.LOGROTATE) == dev.procgen.model.Rotator.LOGROTATE);
      assertTrue(!compilation.files().isEmpty() || (target.id().equals("nginx") && app.proxy().isEmpty())
          || (target.id().equals("logrotate") && !logrotated), target.id() + " rendered nothing");
    }
  }
}
