package dev.procgen.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Procfile as foreman 0.87.2 reads it (lib/foreman/procfile.rb, {@code Procfile#parse}): the
 * text with CRLF turned into LF is split at LF, and a line is an entry when it matches {@code
 * ^([A-Za-z0-9_-]+):\s*(.+)$}; foreman ignores every other line. Entries keep their order, which
 * sets their ports, and a name may repeat (foreman then runs both).
 *
 * @param entries the process lines, in order
 * @param ignored the lines foreman ignores that are neither blank nor {@code #} comments, so that
 *     the import can list them instead of dropping them silently
 */
public record Procfile(List<Entry> entries, List<Line> ignored) {
  /** Ruby's {@code \s} is {@code [ \t\r\n\f\v]}, as Java's; DOTALL because Ruby's {@code .} takes a lone CR. */
  private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9_-]+):\\s*(.+)", Pattern.DOTALL);

  /** Copies the lists. */
  public Procfile {
    entries = List.copyOf(entries);
    ignored = List.copyOf(ignored);
  }

  /**
   * One process line.
   *
   * @param name the process type, {@code [A-Za-z0-9_-]+}
   * @param command the command exactly as foreman takes it: from the first character after the
   *     colon and its white space to the end of the line, trailing white space included
   * @param line the line, from 1
   * @param column where the command starts, in code points from 1
   * @param text the whole line, for messages
   */
  public record Entry(String name, String command, int line, int column, String text) {}

  /**
   * A line of an input file, for messages.
   *
   * @param line the line number, from 1
   * @param text the line's text
   */
  public record Line(int line, String text) {}

  /** Parses a Procfile's text. */
  public static Procfile parse(String text) {
    List<Entry> entries = new ArrayList<>();
    List<Line> ignored = new ArrayList<>();
    List<String> lines = lines(text);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = ENTRY.matcher(line);
      if (m.matches()) {
        entries.add(new Entry(m.group(1), m.group(2), i + 1, line.codePointCount(0, m.start(2)) + 1, line));
      } else if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
        ignored.add(new Line(i + 1, line));
      }
    }
    return new Procfile(entries, ignored);
  }

  /**
   * Splits text into lines as foreman does: {@code gsub("\r\n", "\n").split("\n")}, which drops
   * the empty strings at the end.
   */
  static List<String> lines(String text) {
    String[] parts = text.replace("\r\n", "\n").split("\n", -1);
    int n = parts.length;
    while (n > 0 && parts[n - 1].isEmpty()) {
      n--;
    }
    return List.of(parts).subList(0, n);
  }
}
