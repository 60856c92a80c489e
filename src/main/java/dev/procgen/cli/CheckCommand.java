package dev.procgen.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code procgen check}: exits 1, with a diff, when an output folder is not what render would write. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {"Renders in memory and compares with DIR; writes nothing. Exits 0 when DIR is current, "
        + "otherwise prints a unified diff per changed file and the files that would be created or removed, "
        + "and exits 1. For CI and pre-commit.",
        "Without --target, checks the targets DIR's manifest records."})
public final class CheckCommand implements Callable<Integer> {
  @Mixin RenderOptions options;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true, description = "The folder render wrote.")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final PrintStream stdout;
  private final PrintStream stderr;

  CheckCommand(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() throws IOException {
    return DriftCommand.run("check", options, out, spec.commandLine(), stdout, stderr, true);
  }
}
