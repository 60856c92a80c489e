package dev.procgen.targets;

import dev.procgen.model.ControlChars;

/**
 * Quotes strings as POSIX sh words, for rc.local and other scripts run by {@code /bin/sh}.
 *
 * <p>The rules are the POSIX Shell Command Language's, section 2.2 ("Quoting"): a word of only
 * {@code [A-Za-z0-9_@%+=:,./-]} (not starting with {@code =}) needs no quoting; inside single
 * quotes every character is literal, and a single quote is written {@code '\''}; inside double
 * quotes only {@code $ ` " \} need a backslash. A string with {@code $}, a backquote or a
 * backslash is double-quoted, so that shellcheck does not take it for an expansion or an escape
 * written in the wrong quotes (SC2016, SC1003); any other is single-quoted. POSIX sh has no quoting that writes a control character visibly, so those are
 * refused.
 */
public final class ShQuoting {
  /** The characters besides ASCII letters and digits that a word needs no quotes for. */
  private static final String SAFE = "_@%+=:,./-";

  private ShQuoting() {}

  /** Returns true when {@link #quote} accepts {@code value}. */
  public static boolean canCarry(String value) {
    return !ControlChars.any(value);
  }

  /**
   * Returns {@code value} as one sh word.
   *
   * @throws IllegalArgumentException for a control character
   */
  public static String quote(String value) {
    if (!canCarry(value)) {
      throw new IllegalArgumentException("a POSIX sh word cannot show a control character");
    }
    // A leading '=' is legal sh but reads as a typo to shellcheck (SC1097) after an assignment.
    if (WordChars.only(value, SAFE) && value.charAt(0) != '=') {
      return value;
    }
    if (value.indexOf('$') >= 0 || value.indexOf('`') >= 0 || value.indexOf('\\') >= 0) {
      StringBuilder sb = new StringBuilder("\"");
      for (char c : value.toCharArray()) {
        if (c == '$' || c == '`' || c == '"' || c == '\\') {
          sb.append('\\');
        }
        sb.append(c);
      }
      return sb.append('"').toString();
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
