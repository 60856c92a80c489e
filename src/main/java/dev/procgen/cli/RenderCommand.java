package dev.procgen.cli;

import dev.procgen.compiler.Compiler;
import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.output.FileProblem;
import dev.procgen.output.Headers;
import dev.procgen.output.OutputLock;
import dev.procgen.output.OutputWriter;
import dev.procgen.targets.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** {@code procgen render}: renders descriptors into one or more targets, to stdout or a folder. */
final class RenderCommand implements Callable<Integer> {
  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
  private final RenderOptions options;
  private final OptionSpec outOption;
  private final PrintStream stdout;
  private final PrintStream stderr;

  /** Creates the command, with {@code paths} reading every path argument. */
  RenderCommand(PrintStream stdout, PrintStream stderr, CommandLine.ITypeConverter<Path> paths) {
    this.stdout = stdout;
    this.stderr = stderr;
    spec.name("render").usageMessage().description("Renders app descriptors into init-system files.");
    Specs.standardHelpOptions(spec);
    options = new RenderOptions(spec, paths);
    outOption = OptionSpec.builder("-o", "--out").paramLabel("DIR").type(Path.class).converters(paths)
        .description("Write DIR/<target>/<files> and list them, instead of printing to stdout. "
            + "Files that earlier renders wrote for these descriptors (or for descriptors deleted from a folder "
            + "given) and this one no longer produces are removed; other apps' files are left as they are.").build();
    spec.addOption(outOption);
    spec.addOption(Specs.flag("--force")
        .description("With --out, replace existing files even if procgen did not generate them.").build());
  }

  /** Returns the command's model. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() throws IOException {
    Path out = outOption.getValue();
    if (options.targets().isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--target=TARGET'");
    }
    List<Target> chosen = options.resolve(spec.commandLine());
    if (out != null) {
      OutputWriter.requireFolder(out, "cannot write to");
      return write(chosen, out, Specs.isSet(spec, "--force"));
    }
    Compiler.Compilation result;
    try {
      result = Compiler.compile(options.files(), chosen, new Compiler.Options(options.init(), Optional.ofNullable(out)));
    } catch (DescriptorException e) {
      print(e.diagnostics(), stderr);
      stderr.flush();
      return 1;
    }
    print(result.warnings(), stderr);
    if (result.files().size() == 1) {
      stdout.print(result.files().get(0).content());
    } else {
      boolean first = true;
      for (OutputWriter.Entry entry : result.files()) {
        if (!first) {
          stdout.println();
        }
        first = false;
        stdout.println("# ==> " + entry.relativePath() + " <==");
        stdout.print(entry.content());
      }
    }
    stdout.flush();
    stderr.flush();
    return 0;
  }

  /**
   * Compiles the run and writes it into {@code out}, both under the folder's lock, because the
   * manifests that decide the stale files may change until the lock is held. Each app's files are
   * staged as soon as they are rendered. A run refused for its descriptors or its files leaves
   * {@code out} as it was: the staging undoes its files, and the lock removes what it created.
   */
  private int write(List<Target> chosen, Path out, boolean force) throws IOException {
    OutputWriter.Outcome outcome;
    // Closed in reverse: an uncommitted staging undoes its files, then the lock removes what it created.
    try (OutputLock lock = OutputLock.acquire(out);
        OutputWriter.Staging staging = OutputWriter.stage(out, new Predicate<String>() {
          @Override
          public boolean test(String content) {
            return Headers.isGenerated(content);
          }
        }, force)) {
      Compiler.Run run;
      try {
        run = Compiler.compile(options.files(), chosen, new Compiler.Options(options.init(), Optional.of(out)),
            new Compiler.Sink() {
              @Override
              public void accept(OutputWriter.Entry file) throws FileProblem {
                staging.add(file);
              }
            });
      } catch (DescriptorException e) {
        print(e.diagnostics(), stderr);
        stderr.flush();
        return 1;
      }
      print(run.warnings(), stderr);
      try {
        outcome = staging.commit(run.paths(), run.stale());
      } catch (OutputWriter.UnsafeOutputException e) {
        for (String problem : e.problems()) {
          stderr.println(problem);
        }
        stderr.flush();
        return 1;
      }
      lock.commit();
    }
    for (Path p : outcome.written()) {
      stdout.println(p);
    }
    for (Path p : outcome.removed()) {
      stdout.println("removed " + p);
    }
    for (Path p : outcome.kept()) {
      stderr.println(p + ": warning: procgen no longer produces this file, but it "
          + "no longer carries procgen's header either, so it is left in place");
    }
    stdout.flush();
    stderr.flush();
    return 0;
  }

  /** Prints each diagnostic on its own lines, as {@link Diagnostic#format} writes it. */
  static void print(List<Diagnostic> diagnostics, PrintStream err) {
    for (Diagnostic d : diagnostics) {
      err.println(d.format());
    }
  }

  /** Lists the targets for the help footer, one line each. */
  static String[] targetTable() {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("Targets:");
    lines.add(row("all", "every target below"));
    for (Target t : Target.all()) {
      lines.add(row(t.id(), t.summary()));
    }
    lines.add("");
    return lines.toArray(new String[0]);
  }

  /** One line of the table: the id in a column of 10 (what {@code "%-10s"} gives), then the summary. */
  private static String row(String id, String summary) {
    // Not String.format: its first use costs a cold run a few milliseconds (docs/performance.md).
    return "  " + id + " ".repeat(Math.max(0, 10 - id.length())) + " " + summary;
  }
}
