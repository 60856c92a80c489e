package dev.procgen.targets;

import dev.procgen.model.ControlChars;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Quotes values for supervisord's configuration files, as Debian 12's supervisor 4.2.5 reads them.
 *
 * <p>The rules come from supervisord's configuration docs and its source (options.py,
 * datatypes.py) on Python 3:
 *
 * <ul>
 *   <li>configparser cuts a value at whitespace followed by {@code ;} or {@code #} (an inline
 *       comment), whatever quotes surround it, and strips white space at both ends of a value;
 *   <li>every value is then %-formatted, so a literal {@code %} is written {@code %%} and {@code
 *       %(process_num)s} expands to the instance number;
 *   <li>before that, {@code UnhosedConfigParser.expand_here} replaces the text {@code %(here)s}
 *       by the config file's folder wherever it stands, even after {@code %}, so no escaped value
 *       may contain that text: a command word breaks it with an empty quoted piece, and a value
 *       elsewhere that holds {@code %(here)s} cannot be written;
 *   <li>{@code command=} is split by {@code shlex.split} in POSIX mode: adjacent quoted pieces
 *       join into one word, and a backslash is literal inside single quotes;
 *   <li>{@code environment=} is split by {@code shlex.shlex} in non-POSIX mode, {@code KEY=value}
 *       pairs separated by commas, and each value has quote characters stripped from both ends.
 *       Non-POSIX quoting has no escapes and no joining, so a value holding both quote kinds, one
 *       starting or ending with a quote, or one with whitespace before {@code ;} or {@code #}
 *       cannot be written there at all.
 * </ul>
 *
 * <p>No value may hold a control character: a config file line cannot.
 *
 * <p>{@code [include] files=} is split at white space ({@code str.split()}) and each piece is
 * joined to the main config's folder and expanded by Python's {@code glob.glob}, whose magic
 * characters are {@code *}, {@code ?} and {@code [} (Python's glob and fnmatch docs; {@code
 * glob.escape} writes each as a one-character class such as {@code [[]}); {@code {}, {@code ]}
 * and {@code ~} are literal there.
 */
public final class SupervisorQuoting {
  /** The characters besides ASCII letters and digits that a word needs no quotes for. */
  private static final String SAFE = "_@+=:,./-";
  private static final String HERE = "%(here)s";
  private static final Pattern GLOB_MAGIC = Pattern.compile("[*?\\[]");

  private SupervisorQuoting() {}

  /**
   * Returns true when {@code value} has no control character other than tab: a config line
   * cannot hold a line break, and the others would be unreadable in review.
   */
  public static boolean hasNoControl(String value) {
    return !ControlChars.anyButTab(value);
  }

  /**
   * Returns a plain value (a path, a user name) as supervisord must read it back, or empty when
   * it cannot: it has control characters, white space at either end, white space before {@code
   * ;} or {@code #}, or the text {@code %(here)s}.
   */
  public static Optional<String> plain(String value) {
    if (!hasNoControl(value) || hasInlineComment(value) || value.contains(HERE)
        || (!value.isEmpty() && (isPySpace(value.charAt(0)) || isPySpace(value.charAt(value.length() - 1))))) {
      return Optional.empty();
    }
    return Optional.of(percent(value));
  }

  /**
   * Returns one argv word for {@code command=}. Pieces that need quoting are single-quoted for
   * POSIX shlex, and an empty quoted piece {@code ''} is put between white space and a following
   * {@code ;} or {@code #} so that configparser never sees an inline comment.
   *
   * @throws IllegalArgumentException for a control character
   */
  public static String commandWord(String word) {
    return percent(shlexWord(word));
  }

  /**
   * Like {@link #commandWord}, but each {@code placeholder} in {@code word} becomes {@code
   * expansion} (for example {@code {port}} becomes {@code %(process_num)s}), left unquoted.
   */
  public static String commandWord(String word, String placeholder, String expansion) {
    StringBuilder sb = new StringBuilder();
    String[] pieces = WordChars.split(word, placeholder);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        sb.append(expansion);
      }
      if (!pieces[i].isEmpty() || pieces.length == 1) {
        sb.append(commandWord(pieces[i]));
      }
    }
    return sb.toString();
  }

  /**
   * Returns {@code value} quoted for {@code environment=}, or empty when supervisord cannot carry
   * it there (see the class comment).
   */
  public static Optional<String> environmentValue(String value) {
    if (!hasNoControl(value) || hasInlineComment(value) || value.contains(HERE)) {
      return Optional.empty();
    }
    if (!value.isEmpty() && ("'\"".indexOf(value.charAt(0)) >= 0 || "'\"".indexOf(value.charAt(value.length() - 1)) >= 0)) {
      return Optional.empty();
    }
    if (value.indexOf('"') < 0) {
      return Optional.of(percent("\"" + value + "\""));
    }
    if (value.indexOf('\'') < 0) {
      return Optional.of(percent("'" + value + "'"));
    }
    return Optional.empty();
  }

  /**
   * Like {@link #environmentValue(String)}, but each {@code placeholder} in {@code value} becomes
   * {@code expansion} (for example {@code {port}} becomes {@code %(process_num)s}), which
   * supervisord expands.
   */
  public static Optional<String> environmentValue(String value, String placeholder, String expansion) {
    Optional<String> checked = environmentValue(value.replace(placeholder, "0"));
    if (checked.isEmpty()) {
      return checked;
    }
    String quote = checked.get().substring(0, 1);
    StringBuilder sb = new StringBuilder(quote);
    String[] pieces = WordChars.split(value, placeholder);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        sb.append(expansion);
      }
      sb.append(percent(pieces[i]));
    }
    return Optional.of(sb.append(quote).toString());
  }

  /**
   * Returns true when {@code value} holds a character that Python's {@code glob} treats as magic:
   * {@code *}, {@code ?} or {@code [} ({@code glob.has_magic}).
   */
  public static boolean hasGlobMagic(String value) {
    return GLOB_MAGIC.matcher(value).find();
  }

  /**
   * Returns {@code path} as a glob pattern that matches only itself, the way Python's {@code
   * glob.escape} writes it: each of {@code *}, {@code ?} and {@code [} becomes a class of that one
   * character, {@code [*]}, {@code [?]}, {@code [[]}.
   */
  public static String globEscape(String path) {
    return GLOB_MAGIC.matcher(path).replaceAll(m -> "[" + java.util.regex.Matcher.quoteReplacement(m.group()) + "]");
  }

  /**
   * Returns true when {@code value} holds a character at which Python's {@code str.split()}
   * splits, so that {@code [include] files=} would read it as two patterns.
   */
  public static boolean hasPySpace(String value) {
    return value.chars().anyMatch(c -> isPySpace((char) c));
  }

  private static String shlexWord(String word) {
    if (!hasNoControl(word)) {
      throw new IllegalArgumentException("a supervisord config line cannot carry control characters");
    }
    if (WordChars.only(word, SAFE)) {
      return word;
    }
    StringBuilder sb = new StringBuilder("'");
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == '\'') {
        sb.append("'\\''");
      } else {
        if ((c == ';' || c == '#') && i > 0 && isPySpace(word.charAt(i - 1))) {
          sb.append("''");
        }
        if (c == '(' && i > 0 && word.charAt(i - 1) == '%' && word.startsWith(HERE.substring(1), i)) {
          sb.append("''");
        }
        sb.append(c);
      }
    }
    return sb.append('\'').toString();
  }

  /** True where configparser would see an inline comment: {@code ;} or {@code #} after white space. */
  private static boolean hasInlineComment(String value) {
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c == ';' || c == '#') && isPySpace(value.charAt(i - 1))) {
        return true;
      }
    }
    return false;
  }

  /** Python's {@code str.isspace()}, which configparser uses: wider than Java's whitespace. */
  static boolean isPySpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085' || (c >= 0x1c && c <= 0x1f);
  }

  private static String percent(String s) {
    return s.replace("%", "%%");
  }
}
