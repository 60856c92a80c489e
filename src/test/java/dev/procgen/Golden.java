package dev.procgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The golden cases under {@code golden/}: each is a folder of descriptors and expectations. */
public final class Golden {
  private Golden() {}

  /** Returns the golden folder, from the {@code procgen.golden.dir} property Maven sets. */
  public static Path root() {
    return Path.of(System.getProperty("procgen.golden.dir", "golden")).toAbsolutePath();
  }

  /** Returns true when {@code -Dprocgen.golden.update=true} asks to rewrite expectations. */
  public static boolean updating() {
    return Boolean.getBoolean("procgen.golden.update");
  }

  /** Returns every case folder, sorted by name. */
  public static List<Path> cases() {
    try (Stream<Path> s = Files.list(root())) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a case's descriptors ({@code *.yaml} directly in the case folder), sorted by name. */
  public static List<Path> descriptors(Path caseDir) {
    try (Stream<Path> s = Files.list(caseDir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns true for a case whose descriptors are invalid: it has {@code expected/stderr.txt}. */
  /**
   * Returns the extra arguments of a case's renders, from its {@code args} file (words separated by
   * white space, such as {@code --init supervisor}), or none.
   */
  public static List<String> extraArgs(Path caseDir) {
    Path file = caseDir.resolve("args");
    if (!java.nio.file.Files.exists(file)) {
      return List.of();
    }
    try {
      String text = java.nio.file.Files.readString(file).strip();
      return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static boolean isInvalid(Path caseDir) {
    return Files.exists(caseDir.resolve("expected/stderr.txt"));
  }
}
