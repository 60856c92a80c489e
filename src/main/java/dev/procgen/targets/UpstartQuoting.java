package dev.procgen.targets;

import dev.procgen.model.ControlChars;

/**
 * Quotes values for Upstart job files.
 *
 * <p>The rules are those of libnih 1.0.4's configuration tokenizer ({@code nih_config_token} in
 * {@code nih/config.c}), which Upstart 1.13.2 parses job files with, as its source and the real
 * parser show; init(5) describes them only loosely:
 *
 * <ul>
 *   <li>both {@code "} and {@code '} quote, and quoted parts of one token join up, quotes removed;
 *   <li>outside quotes a blank ends the token and {@code #} starts a comment;
 *   <li>a backslash before a backslash or a blank stands for that character, but before any other
 *       character (a quote included) the backslash is kept, and a blank just before such an
 *       escape is lost (it is replaced by the backslash);
 *   <li>an {@code exec} line that holds any of {@code ~`!$^&*()=|\{}[];"'<>?} is run through
 *       {@code /bin/sh -e -c}, otherwise Upstart splits it on white space itself.
 * </ul>
 *
 * <p>So a string keeps {@code "} inside single quotes and {@code '} inside double quotes, and
 * writes a backslash as two; and an exec word is quoted for sh, which also routes the line
 * through sh.
 */
public final class UpstartQuoting {
  /** The characters besides ASCII letters and digits that a word needs no quotes for. */
  private static final String SAFE = "_@%+:,./-";

  private UpstartQuoting() {}

  /**
   * Returns {@code text} as one Upstart token that libnih reads back as exactly {@code text}, for
   * stanzas such as {@code description}: runs of characters in double quotes, a run holding
   * {@code "} in single quotes, and each backslash doubled.
   *
   * @throws IllegalArgumentException for control characters, which a job file cannot carry, and
   *     for the empty string, which Upstart refuses ({@code Expected token})
   */
  public static String string(String text) {
    requireNoControl(text);
    if (text.isEmpty()) {
      throw new IllegalArgumentException("Upstart reads an empty quoted string as no token at all");
    }
    StringBuilder out = new StringBuilder(text.length() + 2);
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // A run is single-quoted only when it must carry a double quote.
      char needed = c == '"' ? '\'' : c == '\'' ? '"' : quote == 0 ? '"' : quote;
      if (needed != quote) {
        if (quote != 0) {
          out.append(quote);
        }
        quote = needed;
        out.append(quote);
      }
      if (c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append(quote).toString();
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

  /**
   * Returns true when {@code text} can be written into a job file at all: it has no control
   * characters. {@link #string} also needs it to be non-empty.
   */
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
