package dev.procgen.targets;

import dev.procgen.model.ControlChars;
import java.util.regex.Pattern;

/**
 * Writes strings as nginx configuration tokens that stand for exactly that string.
 *
 * <p>The rules are those of nginx's configuration parser ({@code ngx_conf_read_token} in
 * src/core/ngx_conf_file.c, nginx 1.22, and the "Configuration file measurement units" and
 * "Syntax" notes of nginx's beginner's guide): white space separates tokens; {@code ;}, {@code
 * {} and {@code }} end them; {@code #} starts a comment; a token that starts with {@code "} or
 * {@code '} runs to the matching quote, in which {@code \"}, {@code \'} and {@code \\} stand for
 * the character after the backslash. A token that a directive compiles as a complex value ({@code
 * proxy_pass}, {@code proxy_set_header}'s value, {@code return}, ...) expands {@code $name} and
 * {@code ${name}} even inside quotes, and nginx has no escape for a literal {@code $} there.
 */
public final class NginxQuoting {
  /** The characters a token may hold bare: none of them ends, quotes, comments or escapes. */
  private static final Pattern BARE = Pattern.compile("[A-Za-z0-9._:/@*\\[\\]%+,=-]+");

  private NginxQuoting() {}

  /**
   * Returns true when {@code value} can be written as one token: it holds no control character
   * (nginx would keep a line break, but the file stays one line per directive), and, for a
   * directive that expands variables, no {@code $}.
   *
   * @param variables true when the directive expands {@code $} variables in this token
   */
  public static boolean canCarry(String value, boolean variables) {
    return !ControlChars.any(value) && !(variables && value.indexOf('$') >= 0);
  }

  /**
   * Returns {@code value} as one nginx token: bare when every character is plain, else in double
   * quotes with {@code \} and {@code "} escaped by a backslash.
   *
   * @param variables true when the directive expands {@code $} variables in this token
   * @throws IllegalArgumentException when {@link #canCarry} is false
   */
  public static String token(String value, boolean variables) {
    if (!canCarry(value, variables)) {
      throw new IllegalArgumentException("nginx cannot carry " + value);
    }
    if (BARE.matcher(value).matches()) {
      return value;
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '"') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }
}
