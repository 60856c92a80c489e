package dev.procgen.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine;

/** {@code procgen check}: exits 1, with a diff, when an output folder is not what render would write. */
final class CheckCommand extends DriftCommand {
  CheckCommand(PrintStream stdout, PrintStream stderr, CommandLine.ITypeConverter<Path> paths) {
    super("check", new String[] {"Renders in memory and compares with DIR; writes nothing. Exits 0 when DIR is current, "
        + "otherwise prints a unified diff per changed file and the files that would be created or removed, "
        + "and exits 1. For CI and pre-commit.",
        "Without --target, checks the targets DIR's manifest records."}, stdout, stderr, paths, true);
  }
}
