package dev.procgen.targets;

import dev.procgen.model.ControlChars;
import java.util.regex.Pattern;

/**
 * Quotes values for systemd unit files, by systemd.syntax(7), systemd.service(5) ("Command
 * lines") and systemd.exec(5) ({@code Environment=}), as systemd 252 reads them.
 *
 * <ul>
 *   <li>{@code %} starts a specifier in every setting, so a literal one is {@code %%};
 *   <li>in {@code ExecStart=}, {@code $} starts a variable ({@code $NAME} as a whole word, {@code
 *       ${NAME}} anywhere), so a literal one is {@code $$}, and a lone {@code ;} separates
 *       commands, so a literal one is {@code \;};
 *   <li>a word or assignment may be double-quoted; inside, {@code \"} and {@code \\} are
 *       C-style escapes, and {@code '} is plain;
 *   <li>in {@code Environment="K=v"} the whole assignment is quoted and {@code $} is plain.
 * </ul>
 *
 * <p>Control characters and line breaks are refused: the issue's rule is that a unit never carries
 * them, even where a C escape could spell them.
 */
public final class SystemdQuoting {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@+=:,./-]+");

  private SystemdQuoting() {}

  /** Returns true when {@code value} has no control character, so a unit can carry it. */
  public static boolean canCarry(String value) {
    return !ControlChars.any(value);
  }

  /**
   * Returns a plain setting value ({@code Description=}, {@code User=}, {@code
   * WorkingDirectory=}) with specifiers escaped.
   *
   * @throws IllegalArgumentException for a control character
   */
  public static String plain(String value) {
    require(value);
    return value.replace("%", "%%");
  }

  /**
   * Returns one {@code ExecStart=} word that systemd turns back into exactly {@code word}.
   *
   * @throws IllegalArgumentException for a control character
   */
  public static String execWord(String word) {
    require(word);
    if (word.equals(";")) {
      return "\\;";
    }
    String escaped = word.replace("%", "%%").replace("$", "$$");
    if (SAFE.matcher(word).matches()) {
      return escaped;
    }
    return "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * Like {@link #execWord}, but each {@code placeholder} in {@code word} becomes the specifier
   * {@code specifier} (for example {@code {port}} becomes {@code %i}).
   */
  public static String execWord(String word, String placeholder, String specifier) {
    return execWord("", word, placeholder, specifier);
  }

  /**
   * Like {@link #execWord(String, String, String)} for the word {@code literal + word}, where only
   * {@code word}'s placeholders become the specifier: {@code literal} (a folder the descriptor
   * names, joined in front of a relative program) is carried as written.
   *
   * @throws IllegalArgumentException for a control character
   */
  public static String execWord(String literal, String word, String placeholder, String specifier) {
    if (!word.contains(placeholder)) {
      return execWord(literal + word);
    }
    return withSpecifier(literal, word, placeholder, specifier, SystemdQuoting::execEscape);
  }

  /**
   * Returns {@code "NAME=value"} for {@code Environment=}, quoted so that systemd passes exactly
   * {@code value}.
   *
   * @throws IllegalArgumentException for a control character
   */
  public static String environment(String name, String value) {
    require(value);
    return "\"" + environmentEscape(name + "=" + value) + "\"";
  }

  /**
   * Like {@link #environment(String, String)}, but each {@code placeholder} in {@code value}
   * becomes the specifier {@code specifier} (for example {@code {port}} becomes {@code %i}).
   *
   * @throws IllegalArgumentException for a control character
   */
  public static String environment(String name, String value, String placeholder, String specifier) {
    return withSpecifier(name + "=", value, placeholder, specifier, SystemdQuoting::environmentEscape);
  }

  /** Inside an {@code ExecStart=} double-quoted word: specifiers, variables, backslash, quote. */
  private static String execEscape(String s) {
    return environmentEscape(s).replace("$", "$$");
  }

  /** Inside an {@code Environment=} double-quoted assignment: specifiers, backslash, quote. */
  private static String environmentEscape(String s) {
    return s.replace("%", "%%").replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /**
   * Double-quotes {@code literal + text}, escaping each piece by {@code escape}, with every {@code
   * placeholder} in {@code text} (not in {@code literal}) written as {@code specifier}.
   *
   * @throws IllegalArgumentException for a control character
   */
  private static String withSpecifier(String literal, String text, String placeholder, String specifier,
      java.util.function.UnaryOperator<String> escape) {
    require(literal + text);
    String[] pieces = text.split(Pattern.quote(placeholder), -1);
    pieces[0] = literal + pieces[0];
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        sb.append(specifier);
      }
      sb.append(escape.apply(pieces[i]));
    }
    return sb.append('"').toString();
  }

  private static void require(String value) {
    if (!canCarry(value)) {
      throw new IllegalArgumentException("a systemd unit cannot carry control characters");
    }
  }
}
