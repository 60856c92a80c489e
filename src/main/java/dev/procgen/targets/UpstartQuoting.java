package dev.procgen.targets;

import dev.procgen.model.ControlChars;

/**
 * Quotes values for Upstart job files.
 *
 * <p>The rules are Upstart's init(5) and libnih's configuration tokenizer (nih_config_token):
 * both {@code "} and {@code '} quote, a backslash escapes the next character, and an unquoted
 * {@code #} starts a comment. An {@code exec} line that holds any of {@code
 * ~`!$^&*()=|\{}[];"'<>?} is run through {@code /bin/sh -e -c}, otherwise Upstart splits it on
 * white space itself; so a word that needs quoting is quoted for sh, which also routes the line
 * through sh.
 */
public final class UpstartQuoting {
  /** The characters besides ASCII letters and digits that a word needs no quotes for. */
  private static final String SAFE = "_@%+:,./-";

  private UpstartQuoting() {}

  /**
   * Returns {@code text} as a double-quoted Upstart string, for stanzas such as {@code
   * description}.
   *
   * @throws IllegalArgumentException for control characters, which a job file cannot carry
   */
  public static String string(String text) {
    requireNoControl(text);
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * Returns {@code word} as one word of an {@code exec} stanza.
   *
   * <p>A backslash is refused: libnih lets it escape a quote even inside single quotes, where sh
   * keeps it literal, so the two parsers would disagree on where the word ends.
   *
   * @throws IllegalArgumentException for control characters or a backslash
   */
  public static String execWord(String word) {
    requireNoControl(word);
    if (word.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("an Upstart exec word cannot carry a backslash");
    }
    if (WordChars.only(word, SAFE)) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** Returns true when {@code text} can be written into a job file at all. */
  public static boolean canCarry(String text) {
    return !ControlChars.any(text);
  }

  /** Returns true when {@link #execWord} accepts {@code word}. */
  public static boolean canCarryExecWord(String word) {
    return canCarry(word) && word.indexOf('\\') < 0;
  }

  private static void requireNoControl(String text) {
    if (!canCarry(text)) {
      throw new IllegalArgumentException("an Upstart job file cannot carry control characters");
    }
  }
}
