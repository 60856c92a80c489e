package dev.procgen.descriptor;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command string into argv words by POSIX shell quoting, and refuses every shell feature.
 *
 * <p>The quoting rules are those of the POSIX Shell Command Language, section 2.2 ("Quoting"):
 * a backslash outside quotes keeps the next character literal; single quotes keep everything
 * literal up to the next single quote; inside double quotes a backslash escapes only {@code $ `
 * " \} and newline. Words are separated by unquoted blanks (space, tab, newline).
 *
 * <p>Because the words become argv directly, anything a shell would expand or interpret is
 * refused rather than passed on: unquoted {@code | & ; < > ( ) $ `}, globs {@code * ? [}, a
 * leading {@code ~} or {@code #}, and {@code $} or {@code `} inside double quotes.
 */
public final class ShellWords {
  private ShellWords() {}

  /** Thrown for a command that is not plain shell words; the message says what was found. */
  public static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;

    SyntaxException(String message, int offset) {
      super(message);
      this.offset = offset;
    }

    /** Returns the 0-based offset of the offending character in the command string. */
    public int offset() {
      return offset;
    }
  }

  private static final String OPERATORS = "|&;<>()$`";
  private static final String GLOBS = "*?[";

  /**
   * One word of a command and where it starts.
   *
   * @param text the word with its quoting removed, as the program receives it
   * @param offset the 0-based offset in the command string of the word's first character (a
   *     quote, if the word starts with one)
   */
  public record Word(String text, int offset) {}

  /**
   * Splits {@code command} into words.
   *
   * @throws SyntaxException for an unterminated quote, a trailing backslash or a shell feature
   */
  public static List<String> split(String command) throws SyntaxException {
    return words(command).stream().map(Word::text).toList();
  }

  /**
   * Splits {@code command} into words, each with its offset in {@code command}, so that an error
   * about one word can point at it.
   *
   * @throws SyntaxException for an unterminated quote, a trailing backslash or a shell feature
   */
  public static List<Word> words(String command) throws SyntaxException {
    List<Word> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int start = -1;
    int i = 0;
    int n = command.length();
    while (i < n) {
      char c = command.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n') {
        if (inWord) {
          words.add(new Word(word.toString(), start));
          word.setLength(0);
          inWord = false;
        }
        start = -1;
        i++;
        continue;
      }
      if (start < 0) {
        start = i;
      }
      if (c == '\\') {
        if (i + 1 >= n) {
          throw new SyntaxException("a trailing backslash, which escapes nothing", i);
        }
        if (command.charAt(i + 1) != '\n') { // backslash-newline is a line continuation
          word.append(command.charAt(i + 1));
          inWord = true;
        }
        i += 2;
      } else if (c == '\'') {
        int end = command.indexOf('\'', i + 1);
        if (end < 0) {
          throw new SyntaxException("a single quote that is never closed", i);
        }
        word.append(command, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i = readDoubleQuoted(command, i, word);
        inWord = true;
      } else if (OPERATORS.indexOf(c) >= 0) {
        throw new SyntaxException("unquoted '" + c + "', a shell operator (quote it to pass it literally)", i);
      } else if (GLOBS.indexOf(c) >= 0) {
        throw new SyntaxException("unquoted '" + c + "', a shell glob (quote it to pass it literally)", i);
      } else if ((c == '~' || c == '#') && !inWord) {
        throw new SyntaxException("'" + c + "' at the start of a word, a shell feature (quote it to pass it literally)", i);
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(new Word(word.toString(), start));
    }
    return words;
  }

  private static int readDoubleQuoted(String s, int open, StringBuilder word) throws SyntaxException {
    int i = open + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        return i + 1;
      } else if (c == '\\' && i + 1 < s.length() && "$`\"\\\n".indexOf(s.charAt(i + 1)) >= 0) {
        if (s.charAt(i + 1) != '\n') {
          word.append(s.charAt(i + 1));
        }
        i += 2;
      } else if (c == '$' || c == '`') {
        throw new SyntaxException("'" + c + "' inside double quotes, a shell expansion (use single quotes to pass it literally)", i);
      } else {
        word.append(c);
        i++;
      }
    }
    throw new SyntaxException("a double quote that is never closed", open);
  }
}
