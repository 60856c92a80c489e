package dev.procgen.descriptor;

import java.util.List;

/** Splits descriptor text into lines the way YAML counts them. */
final class Lines {
  private Lines() {}

  /** Returns the lines of {@code text}, split at {@code \n}, {@code \r\n} or {@code \r}. */
  static List<String> split(String text) {
    List<String> lines = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        lines.add(text.substring(start, i));
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    lines.add(text.substring(start));
    return List.copyOf(lines);
  }

  /** Returns the 1-based line {@code line} of {@code text}, or an empty string. */
  static String of(String text, int line) {
    List<String> lines = split(text);
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }
}
