package dev.procgen.cli;

import dev.procgen.compiler.Compiler;
import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.output.Drift;
import dev.procgen.output.OutputWriter;
import dev.procgen.targets.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * What {@code procgen check} and {@code procgen diff} share: render in memory, compare with the
 * output folder, print every difference, write nothing.
 */
abstract class DriftCommand implements Callable<Integer> {
  @Mixin RenderOptions options;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true, description = "The folder render wrote.")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final PrintStream stdout;
  private final PrintStream stderr;
  private final boolean failOnDrift;

  /**
   * Creates the command.
   *
   * @param failOnDrift true for check (status 1 when anything differs), false for diff
   */
  DriftCommand(PrintStream stdout, PrintStream stderr, boolean failOnDrift) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.failOnDrift = failOnDrift;
  }

  @Override
  public Integer call() throws IOException {
    String name = spec.name();
    OutputWriter.requireFolder(out, "cannot read");
    List<Target> targets = options.resolveOrFromManifest(spec.commandLine(), out);
    Drift.Comparison comparison = new Drift.Comparison(out);
    Compiler.Run result;
    try {
      result = Compiler.compile(options.files, targets, new Compiler.Options(options.init(), Optional.of(out)),
          comparison::add);
    } catch (DescriptorException e) {
      e.diagnostics().forEach(d -> stderr.println(d.format()));
      stderr.flush();
      return 1;
    }
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
      drifting.forEach((path, how) -> stdout.println("  " + how + " " + path));
    }
    stdout.flush();
    return failOnDrift && !changes.isEmpty() ? 1 : 0;
  }
}
