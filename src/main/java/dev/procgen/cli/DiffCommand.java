package dev.procgen.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;

/** {@code procgen diff}: prints what render would change in an output folder, and exits 0. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {"Renders in memory and prints how DIR would change, as check does; writes nothing and exits 0.",
        "Without --target, compares the targets DIR's manifest records."})
public final class DiffCommand extends DriftCommand {
  DiffCommand(PrintStream stdout, PrintStream stderr) {
    super(stdout, stderr, false);
  }
}
