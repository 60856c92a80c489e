package dev.procgen.targets;

import dev.procgen.model.ControlChars;
import java.util.Locale;

/**
 * Quotes strings as bash words that stand for exactly that string.
 *
 * <p>The rules are bash's, from the bash(1) manual, section QUOTING: a string without control
 * characters is quoted as POSIX sh quotes it ({@link ShQuoting}); ANSI-C quoting {@code $'…'} is
 * used only when the string holds control characters, so that the script stays one line per
 * statement.
 */
public final class ShellQuoting {
  private ShellQuoting() {}

  /**
   * Returns {@code value} quoted for bash, valid both as a command argument and as the right-hand
   * side of an assignment.
   *
   * @throws IllegalArgumentException for a NUL character, which no bash word can hold
   */
  public static String quote(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a NUL character cannot be passed to a process");
    }
    if (ShQuoting.canCarry(value)) {
      return ShQuoting.quote(value);
    }
    StringBuilder sb = new StringBuilder("$'");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (isControl(c)) {
            sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('\'').toString();
  }

  private static boolean isControl(int c) {
    return ControlChars.isControl(c);
  }
}
