package dev.procgen.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many instances of each process type run, as foreman 0.87.2 reads {@code -m}/{@code
 * --formation} (lib/foreman/engine.rb, {@code parse_formation}): white space is removed, the text
 * is split at commas into {@code NAME=COUNT} pairs, {@code all=COUNT} sets the count of every type
 * the pairs do not name, and a type that no pair names runs 0 times, or once when no formation is
 * given (foreman's default, {@code all=1}).
 *
 * <p>foreman reads a count with Ruby's {@code to_i} and ignores a name that no process has; the
 * import is stricter and refuses both, since either is almost surely a typing mistake.
 *
 * @param counts the counts the pairs name, by process type
 * @param others the count of every other type: {@code all}'s, or 0, or 1 without a formation
 */
public record Formation(Map<String, Integer> counts, int others) {
  /** The most instances a process may have in a descriptor (docs/descriptor.md, {@code instances}). */
  static final int MAX_INSTANCES = 512;

  /** Copies the map. */
  public Formation {
    counts = Map.copyOf(counts);
  }

  /** foreman's default: one instance of every type. */
  public static Formation everyOnce() {
    return new Formation(Map.of(), 1);
  }

  /** Returns the count for one process type. */
  public int count(String name) {
    return counts.getOrDefault(name, others);
  }

  /**
   * Parses a formation, collecting every problem.
   *
   * @param text the option's value
   * @param names the Procfile's process types
   * @param problems receives one message per problem
   * @return the formation, meaningful only when no problem was added
   */
  public static Formation parse(String text, Set<String> names, List<String> problems) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    int others = 0;
    boolean sawAll = false;
    String compact = text.replaceAll("\\s", "");
    if (compact.isEmpty()) {
      problems.add("expected NAME=COUNT pairs separated by commas, such as web=2,worker=1 or all=1, found '" + text + "'");
    }
    for (String pair : compact.split(",")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq < 0) {
        problems.add("expected NAME=COUNT, such as web=2, found '" + pair + "'");
        continue;
      }
      String name = pair.substring(0, eq);
      String amount = pair.substring(eq + 1);
      if (!amount.matches("[0-9]{1,9}")) {
        problems.add("expected a whole number of instances after '" + name + "=', found '" + amount + "'");
        continue;
      }
      int count = Integer.parseInt(amount);
      if (count > MAX_INSTANCES) {
        problems.add("expected at most " + MAX_INSTANCES + " instances of a process (procgen's limit), found " + pair);
      }
      if (name.equals("all")) {
        if (sawAll) {
          problems.add("expected 'all' once, found it again in " + pair);
        }
        sawAll = true;
        others = count;
      } else if (!names.contains(name)) {
        problems.add("expected a process type of the Procfile (" + String.join(", ", new ArrayList<>(names))
            + ") or all, found '" + name + "'");
      } else if (counts.containsKey(name)) {
        problems.add("expected each process type once, found '" + name + "' again in " + pair);
      } else {
        counts.put(name, count);
      }
    }
    return new Formation(counts, others);
  }
}
