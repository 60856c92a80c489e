package dev.procgen.cli;

import dev.procgen.compiler.Compiler;
import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.output.Drift;
import dev.procgen.output.FileProblem;
import dev.procgen.output.OutputWriter;
import dev.procgen.targets.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * What {@code procgen check} and {@code procgen diff} share: render in memory, compare with the
 * output folder, print every difference, write nothing.
 */
abstract class DriftCommand implements Callable<Integer> {
  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
  private final RenderOptions options;
  private final OptionSpec outOption;
  private final PrintStream stdout;
  private final PrintStream stderr;
  private final boolean failOnDrift;

  /**
   * Creates the command.
   *
   * @param name the subcommand's name
   * @param description its description, a paragraph per string
   * @param paths reads every path argument
   * @param failOnDrift true for check (status 1 when anything differs), false for diff
   */
  DriftCommand(String name, String[] description, PrintStream stdout, PrintStream stderr,
      CommandLine.ITypeConverter<Path> paths, boolean failOnDrift) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.failOnDrift = failOnDrift;
    spec.name(name).usageMessage().description(description);
    Specs.standardHelpOptions(spec);
    options = new RenderOptions(spec, paths);
    outOption = OptionSpec.builder("-o", "--out").paramLabel("DIR").type(Path.class).converters(paths).required(true)
        .description("The folder render wrote.").build();
    spec.addOption(outOption);
  }

  /** Returns the command's model. */
  final CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() throws IOException {
    String name = spec.name();
    Path out = outOption.getValue();
    OutputWriter.requireFolder(out, "cannot read");
    List<Target> targets = options.resolveOrFromManifest(spec.commandLine(), out);
    Drift.Comparison comparison = new Drift.Comparison(out);
    Compiler.Run result;
    try {
      result = Compiler.compile(options.files(), targets, new Compiler.Options(options.init(), Optional.of(out)),
          new Compiler.Sink() {
            @Override
            public void accept(OutputWriter.Entry file) throws FileProblem {
              comparison.add(file);
            }
          });
    } catch (DescriptorException e) {
      RenderCommand.print(e.diagnostics(), stderr);
      stderr.flush();
      return 1;
    }
    // What the descriptors themselves deserve a word on (a value that looks like a secret); the
    // targets' own approximations are render's to report.
    List<dev.procgen.diagnostic.Diagnostic> lint = new ArrayList<>();
    for (dev.procgen.diagnostic.Diagnostic d : result.warnings()) {
      if (d.message().startsWith("environment.")) {
        lint.add(d);
      }
    }
    RenderCommand.print(lint, stderr);
    List<Drift.Change> changes = comparison.finish(result.paths(), result.stale());
    Map<String, String> drifting = new LinkedHashMap<>();
    for (Drift.Change c : changes) {
      switch (c.kind()) {
        case CHANGE -> {
          stdout.print(c.detail());
          drifting.putIfAbsent(c.path(), "changed");
        }
        case CREATE -> {
          stdout.println("would create " + c.path());
          drifting.putIfAbsent(c.path(), "missing");
        }
        case REMOVE -> {
          stdout.println("would remove " + c.path());
          drifting.putIfAbsent(c.path(), "stale  ");
        }
        case MODE -> {
          stdout.println("would change the mode of " + c.path() + ": " + c.detail());
          drifting.putIfAbsent(c.path(), "mode   ");
        }
      }
    }
    if (changes.isEmpty()) {
      stdout.println("procgen " + name + ": " + out + " is current (" + result.paths().size() + " files)");
    } else {
      stdout.println("procgen " + name + ": " + drifting.size() + " file(s) in " + out
          + " differ from the descriptors; run procgen render with the same arguments to update them:");
      for (Map.Entry<String, String> d : drifting.entrySet()) {
        stdout.println("  " + d.getValue() + " " + d.getKey());
      }
    }
    stdout.flush();
    return failOnDrift && !changes.isEmpty() ? 1 : 0;
  }
}
