package dev.procgen.model;

import java.util.Locale;

/**
 * The one definition of a control character that every step uses: C0 ({@code U+0000} to {@code
 * U+001F}) and DEL ({@code U+007F}), as ASCII (RFC 20) names them.
 */
public final class ControlChars {
  private ControlChars() {}

  /** Returns true when {@code c} is a control character. */
  public static boolean isControl(int c) {
    return c < 0x20 || c == 0x7f;
  }

  /** Returns true when {@code s} holds a control character. */
  public static boolean any(String s) {
    return firstControl(s) >= 0;
  }

  /** Returns true when {@code s} holds a control character other than tab. */
  public static boolean anyButTab(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\t' && isControl(c)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the index of the first control character of {@code s}, or -1 when it has none. */
  private static int firstControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isControl(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Returns {@code s} with each control character written as an escape ({@code \n}, {@code \t},
   * {@code \r}, or {@code \xNN}), for showing a found value in a message.
   */
  public static String escaped(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      sb.append(escape(s.charAt(i)));
    }
    return sb.toString();
  }

  /** Returns the escape that {@link #escaped} writes for {@code c}, or {@code c} itself. */
  public static String escape(int c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\t' -> "\\t";
      case '\r' -> "\\r";
      default -> isControl(c) ? String.format(Locale.ROOT, "\\x%02x", c) : Character.toString(c);
    };
  }

  /** Returns {@code s} with each control character replaced by {@code ?}, for a comment line. */
  public static String masked(String s) {
    int first = firstControl(s);
    if (first < 0) {
      return s; // the common case, and headers mask every file's long command line
    }
    StringBuilder sb = new StringBuilder(s.length()).append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(isControl(c) ? '?' : c);
    }
    return sb.toString();
  }
}
