package dev.procgen.descriptor;

import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.diagnostic.Diagnostic;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses a descriptor's text into a SnakeYAML node tree that keeps every value's position.
 *
 * <p>Only composition runs, never construction, so no tag can instantiate a type; aliases,
 * nesting depth and size are capped so that hostile YAML fails fast.
 */
public final class DescriptorParser {
  /** The largest descriptor accepted, in bytes (and in code points, which is never more). */
  public static final int MAX_BYTES = 1024 * 1024;

  private static final int MAX_ALIASES = 50;
  private static final int MAX_DEPTH = 32;

  private DescriptorParser() {}

  /**
   * Composes a one-line document and drops it, which loads and initializes SnakeYAML's scanner,
   * parser, composer and resolver ahead of the first descriptor (see {@code
   * Compiler.prepareInBackground}).
   */
  public static void prepare() {
    try {
      parse("-", "a: b\n");
    } catch (DescriptorException e) {
      throw new IllegalStateException("a one-line document did not parse", e);
    }
  }

  /**
   * Composes {@code text} into one YAML node.
   *
   * @param file the descriptor path as the user gave it, for messages
   * @param text the descriptor's text
   * @return the root node, never null
   * @throws DescriptorException for a YAML syntax error, an empty document, or more than one
   */
  public static Node parse(String file, String text) throws DescriptorException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_BYTES);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    List<Mark> aliases = new ArrayList<>();
    Node root;
    try {
      // What Yaml.compose does, with the parser's alias events recorded on the way.
      Parser parser = new AliasRecorder(new ParserImpl(new StreamReader(new StringReader(text)), options), aliases);
      root = new Composer(parser, new Resolver(), options).getSingleNode();
    } catch (MarkedYAMLException e) {
      throw new DescriptorException(List.of(fromMarked(file, text, e)));
    } catch (ReaderException e) {
      throw new DescriptorException(List.of(unprintable(file, text)));
    } catch (YAMLException e) {
      throw new DescriptorException(List.of(Diagnostic.ofFile(file, describe(e))));
    } catch (RuntimeException e) {
      // SnakeYAML 2.5 lets some malformed escapes through as bare runtime errors (the fuzz test
      // found "\x" in a double-quoted scalar throwing NumberFormatException).
      throw new DescriptorException(List.of(Diagnostic.ofFile(file,
          "expected a valid YAML document, found text the YAML parser cannot read (" + e + ")")));
    }
    if (root == null) {
      throw new DescriptorException(
          List.of(Diagnostic.ofFile(file, "the descriptor is empty; expected a mapping with at least 'app' and 'processes'")));
    }
    return placeAliasesAtUse(root, aliases.iterator(), Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  /** Passes the parser's events through, recording where each alias ({@code *name}) is written. */
  private record AliasRecorder(Parser parser, List<Mark> aliases) implements Parser {
    @Override
    public boolean checkEvent(Event.ID choice) {
      return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      return parser.peekEvent();
    }

    @Override
    public Event getEvent() {
      Event event = parser.getEvent();
      if (event instanceof AliasEvent) {
        aliases.add(event.getStartMark());
      }
      return event;
    }
  }

  /**
   * Gives each use of an alias its own node, marked where the alias is written, so that an error
   * about the value at that key points at the key's line, not at the anchor's. SnakeYAML hands
   * back the anchored node itself for every alias. The copy is shallow: what is inside an aliased
   * list or mapping keeps the anchor's positions, which is where it is written. The tree is
   * walked in document order, the order of the alias events, and an anchor always comes before
   * its aliases, so the n-th node seen again is the n-th alias.
   */
  private static Node placeAliasesAtUse(Node node, java.util.Iterator<Mark> aliases, Set<Node> seen) {
    if (!seen.add(node)) {
      if (!aliases.hasNext()) {
        return node;
      }
      Mark at = aliases.next();
      if (node instanceof ScalarNode s) {
        return new ScalarNode(s.getTag(), s.getValue(), at, at, s.getScalarStyle());
      } else if (node instanceof MappingNode m) {
        return new MappingNode(m.getTag(), true, m.getValue(), at, at, m.getFlowStyle());
      } else if (node instanceof SequenceNode q) {
        return new SequenceNode(q.getTag(), true, q.getValue(), at, at, q.getFlowStyle());
      }
      return node;
    }
    if (node instanceof MappingNode m) {
      List<NodeTuple> tuples = m.getValue();
      for (int i = 0; i < tuples.size(); i++) {
        NodeTuple t = tuples.get(i);
        Node key = placeAliasesAtUse(t.getKeyNode(), aliases, seen);
        Node value = placeAliasesAtUse(t.getValueNode(), aliases, seen);
        if (key != t.getKeyNode() || value != t.getValueNode()) {
          tuples.set(i, new NodeTuple(key, value));
        }
      }
    } else if (node instanceof SequenceNode q) {
      List<Node> items = q.getValue();
      for (int i = 0; i < items.size(); i++) {
        items.set(i, placeAliasesAtUse(items.get(i), aliases, seen));
      }
    }
    return node;
  }

  /** Words SnakeYAML's unpositioned limits in the descriptor's own terms. */
  private static String describe(YAMLException e) {
    String m = String.valueOf(e.getMessage());
    if (m.startsWith("Number of aliases for non-scalar nodes exceeds")) {
      return "expected at most " + MAX_ALIASES + " aliases to lists or mappings, found more (an alias bomb?); "
          + "write the values out instead";
    }
    if (m.startsWith("Nesting Depth exceeded")) {
      return "expected lists and mappings nested at most " + MAX_DEPTH + " deep, found deeper nesting";
    }
    if (m.startsWith("The incoming YAML document exceeds the limit")) {
      return "expected a descriptor of at most " + MAX_BYTES + " characters, found a longer one";
    }
    return "expected a valid YAML document, found: " + m;
  }

  /** Converts a SnakeYAML error, whose marks are 0-based, to a 1-based diagnostic. */
  /**
   * Returns the error for the first character YAML may not hold, at its line and column (in code
   * points, from 1). YAML 1.1 section 5.1 (https://yaml.org/spec/1.1/#id868524) allows tab, line
   * feed, carriage return, U+0085, U+0020-U+007E, U+00A0-U+D7FF, U+E000-U+FFFD and
   * U+10000-U+10FFFF, as SnakeYAML's StreamReader checks; the others, such as NUL, ESC or U+FFFE,
   * can only be written as escapes in a double-quoted scalar.
   */
  static Diagnostic unprintable(String file, String text) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (!printable(c)) {
        String escape = c < 0x100 ? String.format(Locale.ROOT, "\\x%02X", c) : String.format(Locale.ROOT, "\\u%04X", c);
        return new Diagnostic(file, line, column, "expected text YAML may hold, found the character U+"
            + String.format(Locale.ROOT, "%04X", c) + ", which YAML allows only as an escape (" + escape
            + ") in a double-quoted string", masked(Lines.of(text, line)));
      }
      i += Character.charCount(c);
      if (c == '\n' || (c == '\r' && (i >= text.length() || text.charAt(i) != '\n'))) {
        line++;
        column = 1;
      } else if (c != '\r') {
        column++;
      }
    }
    return Diagnostic.ofFile(file, "expected a valid YAML document, found special characters");
  }

  private static boolean printable(int c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
  }

  /** The source line as a terminal can show it: each character YAML may not hold as U+FFFD. */
  private static String masked(String line) {
    StringBuilder sb = new StringBuilder();
    line.codePoints().forEach(c -> sb.appendCodePoint(printable(c) ? c : 0xFFFD));
    return sb.toString();
  }

  private static Diagnostic fromMarked(String file, String text, MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String problem = e.getProblem() != null ? e.getProblem() : "invalid YAML";
    String context = e.getContext();
    String message = "YAML syntax: " + (context != null ? context + ", " : "") + problem;
    if (mark == null) {
      return Diagnostic.ofFile(file, message);
    }
    int line = mark.getLine() + 1;
    int column = mark.getColumn() + 1;
    return new Diagnostic(file, line, column, message, Lines.of(text, line));
  }
}
