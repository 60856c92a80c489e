package dev.procgen.model;

import java.util.List;
import java.util.Map;

/**
 * Where an app's values came from: the descriptor's name as the user gave it, its lines, and the
 * 1-based position of every key, so that later steps can point errors at the source.
 *
 * @param file the descriptor path exactly as given on the command line, for error messages
 * @param source the descriptor path as generated files name it: relative to the repository that
 *     holds it, so that it is the same on every machine and from every working directory
 * @param positions 1-based positions of values, keyed by dotted key path such as {@code
 *     processes.web.command}
 * @param keyPositions 1-based positions of the keys themselves, by the same paths
 * @param lines the descriptor's text split into lines, for quoting the offending line
 * @param wordPositions 1-based positions of the words of values that are lists of words (a
 *     process's {@code command}, whether written as shell words or as a list), by the same paths:
 *     element {@code i} is where word {@code i} starts in the descriptor
 */
public record Origin(String file, String source, Map<String, Position> positions, Map<String, Position> keyPositions,
    List<String> lines, Map<String, List<Position>> wordPositions) {
  /** Copies the collections, so an origin never changes after it is built. */
  public Origin {
    positions = Map.copyOf(positions);
    keyPositions = Map.copyOf(keyPositions);
    lines = List.copyOf(lines);
    Map<String, List<Position>> words = new java.util.HashMap<>();
    for (Map.Entry<String, List<Position>> e : wordPositions.entrySet()) {
      words.put(e.getKey(), List.copyOf(e.getValue()));
    }
    wordPositions = Map.copyOf(words);
  }

  /** Creates an origin that records no word positions. */
  public Origin(String file, String source, Map<String, Position> positions, Map<String, Position> keyPositions,
      List<String> lines) {
    this(file, source, positions, keyPositions, lines, Map.of());
  }

  /**
   * Returns where word {@code index} (from 0) of the value of {@code key} starts, or the value's
   * position ({@link #at}) when the descriptor's text cannot say, for example for a folded block
   * scalar.
   *
   * @param key a dotted key path such as {@code processes.web.command}
   * @param index the word's index in the value's words, as the model holds them
   */
  public Position wordAt(String key, int index) {
    List<Position> words = wordPositions.get(key);
    return words != null && index >= 0 && index < words.size() ? words.get(index) : at(key);
  }

  /**
   * Returns the position of {@code key}, or of its nearest parent key that has one, or 1:1.
   *
   * @param key a dotted key path such as {@code environment.SECRET}
   */
  public Position at(String key) {
    String k = key;
    while (true) {
      Position p = positions.get(k);
      if (p != null) {
        return p;
      }
      int dot = k.lastIndexOf('.');
      if (dot < 0) {
        return new Position(1, 1);
      }
      k = k.substring(0, dot);
    }
  }

  /** Returns the position of the key {@code key} itself, or of its value (see {@link #at}) if it has none. */
  public Position keyAt(String key) {
    Position p = keyPositions.get(key);
    return p != null ? p : at(key);
  }

  /** Returns the 1-based line {@code line} of the descriptor, or an empty string past its end. */
  public String line(int line) {
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }

  /**
   * A 1-based line and column in a descriptor.
   *
   * @param line line number, counting from 1
   * @param column column number in characters, counting from 1
   */
  public record Position(int line, int column) {}
}
