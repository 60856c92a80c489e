package dev.procgen.descriptor;

import java.util.List;

/** Splits descriptor text into lines the way YAML counts them. */
final class Lines {
  private Lines() {}

  /** Returns the lines of {@code text}, split at {@code \n}, {@code \r\n} or {@code \r}. */
  static List<String> split(String text) {
    return List.of(text.split("\r\n|\r|\n", -1));
  }

  /** Returns the 1-based line {@code line} of {@code text}, or an empty string. */
  static String of(String text, int line) {
    List<String> lines = split(text);
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }
}
