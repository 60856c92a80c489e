package dev.procgen.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;

/** {@code procgen check}: exits 1, with a diff, when an output folder is not what render would write. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {"Renders in memory and compares with DIR; writes nothing. Exits 0 when DIR is current, "
        + "otherwise prints a unified diff per changed file and the files that would be created or removed, "
        + "and exits 1. For CI and pre-commit.",
        "Without --target, checks the targets DIR's manifest records."})
public final class CheckCommand extends DriftCommand {
  CheckCommand(PrintStream stdout, PrintStream stderr) {
    super(stdout, stderr, true);
  }
}
