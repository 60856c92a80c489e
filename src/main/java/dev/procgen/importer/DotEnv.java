package dev.procgen.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code .env} file as foreman 0.87.2 reads it (lib/foreman/env.rb, {@code Foreman::Env}): lines
 * split as in a Procfile; a line is a variable when it matches {@code \A([A-Za-z_0-9]+)=(.*)\z}, and
 * every other line (comments, {@code export X=1}, {@code X = 1}) is ignored. The value is
 * <ul>
 *   <li>{@code '…'} (at both ends): what is between the quotes, exactly;
 *   <li>{@code "…"}: what is between them, where first each {@code \n} (backslash, n) becomes a
 *       line break and then each backslash followed by any character but a line break is dropped;
 *   <li>anything else, taken exactly, white space and {@code #} included.
 * </ul>
 * A later line for the same name replaces the value and keeps the first line's place (a Ruby hash).
 *
 * @param variables the variables, in the order of the lines that set them
 * @param ignored the lines foreman ignores that are neither blank nor {@code #} comments
 */
public record DotEnv(List<Variable> variables, List<Procfile.Line> ignored) {
  private static final Pattern VARIABLE = Pattern.compile("([A-Za-z_0-9]+)=(.*)", Pattern.DOTALL);

  /** Copies the lists. */
  public DotEnv {
    variables = List.copyOf(variables);
    ignored = List.copyOf(ignored);
  }

  /**
   * One variable.
   *
   * @param name the name, {@code [A-Za-z_0-9]+}
   * @param value the value after foreman's unquoting
   * @param line the line that set it last, from 1
   * @param text that line, for messages
   */
  public record Variable(String name, String value, int line, String text) {}

  /** Parses a {@code .env} file's text. */
  public static DotEnv parse(String text) {
    List<Variable> variables = new ArrayList<>();
    List<Procfile.Line> ignored = new ArrayList<>();
    List<String> lines = Procfile.lines(text);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = VARIABLE.matcher(line);
      if (!m.matches()) {
        if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
          ignored.add(new Procfile.Line(i + 1, line));
        }
        continue;
      }
      put(variables, new Variable(m.group(1), value(m.group(2)), i + 1, line));
    }
    return new DotEnv(variables, ignored);
  }

  /** Sets {@code v}, replacing an earlier variable of the same name in its place, as a Ruby hash does. */
  static void put(List<Variable> variables, Variable v) {
    for (int j = 0; j < variables.size(); j++) {
      if (variables.get(j).name().equals(v.name())) {
        variables.set(j, v);
        return;
      }
    }
    variables.add(v);
  }

  /** Unquotes a value by foreman's three cases. */
  static String value(String raw) {
    if (raw.length() >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
      return raw.substring(1, raw.length() - 1);
    }
    if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
      String inner = raw.substring(1, raw.length() - 1).replace("\\n", "\n");
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < inner.length(); i++) {
        char c = inner.charAt(i);
        // Ruby's /\\(.)/: '.' takes no line break, so a backslash before one stays.
        if (c == '\\' && i + 1 < inner.length() && inner.charAt(i + 1) != '\n') {
          sb.append(inner.charAt(++i));
        } else {
          sb.append(c);
        }
      }
      return sb.toString();
    }
    return raw;
  }
}
