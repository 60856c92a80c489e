package dev.procgen.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code procgen diff}: prints what render would change in an output folder, and exits 0. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {"Renders in memory and prints how DIR would change, as check does; writes nothing and exits 0.",
        "Without --target, compares the targets DIR's manifest records."})
public final class DiffCommand implements Callable<Integer> {
  @Mixin RenderOptions options;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true, description = "The folder render wrote.")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final PrintStream stdout;
  private final PrintStream stderr;

  DiffCommand(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() throws IOException {
    return DriftCommand.run("diff", options, out, spec.commandLine(), stdout, stderr, false);
  }
}
