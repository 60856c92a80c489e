package dev.procgen.descriptor;

import dev.procgen.model.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Maps each character of a scalar's value back to the 1-based line and column in the descriptor
 * where it was written, so that an error about one word of a value can point at that word.
 *
 * <p>It reads the scalar's source again by the rules of YAML 1.2.2, chapter 7 ("Flow Style
 * Productions"): plain scalars keep their text, single-quoted scalars write {@code '} as {@code
 * ''}, double-quoted scalars have escapes (section 5.7: <code>&#92;x..</code>, <code>&#92;u....</code>,
 * <code>&#92;U........</code> and the one-character ones), and a line break in a flow scalar folds into a space,
 * or into {@code n} line feeds when {@code n} empty lines follow it (section 6.5, "Line Folding").
 * A literal block scalar ({@code |}, section 8.1.2) keeps its lines after the indentation, and a
 * folded one ({@code >}, section 8.1.3) folds them as section 6.5 says. The result is used only
 * when it reads back exactly the value SnakeYAML produced (up to a block scalar's final line
 * feeds); otherwise, and for a block scalar with an explicit indentation indicator, every
 * character maps to the scalar's start. Lines and columns
 * count as SnakeYAML's marks count them: in code points, and {@code \n}, {@code \r\n}, {@code \r},
 * NEL, LS and PS each end a line (YAML 1.1, which SnakeYAML reads).
 */
final class ScalarPositions {
  private final String text;
  private int index;
  private int line;
  private int column;
  private final StringBuilder value = new StringBuilder();
  private final List<Origin.Position> positions = new ArrayList<>();

  private ScalarPositions(String text, int index, int line, int column) {
    this.text = text;
    this.index = index;
    this.line = line;
    this.column = column;
  }

  /**
   * Returns the 1-based position of every UTF-16 character of {@code node}'s value, then one for
   * the end; empty when the source cannot be mapped character by character.
   *
   * @param text the whole descriptor text the node was composed from
   */
  static Optional<List<Origin.Position>> of(String text, ScalarNode node) {
    Mark start = node.getStartMark();
    Mark end = node.getEndMark();
    if (start == null || end == null) {
      return Optional.empty();
    }
    try {
      int from = text.offsetByCodePoints(0, start.getIndex());
      int to = text.offsetByCodePoints(0, end.getIndex());
      ScalarPositions reader = new ScalarPositions(text, from, start.getLine() + 1, start.getColumn() + 1);
      reader.skipProperties(to);
      boolean read = switch (node.getScalarStyle()) {
        case PLAIN -> reader.flow(to, (char) 0);
        case SINGLE_QUOTED -> reader.flow(to, '\'');
        case DOUBLE_QUOTED -> reader.flow(to, '"');
        case LITERAL -> reader.block(to, false);
        case FOLDED -> reader.block(to, true);
        default -> false;
      };
      if (!read) {
        return Optional.empty();
      }
      String expected = node.getValue();
      String found = reader.value.toString();
      // A block scalar's chomping indicator only decides its final line feeds.
      boolean block = node.getScalarStyle() == ScalarStyle.LITERAL || node.getScalarStyle() == ScalarStyle.FOLDED;
      boolean same = block ? stripBreaks(found).equals(stripBreaks(expected)) : found.equals(expected);
      if (!same) {
        return Optional.empty();
      }
      Origin.Position first = new Origin.Position(start.getLine() + 1, start.getColumn() + 1);
      List<Origin.Position> list = new ArrayList<>();
      for (int i = 0; i <= expected.length(); i++) {
        list.add(i < reader.positions.size() ? reader.positions.get(i) : list.isEmpty() ? first : list.get(i - 1));
      }
      return Optional.of(List.copyOf(list));
    } catch (RuntimeException e) {
      // Text this reader does not expect (an escape out of range, a mark past the end) maps to the start.
      return Optional.empty();
    }
  }

  /**
   * Returns the position of character {@code offset} of {@code node}'s value, or of the node's
   * start when the value cannot be mapped.
   */
  static Origin.Position at(String text, ScalarNode node, int offset) {
    Optional<List<Origin.Position>> map = of(text, node);
    if (map.isPresent() && offset >= 0 && offset < map.get().size()) {
      return map.get().get(offset);
    }
    Mark m = node.getStartMark();
    return m == null ? new Origin.Position(1, 1) : new Origin.Position(m.getLine() + 1, m.getColumn() + 1);
  }

  private static String stripBreaks(String s) {
    int n = s.length();
    while (n > 0 && s.charAt(n - 1) == '\n') {
      n--;
    }
    return s.substring(0, n);
  }

  /** Skips a tag ({@code !!str}) and an anchor ({@code &a}) written before the scalar itself. */
  private void skipProperties(int to) {
    while (index < to && (peek() == '!' || peek() == '&')) {
      while (index < to && !isBlank(peek()) && !isBreak(peek())) {
        advance();
      }
      while (index < to && (isBlank(peek()) || isBreak(peek()))) {
        advance();
      }
    }
  }

  /** Reads a flow scalar; {@code quote} is 0 for a plain one. Returns false if it is not as expected. */
  private boolean flow(int to, char quote) {
    if (quote != 0) {
      if (peek() != quote) {
        return false;
      }
      advance();
    }
    List<Origin.Position> pendingAt = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    while (index < to) {
      char c = peek();
      if (quote != 0 && c == quote) {
        if (quote == '\'' && index + 1 < text.length() && text.charAt(index + 1) == '\'') {
          flush(pending, pendingAt);
          emit('\'');
          advance();
          advance();
          continue;
        }
        flush(pending, pendingAt);
        return true;
      }
      if (isBlank(c)) {
        pending.append(c);
        pendingAt.add(here());
        advance();
      } else if (isBreak(c)) {
        // Line folding: white space before a break is dropped, a lone break becomes a space, and
        // each empty line after it becomes a line feed.
        pending.setLength(0);
        pendingAt.clear();
        Origin.Position at = here();
        breakLine();
        int empty = skipEmptyLines(to);
        if (empty == 0) {
          value.append(' ');
          positions.add(at);
        } else {
          for (int k = 0; k < empty; k++) {
            value.append('\n');
            positions.add(at);
          }
        }
      } else if (quote == '"' && c == '\\') {
        flush(pending, pendingAt);
        if (!escape(to)) {
          return false;
        }
      } else {
        flush(pending, pendingAt);
        emitSource();
      }
    }
    // A plain scalar ends at its last non-blank character; a quoted one must have been closed.
    return quote == 0;
  }

  /** Reads one escape of a double-quoted scalar, the backslash at {@link #index}. */
  private boolean escape(int to) {
    Origin.Position at = here();
    advance();
    if (index >= to) {
      return false;
    }
    char c = peek();
    if (isBreak(c)) {
      // An escaped line break joins the lines without a space; empty lines still give line feeds.
      breakLine();
      int empty = skipEmptyLines(to);
      for (int k = 0; k < empty; k++) {
        value.append('\n');
        positions.add(at);
      }
      return true;
    }
    int digits = switch (c) {
      case 'x' -> 2;
      case 'u' -> 4;
      case 'U' -> 8;
      default -> 0;
    };
    if (digits > 0) {
      String hex = text.substring(index + 1, index + 1 + digits);
      for (int k = 0; k <= digits; k++) {
        advance();
      }
      int codePoint = Integer.parseInt(hex, 16);
      for (char ch : Character.toChars(codePoint)) {
        value.append(ch);
        positions.add(at);
      }
      return true;
    }
    String simple = "0abt\tnvfre \"/\\N_LP";
    String meaning = "\0\u0007\b\t\t\n\u000b\f\r\u001b \"/\\\u0085\u00a0\u2028\u2029";
    int k = simple.indexOf(c);
    if (k < 0) {
      return false;
    }
    value.append(meaning.charAt(k));
    positions.add(at);
    advance();
    return true;
  }

  /**
   * Reads a block scalar: the header line, then every line without its indentation. In a folded
   * one ({@code >}, section 8.1.3) a break between two lines that are not more indented becomes a
   * space, or is dropped when empty lines follow it (they give the line feeds).
   */
  private boolean block(int to, boolean folded) {
    if (peek() != (folded ? '>' : '|')) {
      return false;
    }
    while (index < to && !isBreak(peek())) {
      char c = peek();
      if (c >= '1' && c <= '9') {
        return false; // the indentation is relative to the parent's, which this reader does not track
      } else if (c == '#') {
        while (index < to && !isBreak(peek())) {
          advance();
        }
        break;
      }
      advance();
    }
    if (index >= to) {
      return true;
    }
    breakLine();
    int indent = -1;
    boolean anyContent = false;
    boolean previousMoreIndented = false;
    List<Origin.Position> breaks = new ArrayList<>();
    while (index < to) {
      int lineStart = index;
      int spaces = 0;
      while (index < to && peek() == ' ') {
        spaces++;
        advance();
      }
      if (index >= to || isBreak(peek())) {
        if (index < to) {
          breaks.add(here());
          breakLine();
        }
        continue;
      }
      if (indent < 0) {
        indent = spaces;
      }
      if (spaces < indent) {
        break;
      }
      // Rewind to the first content column: the spaces past the indentation are content.
      index = lineStart;
      column -= spaces;
      for (int k = 0; k < indent; k++) {
        advance();
      }
      boolean moreIndented = isBlank(peek());
      if (folded && anyContent && !previousMoreIndented && !moreIndented) {
        if (breaks.size() == 1) {
          value.append(' ');
          positions.add(breaks.get(0));
        } else {
          for (Origin.Position at : breaks.subList(1, breaks.size())) {
            value.append('\n');
            positions.add(at);
          }
        }
      } else {
        for (Origin.Position at : breaks) {
          value.append('\n');
          positions.add(at);
        }
      }
      breaks.clear();
      while (index < to && !isBreak(peek())) {
        emitSource();
      }
      anyContent = true;
      previousMoreIndented = moreIndented;
      if (index < to) {
        breaks.add(here());
        breakLine();
      }
    }
    for (Origin.Position at : breaks) {
      value.append('\n');
      positions.add(at);
    }
    return true;
  }

  /** Skips the blanks of the lines after a break, returning how many of those lines were empty. */
  private int skipEmptyLines(int to) {
    int empty = 0;
    while (true) {
      while (index < to && isBlank(peek())) {
        advance();
      }
      if (index < to && isBreak(peek())) {
        empty++;
        breakLine();
      } else {
        return empty;
      }
    }
  }

  private void flush(StringBuilder pending, List<Origin.Position> pendingAt) {
    value.append(pending);
    positions.addAll(pendingAt);
    pending.setLength(0);
    pendingAt.clear();
  }

  private void emit(char c) {
    value.append(c);
    positions.add(here());
  }

  /** Copies one source code point to the value. */
  private void emitSource() {
    Origin.Position at = here();
    int cp = text.codePointAt(index);
    value.appendCodePoint(cp);
    for (int k = 0; k < Character.charCount(cp); k++) {
      positions.add(at);
    }
    advance();
  }

  private Origin.Position here() {
    return new Origin.Position(line, column);
  }

  private char peek() {
    return text.charAt(index);
  }

  private void advance() {
    index += Character.charCount(text.codePointAt(index));
    column++;
  }

  private void breakLine() {
    if (peek() == '\r' && index + 1 < text.length() && text.charAt(index + 1) == '\n') {
      index++;
    }
    index++;
    line++;
    column = 1;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isBreak(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }
}
