package dev.procgen.diagnostic;

import java.util.List;

/** Thrown when one or more descriptors are invalid; carries every problem found, in order. */
public final class DescriptorException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The problems, at least one. */
  private final transient List<Diagnostic> diagnostics;

  /** Creates the exception; {@code diagnostics} must not be empty. */
  public DescriptorException(List<Diagnostic> diagnostics) {
    super(diagnostics.isEmpty() ? "invalid descriptor" : diagnostics.get(0).format());
    if (diagnostics.isEmpty()) {
      throw new IllegalArgumentException("a DescriptorException needs at least one diagnostic");
    }
    this.diagnostics = List.copyOf(diagnostics);
  }

  /** Returns every problem, in the order found. */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
