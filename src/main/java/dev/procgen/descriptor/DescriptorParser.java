package dev.procgen.descriptor;

import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.diagnostic.Diagnostic;
import java.io.StringReader;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.representer.Representer;

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
    Yaml yaml =
        new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options);
    Node root;
    try {
      root = yaml.compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      throw new DescriptorException(List.of(fromMarked(file, text, e)));
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
    return root;
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
