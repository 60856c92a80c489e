package dev.procgen.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine;

/** {@code procgen diff}: prints what render would change in an output folder, and exits 0. */
final class DiffCommand extends DriftCommand {
  DiffCommand(PrintStream stdout, PrintStream stderr, CommandLine.ITypeConverter<Path> paths) {
    super("diff", new String[] {"Renders in memory and prints how DIR would change, as check does; writes nothing and exits 0.",
        "Without --target, compares the targets DIR's manifest records."}, stdout, stderr, paths, false);
  }
}
