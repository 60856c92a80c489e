package dev.procgen.target;

import java.util.regex.Pattern;

/**
 * Quotes strings as POSIX sh words, for rc.local and other scripts run by {@code /bin/sh}.
 *
 * <p>The rules are the POSIX Shell Command Language's, section 2.2 ("Quoting"): a word of only
 * {@code [A-Za-z0-9_@%+=:,./-]} needs no quoting; inside single quotes every character is
 * literal, and a single quote is written {@code '\''}. POSIX sh has no quoting that writes a
 * control character visibly, so those are refused.
 */
public final class ShQuoting {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShQuoting() {}

  /** Returns true when {@link #quote} accepts {@code value}. */
  public static boolean canCarry(String value) {
    return value.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
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
    return SAFE.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
  }
}
