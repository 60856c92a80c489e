package dev.procgen.descriptor;

import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.model.App;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The descriptor front end's entry point: parses a descriptor's text ({@link DescriptorParser}),
 * reads its nodes ({@link NodeReader}) and binds them to the model ({@link DescriptorBinder}).
 */
public final class DescriptorValidator {
  private DescriptorValidator() {}

  /**
   * Validates a parsed descriptor and returns its model.
   *
   * @param file the descriptor path as the user gave it
   * @param source the descriptor path that generated files name (see {@link dev.procgen.model.Origin#source})
   * @param text the descriptor's text, for quoting lines in messages
   * @param root the node {@link DescriptorParser#parse} returned
   * @throws DescriptorException with every problem found
   */
  public static App validate(String file, String source, String text, Node root) throws DescriptorException {
    return DescriptorBinder.bind(file, source, text, root);
  }

  /** Parses and validates in one step, naming the descriptor {@code file} everywhere. */
  public static App load(String file, String text) throws DescriptorException {
    return load(file, file, text);
  }

  /**
   * Parses and validates in one step: the usual entry point.
   *
   * @throws DescriptorException with every problem of the text, as {@code file:line:col} diagnostics
   */
  public static App load(String file, String source, String text) throws DescriptorException {
    return validate(file, source, text, DescriptorParser.parse(file, text));
  }
}
