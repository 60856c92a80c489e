package dev.procgen.diagnostic;

import dev.procgen.model.Origin;

/**
 * One problem found in a descriptor, printed as {@code file:line:col: error: message}, then the
 * source line and a caret under the column.
 *
 * @param file the descriptor path as the user gave it
 * @param line 1-based line, or 0 when the problem has no position (an unreadable file)
 * @param column 1-based column in characters, or 0 with {@code line}
 * @param message what is wrong: the key, what was expected and what was found
 * @param sourceLine the text of {@code line}, or empty
 * @param severity an error, which stops the run, or a warning, which is printed and lets it go on
 */
public record Diagnostic(String file, int line, int column, String message, String sourceLine, Severity severity) {

  /** How bad a diagnostic is. */
  public enum Severity {
    /** The run fails with status 1 and writes nothing. */
    ERROR,
    /** The run goes on; the user is told of a difference they should know about. */
    WARNING
  }

  /** Creates an error. */
  public Diagnostic(String file, int line, int column, String message, String sourceLine) {
    this(file, line, column, message, sourceLine, Severity.ERROR);
  }

  /**
   * Returns a warning at the position that {@code origin} records for {@code key}, or for the
   * whole file when the descriptor does not write the key.
   */
  public static Diagnostic warningAt(Origin origin, String key, String message) {
    if (!origin.positions().containsKey(key)) {
      return new Diagnostic(origin.file(), 0, 0, message, "", Severity.WARNING);
    }
    Origin.Position p = origin.at(key);
    return new Diagnostic(origin.file(), p.line(), p.column(), message, origin.line(p.line()), Severity.WARNING);
  }

  /** Returns a diagnostic for a whole file, with no position. */
  public static Diagnostic ofFile(String file, String message) {
    return new Diagnostic(file, 0, 0, message, "");
  }

  /** Returns a diagnostic at the position that {@code origin} records for {@code key}. */
  public static Diagnostic at(Origin origin, String key, String message) {
    Origin.Position p = origin.at(key);
    return new Diagnostic(origin.file(), p.line(), p.column(), message, origin.line(p.line()));
  }

  /**
   * Returns a diagnostic at word {@code index} (from 0) of the value of {@code key}, as {@link
   * Origin#wordAt} finds it: for a refusal of one word of a command.
   */
  public static Diagnostic atWord(Origin origin, String key, int index, String message) {
    Origin.Position p = origin.wordAt(key, index);
    return new Diagnostic(origin.file(), p.line(), p.column(), message, origin.line(p.line()));
  }

  /** Returns a diagnostic at the key {@code key} itself, as {@link Origin#keyAt} finds it. */
  public static Diagnostic atKey(Origin origin, String key, String message) {
    Origin.Position p = origin.keyAt(key);
    return new Diagnostic(origin.file(), p.line(), p.column(), message, origin.line(p.line()));
  }

  /**
   * Formats the diagnostic: one line when it has no position, otherwise three lines (message,
   * source line, caret). No trailing newline.
   */
  public String format() {
    String label = severity == Severity.ERROR ? ": error: " : ": warning: ";
    String text = withoutLoneSurrogates(message);
    if (line <= 0) {
      return file + label + text;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(file).append(':').append(line).append(':').append(column).append(label).append(text);
    if (!sourceLine.isEmpty()) {
      sb.append('\n').append(sourceLine).append('\n');
      // Columns count characters (code points), as the positions do. Keep tabs so that the caret
      // lines up under the column whatever the terminal's tab width.
      int[] chars = sourceLine.codePoints().toArray();
      for (int i = 0; i < column - 1 && i < chars.length; i++) {
        sb.append(chars[i] == '\t' ? '\t' : ' ');
      }
      sb.append('^');
    }
    return sb.toString();
  }

  /**
   * Returns {@code s} with each surrogate that is not half of a pair written as <code>&#92;uXXXX</code>:
   * a descriptor's lone surrogate, quoted in a message, has no UTF-8 form to print.
   */
  public static String withoutLoneSurrogates(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
