package dev.procgen;

import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer for Upstart job-file lines, written from init(5) and libnih's nih_config_token,
 * because no runnable Upstart exists on current distributions: both quote characters quote, a
 * backslash escapes the next character even inside single quotes, an unquoted {@code #} starts a
 * comment, and unquoted blanks separate tokens. Dequoting drops the quotes and the escaping
 * backslashes.
 */
final class UpstartTokenizer {
  /** The characters that send an {@code exec} line through {@code /bin/sh -e -c} (init(5)). */
  static final String SHELL_CHARS = "~`!$^&*()=|\\{}[];\"'<>?";

  private UpstartTokenizer() {}

  /** Returns the line with an unquoted comment cut off, or throws for an unterminated quote. */
  static String stripComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#') {
        return line.substring(0, i);
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unterminated quote in: " + line);
    }
    return line;
  }

  /** Splits a line into dequoted tokens. */
  static List<String> tokens(String line) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = null;
    char quote = 0;
    String text = stripComment(line);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == 0 && (c == ' ' || c == '\t')) {
        if (token != null) {
          tokens.add(token.toString());
          token = null;
        }
        continue;
      }
      if (token == null) {
        token = new StringBuilder();
      }
      if (c == '\\' && i + 1 < text.length()) {
        token.append(text.charAt(++i));
      } else if (quote != 0 && c == quote) {
        quote = 0;
      } else if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else {
        token.append(c);
      }
    }
    if (token != null) {
      tokens.add(token.toString());
    }
    return tokens;
  }

  /** Returns true when Upstart runs an {@code exec} line's command through {@code /bin/sh -e -c}. */
  static boolean usesShell(String command) {
    return command.chars().anyMatch(c -> SHELL_CHARS.indexOf(c) >= 0);
  }
}
