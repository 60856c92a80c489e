package dev.procgen.targets;

import dev.procgen.model.ControlChars;
import java.util.List;

/**
 * Quotes values for systemd unit files, as systemd 252 reads them (the man pages systemd.syntax(7),
 * systemd.unit(5), systemd.service(5) "Command lines" and systemd.exec(5) of systemd 252, and
 * {@code config_parse()}, {@code config_parse_exec()}, {@code config_parse_environ()} and {@code
 * config_parse_working_directory()} of its sources). Each rule below was also proved against a
 * live systemd 252 ({@code SystemdLiveIT}).
 *
 * <ul>
 *   <li>A line whose last run of backslashes is odd is joined to the next line (systemd.syntax(7)),
 *       and the white space ({@code " \t\n\r"}) around every value is stripped ({@code
 *       strstrip()} in {@code parse_line()}). So a plain value must not start with a space
 *       ({@link #canCarryPlain}); at its end, a space or {@code \} is kept by {@code %i} (empty
 *       in a unit that is not a template) or by a path's extra {@code /}.
 *   <li>{@code %} starts a specifier in every setting this class writes (systemd.unit(5),
 *       "Specifiers"), so a literal one is {@code %%}.
 *   <li>{@code Description=}, {@code User=}, {@code Group=} and {@code WorkingDirectory=} take no
 *       quotes or escapes at all: every other character is literal.
 *   <li>{@code WorkingDirectory=} goes through {@code path_simplify()}, which drops a trailing
 *       {@code /}: a folder that ends in a space or a backslash is written with one more {@code /},
 *       so that the line neither loses the space nor ends in {@code \}.
 *   <li>In {@code ExecStart=} and {@code Environment=} a word may be double-quoted; inside, {@code
 *       \"} and {@code \\} are C escapes (systemd.syntax(7), "Quoting"), and {@code '} is plain.
 *   <li>In {@code ExecStart=}, {@code $} starts a variable in every argument and in {@code
 *       argv[0]}, but not in the path that is executed (systemd.service(5), "Command lines"). A
 *       literal {@code $} is {@code $$} in an argument. An executable path with a {@code $} is
 *       written with the {@code :} prefix (systemd.service(5), "Special executable prefixes"),
 *       which turns variable expansion off for the whole command, and then every {@code $} is
 *       plain. A lone {@code ;} separates commands, so a literal one is {@code \;}.
 *   <li>The executable path may not hold {@code '}, {@code "} or {@code \} at all ({@code
 *       string_is_safe()} in {@code config_parse_exec()}: "Executable name contains special
 *       characters"), whatever the quoting: {@link #canExecute}.
 *   <li>In {@code Environment="K=v"} the whole assignment is quoted and {@code $} is plain.
 * </ul>
 *
 * <p>Control characters and line breaks are refused: the rule is that a unit never carries
 * them, even where a C escape could spell them.
 */
public final class SystemdQuoting {
  /** Words that need no quotes in {@code ExecStart=}: no specifier, variable, quote or escape. */
  /** The characters besides ASCII letters and digits that a word needs no quotes for. */
  private static final String SAFE = "_@+=:,./-";
  /** systemd's {@code WHITESPACE}, which {@code strstrip()} removes around a value. */
  private static final String WHITESPACE = " \t\n\r";
  /** The prefix of an executable path that turns variable expansion off (systemd 249 and later). */
  private static final String NO_EXPANSION = ":";

  private SystemdQuoting() {}

  /**
   * One word of an {@code ExecStart=} command line: {@code literal} is carried as written, and in
   * {@code text} each placeholder may become a specifier (see {@link #commandLine}).
   *
   * @param literal a prefix with no placeholder, for example the folder of a relative program
   * @param text the rest of the word
   */
  public record Word(String literal, String text) {
    /** Returns a word with no literal prefix. */
    public static Word of(String text) {
      return new Word("", text);
    }

    /** Returns the whole word as the descriptor wrote it. */
    public String value() {
      return literal + text;
    }
  }

  /** Returns true when {@code value} has no control character, so a unit can carry it. */
  public static boolean canCarry(String value) {
    return !ControlChars.any(value);
  }

  /**
   * Returns true when {@code value} can be the whole value of a setting that takes no quotes
   * ({@code Description=}): no control character and no white space at the start, which systemd
   * strips ({@code strstrip()}); see {@link #plainInPlainUnit} for the end.
   */
  public static boolean canCarryPlain(String value) {
    return canCarry(value) && (value.isEmpty() || WHITESPACE.indexOf(value.charAt(0)) < 0);
  }

  /**
   * Returns true when systemd 252 accepts {@code path} as the executable of {@code ExecStart=}:
   * it has no {@code '}, {@code "}, {@code \} or control character ({@code string_is_safe()} in
   * {@code config_parse_exec()}).
   */
  public static boolean canExecute(String path) {
    return canCarry(path) && path.indexOf('\'') < 0 && path.indexOf('"') < 0 && path.indexOf('\\') < 0;
  }

  /**
   * Returns a plain setting value ({@code Description=}, {@code User=}, {@code Group=}) with
   * specifiers escaped.
   *
   * @throws IllegalArgumentException when {@link #canCarryPlain} is false, or the value ends in
   *     white space or {@code \}
   */
  public static String plain(String value) {
    if (!canCarryPlain(value) || endsBadly(value)) {
      throw new IllegalArgumentException("a systemd setting cannot carry '" + ControlChars.escaped(value) + "'");
    }
    return value.replace("%", "%%");
  }

  /**
   * Like {@link #plain}, for a unit that is not a template: a value that ends in white space or
   * {@code \} is followed by {@code %i}, the instance name, which is empty in such a unit
   * (systemd.unit(5), "Specifiers"), so that systemd keeps the space and joins no line.
   *
   * @throws IllegalArgumentException when {@link #canCarryPlain} is false
   */
  public static String plainInPlainUnit(String value) {
    if (!canCarryPlain(value)) {
      throw new IllegalArgumentException("a systemd setting cannot carry '" + ControlChars.escaped(value) + "'");
    }
    String escaped = value.replace("%", "%%");
    return endsBadly(value) ? escaped + "%i" : escaped;
  }

  /** True when a line ending in {@code value} would lose its end: white space, or a joining {@code \}. */
  private static boolean endsBadly(String value) {
    return !value.isEmpty() && (WHITESPACE.indexOf(value.charAt(value.length() - 1)) >= 0 || value.endsWith("\\"));
  }

  /**
   * Returns one word of a setting that takes a list of paths ({@code ReadWritePaths=}, {@code
   * BindPaths=}, ...): double-quoted, with {@code \} and {@code "} as C escapes and {@code %}
   * doubled, as {@code config_parse_namespace_path_strv()} and {@code config_parse_bind_paths()}
   * split and unquote them ({@code extract_first_word()} with {@code EXTRACT_UNQUOTE} and {@code
   * EXTRACT_CUNESCAPE}). A leading {@code -} stays inside the quotes, where systemd still reads it.
   *
   * @throws IllegalArgumentException for a control character
   */
  public static String pathWord(String word) {
    require(word);
    return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%") + "\"";
  }

  /**
   * Returns the value of a path setting ({@code WorkingDirectory=}) that systemd turns back into
   * exactly {@code path}, an absolute path with no trailing slash: specifiers escaped, and one more
   * {@code /} after a path that ends in white space or {@code \}.
   *
   * @throws IllegalArgumentException for a control character
   */
  public static String path(String path) {
    require(path);
    String escaped = path.replace("%", "%%");
    return endsBadly(path) ? escaped + "/" : escaped;
  }

  /**
   * Returns an {@code ExecStart=} value that systemd runs as exactly {@code words}: the first word
   * is the executable's absolute path (and {@code argv[0]}), the others its arguments. Each
   * {@code placeholder} in a word's text becomes {@code specifier} (for example {@code {port}}
   * becomes {@code %i}); a null placeholder replaces nothing.
   *
   * @throws IllegalArgumentException for a control character, or an executable that {@link
   *     #canExecute} refuses
   */
  public static String commandLine(List<Word> words, String placeholder, String specifier) {
    String executable = words.get(0).value();
    if (!canExecute(executable)) {
      throw new IllegalArgumentException("systemd cannot execute '" + ControlChars.escaped(executable) + "'");
    }
    boolean expand = !executable.contains("$");
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      if (i > 0) {
        line.append(' ');
      }
      line.append(execWord(i == 0 && !expand ? NO_EXPANSION : "", words.get(i), expand, placeholder, specifier));
    }
    return line.toString();
  }

  private static String execWord(String prefix, Word word, boolean expand, String placeholder, String specifier) {
    require(word.value());
    boolean special = placeholder != null && word.text().contains(placeholder);
    if (!special && prefix.isEmpty() && word.value().equals(";")) {
      return "\\;";
    }
    if (!special && WordChars.only(prefix + word.value(), SAFE)) {
      return prefix + word.value();
    }
    String[] pieces = special ? WordChars.split(word.text(), placeholder) : new String[] {word.text()};
    pieces[0] = word.literal() + pieces[0];
    StringBuilder sb = new StringBuilder("\"").append(prefix);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        sb.append(specifier);
      }
      String escaped = quotedEscape(pieces[i]);
      sb.append(expand ? escaped.replace("$", "$$") : escaped);
    }
    return sb.append('"').toString();
  }

  /**
   * Returns {@code "NAME=value"} for {@code Environment=}, quoted so that systemd passes exactly
   * {@code value}.
   *
   * @throws IllegalArgumentException for a control character
   */
  public static String environment(String name, String value) {
    require(value);
    return "\"" + quotedEscape(name + "=" + value) + "\"";
  }

  /**
   * Like {@link #environment(String, String)}, but each {@code placeholder} in {@code value}
   * becomes the specifier {@code specifier} (for example {@code {port}} becomes {@code %i}).
   *
   * @throws IllegalArgumentException for a control character
   */
  public static String environment(String name, String value, String placeholder, String specifier) {
    require(value);
    StringBuilder sb = new StringBuilder("\"").append(quotedEscape(name + "="));
    String[] pieces = WordChars.split(value, placeholder);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        sb.append(specifier);
      }
      sb.append(quotedEscape(pieces[i]));
    }
    return sb.append('"').toString();
  }

  /** Inside a double-quoted word: specifiers, backslash, quote. */
  private static String quotedEscape(String s) {
    return s.replace("%", "%%").replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static void require(String value) {
    if (!canCarry(value)) {
      throw new IllegalArgumentException("a systemd unit cannot carry control characters");
    }
  }
}
