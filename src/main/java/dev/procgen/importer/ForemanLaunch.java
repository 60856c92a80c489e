package dev.procgen.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@code foreman start} (0.87.2) turns a Procfile command into a process, step by step, so that
 * the import can give the process the same argv.
 *
 * <ol>
 *   <li>{@link #expand}: lib/foreman/process.rb, {@code expanded_command}: for each variable of the
 *       process's environment in order (the {@code .env} variables, then {@code PORT} and {@code
 *       PS}), every {@code $NAME} in the text is replaced by the value with Ruby's {@code
 *       String#gsub!}: a prefix matches too ({@code $PORTAL} holds {@code $PORT}), text a
 *       replacement put in is searched again by later variables, and the value is a Ruby
 *       replacement string, where {@code \\} is one backslash, {@code \0} and {@code \&} the match,
 *       {@code \`} and {@code \'} the text before and after it, and {@code \1}…{@code \9} empty.
 *   <li>{@link #needsShell}: the result goes to Ruby's {@code Process.spawn} as one string. Ruby 3.1
 *       (process.c, {@code rb_exec_fillarg}) runs it with {@code /bin/sh -c} when it holds one of
 *       {@code * ? { } [ ] < > ( ) ~ & | \ $ ; ' ` " #} or a line break, a {@code =} in its first
 *       word before any {@code /}, or when its first word is a shell reserved word or special
 *       built-in ({@code exec}, {@code export}, {@code if}, {@code .}, …);
 *   <li>{@link #words}: otherwise Ruby splits it at spaces and tabs and executes the words directly.
 * </ol>
 */
public final class ForemanLaunch {
  private ForemanLaunch() {}

  /** The characters that make Ruby 3.1 hand a command to the shell (process.c). */
  private static final String META = "*?{}[]<>()~&|\\$;'`\"\n#";

  /** The reserved words and special built-ins that make Ruby 3.1 hand a command to the shell (process.c, posix_sh_cmds). */
  private static final Set<String> SHELL_WORDS = Set.of("!", ".", ":", "break", "case", "continue", "do", "done", "elif",
      "else", "esac", "eval", "exec", "exit", "export", "fi", "for", "if", "in", "readonly", "return", "set", "shift",
      "then", "times", "trap", "unset", "until", "while");

  /** Thrown when a value is a replacement that makes Ruby raise, so that foreman itself fails. */
  public static final class RubyError extends Exception {
    private static final long serialVersionUID = 1L;

    RubyError(String message) {
      super(message);
    }
  }

  /**
   * Replaces each {@code $NAME} of {@code variables}, in their order, as foreman does.
   *
   * @param command the Procfile command
   * @param variables name to value, in foreman's order
   * @throws RubyError when a value holds {@code \k<name>}, which Ruby refuses (IndexError)
   */
  public static String expand(String command, Map<String, String> variables) throws RubyError {
    String text = command;
    for (Map.Entry<String, String> v : variables.entrySet()) {
      text = gsub(text, "$" + v.getKey(), v.getValue());
    }
    return text;
  }

  /** Ruby's {@code String#gsub} with a string pattern and a replacement string. */
  static String gsub(String text, String pattern, String replacement) throws RubyError {
    StringBuilder out = new StringBuilder();
    int from = 0;
    int at;
    while ((at = text.indexOf(pattern, from)) >= 0) {
      out.append(text, from, at);
      int end = at + pattern.length();
      for (int i = 0; i < replacement.length(); i++) {
        char c = replacement.charAt(i);
        if (c != '\\' || i + 1 == replacement.length()) {
          out.append(c);
          continue;
        }
        char n = replacement.charAt(++i);
        switch (n) {
          case '0', '&' -> out.append(pattern);
          case '`' -> out.append(text, 0, at);
          case '\'' -> out.append(text, end, text.length());
          case '\\' -> out.append('\\');
          case '1', '2', '3', '4', '5', '6', '7', '8', '9' -> { }
          case 'k' -> {
            if (i + 1 < replacement.length() && replacement.charAt(i + 1) == '<' && replacement.indexOf('>', i + 2) >= 0) {
              throw new RubyError("Ruby refuses \\k<...> in a replacement (undefined group name reference)");
            }
            out.append('\\').append(n);
          }
          default -> out.append('\\').append(n);
        }
      }
      from = end;
    }
    out.append(text, from, text.length());
    return out.toString();
  }

  /** Tells whether Ruby 3.1's {@code Process.spawn} runs {@code command} through {@code /bin/sh -c}. */
  public static boolean needsShell(String command) {
    int firstStart = -1;
    int firstLength = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c == ' ' || c == '\t') {
        if (firstStart >= 0 && firstLength == 0) {
          firstLength = i - firstStart;
        }
      } else if (firstStart < 0) {
        firstStart = i;
      }
      if (META.indexOf(c) >= 0) {
        return true;
      }
      if (firstLength == 0) {
        if (c == '=') {
          return true;
        } else if (c == '/') {
          // Ruby marks the first word as longer than any shell word: it is a path.
          firstLength = Integer.MAX_VALUE;
        }
      }
    }
    if (firstStart < 0) {
      return false;
    }
    if (firstLength == 0) {
      firstLength = command.length() - firstStart;
    }
    return firstLength != Integer.MAX_VALUE && SHELL_WORDS.contains(command.substring(firstStart, firstStart + firstLength));
  }

  /** Splits a command that needs no shell as Ruby does: at runs of spaces and tabs. */
  public static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    for (String w : command.split("[ \t]+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }
}
