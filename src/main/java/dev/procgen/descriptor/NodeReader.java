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
  private final List<String> lines;
  private final List<Diagnostic> problems = new ArrayList<>();
  private final Map<String, Origin.Position> positions = new HashMap<>();
  private final Map<String, Origin.Position> keyPositions = new HashMap<>();

  /**
   * Creates a reader for one descriptor.
   *
   * @param file the descriptor path as the user gave it, for messages
   * @param lines the descriptor's lines, for quoting the offending line
   */
  NodeReader(String file, List<String> lines) {
    this.file = file;
    this.lines = lines;
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
    return new Origin(file, source, positions, keyPositions, lines);
  }

  /** Returns the key node of {@code path} in a mapping read so far, or null. */
  Node keyNode(String path) {
    return keyNodes.get(path);
  }

  /** The tags a descriptor may hold: YAML's core schema, resolved implicitly or written out. */
  private static final Set<Tag> STANDARD_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.NULL, Tag.FLOAT, Tag.TIMESTAMP, Tag.MAP, Tag.SEQ);

  /**
   * Reports every node with a tag outside the core schema, such as {@code !!python/object}.
   *
   * @return true when every tag is a standard one
   */
  boolean standardTagsOnly(Node root) {
    int before = problems.size();
    rejectCustomTags(root, Collections.newSetFromMap(new IdentityHashMap<>()));
    return problems.size() == before;
  }

  private void rejectCustomTags(Node node, Set<Node> seen) {
    if (!seen.add(node)) {
      return;
    }
    if (!STANDARD_TAGS.contains(node.getTag())) {
      error(node, "", "tag: expected plain YAML values (strings, numbers, booleans, mappings, lists), found the tag "
          + quote(node.getTag().getValue()));
    }
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        rejectCustomTags(t.getKeyNode(), seen);
        rejectCustomTags(t.getValueNode(), seen);
      }
    } else if (node instanceof SequenceNode s) {
      s.getValue().forEach(n -> rejectCustomTags(n, seen));
    }
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
    for (int i = 0; i < value.length(); i++) {
      if (shown++ >= 80) {
        sb.append("...");
        break;
      }
      sb.append(ControlChars.escape(value.charAt(i)));
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
