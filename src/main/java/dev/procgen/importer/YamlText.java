package dev.procgen.importer;

/**
 * Writes text into YAML so that SnakeYAML reads back exactly the same characters: a double-quoted
 * scalar (YAML 1.1, section 9.1.3), with {@code \} and {@code "} escaped and every character that
 * YAML would fold, strip or refuse as raw text (line breaks, tabs, control characters, U+FEFF,
 * noncharacters) written as an escape; and comment text, which may hold no line break.
 */
final class YamlText {
  private YamlText() {}

  /** Returns {@code s} as a double-quoted YAML scalar. */
  static String quoted(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '"') {
        sb.append('\\').append(c);
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (plain(c)) {
        sb.append(c);
      } else {
        sb.append(escape(c));
      }
    }
    return sb.append('"').toString();
  }

  /** Returns {@code s} with every character a comment cannot hold written as an escape. */
  static String comment(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else {
        sb.append(plain(c) ? String.valueOf(c) : escape(c));
      }
    }
    return sb.toString();
  }

  /** True for a character that stands for itself on one line of a YAML file. */
  private static boolean plain(char c) {
    return (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
  }

  private static String escape(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\t' -> "\\t";
      case '\r' -> "\\r";
      default -> c < 0x100 ? String.format(java.util.Locale.ROOT, "\\x%02X", (int) c)
          : String.format(java.util.Locale.ROOT, "\\u%04X", (int) c);
    };
  }
}
