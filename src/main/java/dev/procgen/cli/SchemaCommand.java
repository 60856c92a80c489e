package dev.procgen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code procgen schema}: prints the descriptor's JSON Schema, byte for byte as the build copied
 * it from {@code schema/procgen-descriptor.schema.json}, for editors that read a
 * {@code # yaml-language-server: $schema=...} modeline.
 */
final class SchemaCommand implements Callable<Integer> {
  /** The schema's classpath resource; pom.xml copies the schema folder there, unfiltered. */
  static final String RESOURCE = "/schema/procgen-descriptor.schema.json";

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
  private final PrintStream out;

  SchemaCommand(PrintStream out) {
    this.out = out;
    spec.name("schema");
    spec.usageMessage()
        .description("Prints the JSON Schema (draft-07) of the app descriptor, for editor support.",
            "Save it beside the descriptors and name it in a '# yaml-language-server: $schema=<path>' line. The schema checks "
            + "keys, types, ranges and patterns; procgen render and check also check the rules between keys, "
            + "the host's folders and what each target can carry.");
    Specs.standardHelpOptions(spec);
  }

  /** Returns the command's model. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    try (InputStream in = SchemaCommand.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the build left out the resource " + RESOURCE);
      }
      out.write(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
    return 0;
  }
}
