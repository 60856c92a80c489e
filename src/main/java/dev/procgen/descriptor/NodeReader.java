package dev.procgen.descriptor;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.ControlChars;
import dev.procgen.model.Origin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a SnakeYAML node tree generically, knowing nothing of the descriptor: mappings with
 * known keys, scalars, bounded integers. It collects a positioned {@link Diagnostic} for every
 * problem instead of throwing, and records the 1-based position of every key and value it reads,
 * so that later steps can point at the source.
 */
final class NodeReader {
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,9}");

  private final String file;
  private final String text;
  private final List<String> lines;
  private final List<Diagnostic> problems = new ArrayList<>();
  private final Map<String, Origin.Position> positions = new HashMap<>();
  private final Map<String, Origin.Position> keyPositions = new HashMap<>();
  private final Map<String, List<Origin.Position>> wordPositions = new HashMap<>();

  /**
   * Creates a reader for one descriptor.
   *
   * @param file the descriptor path as the user gave it, for messages
   * @param text the descriptor's text, for quoting the offending line and finding the position of
   *     a character inside a value
   */
  NodeReader(String file, String text) {
    this.file = file;
    this.text = text;
    this.lines = Lines.split(text);
  }

  /** Returns every problem found so far, sorted by position. */
  List<Diagnostic> problems() {
    List<Diagnostic> sorted = new ArrayList<>(problems);
    sorted.sort(java.util.Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
    return sorted;
  }

  /** Returns how many problems were found so far. */
  int problemCount() {
    return problems.size();
  }

  /** Returns the origin of what was read: the positions of every key and value. */
  Origin origin(String source) {
    return new Origin(file, source, positions, keyPositions, lines, wordPositions);
  }

  /**
   * Records where each word of the value of {@code key} starts, for {@link Origin#wordAt}.
   *
   * @param node the scalar that holds the words, or the list whose items are the words
   * @param offsets for a scalar, each word's 0-based offset in its value; ignored for a list
   */
  void words(String key, Node node, List<Integer> offsets) {
    List<Origin.Position> list = new ArrayList<>();
    if (node instanceof SequenceNode seq) {
      // The items of an aliased list are written at its anchor, before the alias: point at the use.
      for (Node item : seq.getValue()) {
        list.add(item.getStartMark().getIndex() < seq.getStartMark().getIndex() ? position(seq) : position(item));
      }
    } else if (node instanceof ScalarNode scalar) {
      Optional<List<Origin.Position>> map = ScalarPositions.of(text, scalar);
      for (int offset : offsets) {
        list.add(map.isPresent() && offset < map.get().size() ? map.get().get(offset) : position(node));
      }
    }
    wordPositions.put(key, list);
  }

  /** Reports a problem at character {@code offset} of the scalar {@code node}'s value. */
  void errorAt(ScalarNode node, int offset, String message) {
    Origin.Position p = ScalarPositions.at(text, node, offset);
    problems.add(new Diagnostic(file, p.line(), p.column(), message, line(p.line())));
  }

  /** Reports a problem at word {@code index} of the words {@link #words} recorded for {@code key}. */
  void errorAtWord(String key, int index, Node fallback, String message) {
    List<Origin.Position> list = wordPositions.get(key);
    Origin.Position p = list != null && index < list.size() ? list.get(index) : position(fallback);
    problems.add(new Diagnostic(file, p.line(), p.column(), message, line(p.line())));
  }

  private String line(int line) {
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }

  /** Returns the key node of {@code path} in a mapping read so far, or null. */
  Node keyNode(String path) {
    return keyNodes.get(path);
  }

  /** The tags a descriptor may hold: YAML's core schema, resolved implicitly or written out. */
  private static final Set<Tag> STANDARD_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.NULL, Tag.FLOAT, Tag.TIMESTAMP, Tag.MAP, Tag.SEQ);

  /**
   * Reports, under the key that holds it, every node with a tag outside the core schema (such as
   * {@code !!binary}, {@code !!set} or {@code !local}), every YAML merge key ({@code <<}), and
   * every key or value that is not valid Unicode text.
   *
   * <p>Text is valid when every surrogate is half of a pair (The Unicode Standard, section 3.9,
   * D76: a Unicode scalar value excludes surrogate code points). A double-quoted <code>"&#92;uD800"</code>
   * or <code>"&#92;U0000DC00"</code> gives a lone surrogate, which no UTF-8 output can hold. A pair written
   * as two escapes, <code>"&#92;uD83D&#92;uDE00"</code>, gives U+1F600, as JSON defines it (RFC 8259, section
   * 7), and YAML 1.2 reads JSON; noncharacters such as U+FFFE are valid scalar values and pass.
   *
   * @return true when there is no tag or merge key: text that is not valid Unicode is reported, but
   *     the descriptor's other problems can still be found, so it does not stop the reading
   */
  boolean standardTagsOnly(Node root) {
    tagProblems = 0;
    checkNodes(root, "", Collections.newSetFromMap(new IdentityHashMap<>()));
    return tagProblems == 0;
  }

  /** How many tag and merge-key problems the last {@link #standardTagsOnly} found. */
  private int tagProblems;

  private void checkNodes(Node node, String path, Set<Node> seen) {
    if (!seen.add(node)) {
      return;
    }
    String label = path.isEmpty() ? "the descriptor" : path;
    if (node.getTag().equals(Tag.MERGE)) {
      tagProblems++;
      error(node, path, label + ": expected plain keys, found the YAML merge key " + quote(((ScalarNode) node).getValue())
          + ", which procgen does not expand; write the keys out");
    } else if (!STANDARD_TAGS.contains(node.getTag())) {
      tagProblems++;
      error(node, path, label + ": expected plain YAML values (strings, numbers, booleans, mappings, lists), found the tag "
          + quote(shortTag(node.getTag())));
    }
    if (node instanceof ScalarNode scalar) {
      int bad = loneSurrogate(scalar.getValue());
      if (bad >= 0) {
        errorAt(scalar, bad, label + ": expected valid Unicode text, found the lone surrogate "
            + String.format(Locale.ROOT, "U+%04X", (int) scalar.getValue().charAt(bad))
            + " (half of a UTF-16 pair, not a character) at character " + (bad + 1) + " of " + quote(scalar.getValue()));
      }
    } else if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        Node k = t.getKeyNode();
        boolean plainKey = k instanceof ScalarNode ks && !k.getTag().equals(Tag.MERGE);
        String child = plainKey ? (path.isEmpty() ? "" : path + ".") + printable(((ScalarNode) k).getValue()) : path;
        checkNodes(k, plainKey ? child : path, seen);
        checkNodes(t.getValueNode(), child, seen);
      }
    } else if (node instanceof SequenceNode s) {
      for (Node n : s.getValue()) {
        checkNodes(n, path, seen);
      }
    }
  }

  /** Writes a tag as a descriptor writes it: {@code !!binary} for YAML's own, else as it is. */
  private static String shortTag(Tag tag) {
    String value = tag.getValue();
    return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
  }

  /** Returns the index of the first surrogate in {@code s} that is not half of a pair, or -1. */
  static int loneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Returns {@code s} with each lone surrogate written as <code>&#92;uXXXX</code>, so a message can print it. */
  static String printable(String s) {
    return Diagnostic.withoutLoneSurrogates(s);
  }

  /** Key nodes of every mapping read so far, by dotted path, for errors about the key itself. */
  private final Map<String, Node> keyNodes = new HashMap<>();

  /**
   * Reads a mapping, reporting non-string keys, duplicates and (when {@code known} is given)
   * unknown keys. Returns the value nodes by key in document order, or null if {@code node} is
   * not a mapping.
   */
  Map<String, Node> mapping(Node node, String key, List<String> known) {
    String label = key.isEmpty() ? "the descriptor" : key;
    if (!(node instanceof MappingNode mapping)) {
      error(node, key, label + ": expected a mapping, found " + describe(node));
      return null;
    }
    Map<String, Node> values = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode ks) || ks.getTag().equals(Tag.NULL)) {
        error(keyNode, key, label + ": expected string keys, found " + describe(keyNode));
        continue;
      }
      String k = ks.getValue();
      String path = key.isEmpty() ? k : key + "." + k;
      if (values.containsKey(k)) {
        Node first = keyNodes.get(path);
        error(keyNode, path, path + ": expected each key once, found it again (first at line "
            + (first.getStartMark().getLine() + 1) + ")");
        continue;
      }
      if (known != null && !known.contains(k)) {
        error(keyNode, path, path + ": expected one of " + String.join(", ", known) + ", found unknown key "
            + quote(k) + suggestion(k, known));
        continue;
      }
      values.put(k, tuple.getValueNode());
      keyNodes.put(path, keyNode);
      keyPositions.put(path, position(keyNode));
      positions.put(path, position(tuple.getValueNode()));
    }
    return values;
  }

  private static String suggestion(String key, List<String> known) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance.apply(key.toLowerCase(Locale.ROOT), k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 3) ? " (did you mean '" + best + "'?)" : "";
  }

  /** Reads an optional scalar; null, {@code ~} and the empty string mean absent. */
  Optional<String> scalar(Node node, String key) {
    if (node == null || isAbsent(node)) {
      return Optional.empty();
    }
    if (!(node instanceof ScalarNode s)) {
      error(node, key, key + ": expected a single value, found " + describe(node));
      return Optional.empty();
    }
    return Optional.of(s.getValue());
  }

  /** Reads an optional decimal integer in [min, max]; {@code what} names it, e.g. "a port number". */
  OptionalInt integer(Node node, String key, int min, int max, String what) {
    if (node == null || isAbsent(node)) {
      return OptionalInt.empty();
    }
    if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT) || !DECIMAL.matcher(s.getValue()).matches()) {
      error(node, key, key + ": expected " + what + " from " + min + " to " + max + ", found " + describe(node));
      return OptionalInt.empty();
    }
    long value = Long.parseLong(s.getValue());
    if (value < min || value > max) {
      error(node, key, key + ": expected " + what + " from " + min + " to " + max + ", found " + value);
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) value);
  }

  static boolean isAbsent(Node node) {
    return node instanceof ScalarNode s && (s.getTag().equals(Tag.NULL) || s.getValue().isEmpty());
  }

  static boolean hasControl(String s) {
    return ControlChars.any(s);
  }

  static String describe(Node node) {
    if (node == null) {
      return "nothing";
    }
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    ScalarNode s = (ScalarNode) node;
    if (s.getTag().equals(Tag.NULL)) {
      return "nothing";
    }
    return quote(s.getValue());
  }

  /** Quotes a found value for a message, showing control characters as escapes. */
  static String quote(String value) {
    StringBuilder sb = new StringBuilder("'");
    int shown = 0;
    String printable = printable(value);
    for (int i = 0; i < printable.length(); i++) {
      if (shown++ >= 80) {
        sb.append("...");
        break;
      }
      char c = printable.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < printable.length()) {
        sb.append(c).append(printable.charAt(++i));
      } else {
        sb.append(ControlChars.escape(c));
      }
    }
    return sb.append('\'').toString();
  }

  private Origin.Position position(Node node) {
    Mark mark = node.getStartMark();
    // SnakeYAML marks are 0-based; this is the one place they become 1-based.
    return mark == null ? new Origin.Position(1, 1) : new Origin.Position(mark.getLine() + 1, mark.getColumn() + 1);
  }

  void error(Node node, String key, String message) {
    Origin.Position p = node == null ? new Origin.Position(1, 1) : position(node);
    String source = p.line() >= 1 && p.line() <= lines.size() ? lines.get(p.line() - 1) : "";
    problems.add(new Diagnostic(file, p.line(), p.column(), message, source));
  }
}
