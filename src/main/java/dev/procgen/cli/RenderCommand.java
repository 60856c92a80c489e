package dev.procgen.cli;

import dev.procgen.descriptor.DescriptorException;
import dev.procgen.descriptor.DescriptorLoader;
import dev.procgen.descriptor.Diagnostic;
import dev.procgen.model.App;
import dev.procgen.output.OutputWriter;
import dev.procgen.output.RepoPaths;
import dev.procgen.target.Headers;
import dev.procgen.target.RenderedFile;
import dev.procgen.target.ShQuoting;
import dev.procgen.target.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code procgen render}: renders descriptors into one or more targets, to stdout or a folder. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = "Renders app descriptors into init-system files.")
public final class RenderCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "App descriptors (YAML).")
  List<Path> files;

  @Option(names = {"-t", "--target"}, required = true, paramLabel = "TARGET",
      description = "A target id, or 'all'. May be repeated.")
  List<String> targets;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR",
      description = "Write DIR/<target>/<files> and list them, instead of printing to stdout.")
  Path out;

  @Option(names = "--force",
      description = "With --out, replace existing files even if procgen did not generate them.")
  boolean force;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final PrintStream stdout;
  private final PrintStream stderr;

  RenderCommand(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() throws IOException {
    List<Target> chosen = resolveTargets();
    List<App> apps;
    try {
      apps = DescriptorLoader.load(files);
      List<Diagnostic> refusals = new ArrayList<>();
      for (Target target : chosen) {
        refusals.addAll(target.check(apps));
      }
      if (!refusals.isEmpty()) {
        throw new DescriptorException(refusals);
      }
    } catch (DescriptorException e) {
      for (Diagnostic d : e.diagnostics()) {
        stderr.println(d.format());
      }
      stderr.flush();
      return 1;
    }

    for (Target target : chosen) {
      for (App app : apps) {
        for (Diagnostic warning : target.warnings(app)) {
          stderr.println(warning.format());
        }
      }
    }
    String command = regenerateCommand(apps, chosen);
    List<OutputWriter.Entry> entries = new ArrayList<>();
    for (Target target : chosen) {
      for (RenderedFile rendered : target.render(apps)) {
        RenderedFile file = Headers.apply(rendered, target.commentPrefix(), command);
        entries.add(new OutputWriter.Entry(target.id() + "/" + file.path(), file.content(), file.executable()));
      }
    }
    if (out != null) {
      List<Path> written;
      try {
        written = OutputWriter.write(out, entries, Headers::isGenerated, force);
      } catch (OutputWriter.UnsafeOutputException e) {
        e.problems().forEach(stderr::println);
        stderr.flush();
        return 1;
      }
      written.forEach(stdout::println);
    } else if (entries.size() == 1) {
      stdout.print(entries.get(0).content());
    } else {
      boolean first = true;
      for (OutputWriter.Entry entry : entries) {
        if (!first) {
          stdout.println();
        }
        first = false;
        stdout.println("# ==> " + entry.relativePath() + " <==");
        stdout.print(entry.content());
      }
    }
    stdout.flush();
    return 0;
  }

  /** The command that renders this run again, as the header of every file quotes it. */
  private String regenerateCommand(List<App> apps, List<Target> chosen) {
    List<String> words = new ArrayList<>(List.of("procgen", "render"));
    apps.forEach(a -> words.add(a.origin().source()));
    if (chosen.size() == Target.all().size()) {
      words.addAll(List.of("--target", "all"));
    } else {
      chosen.forEach(t -> words.addAll(List.of("--target", t.id())));
    }
    if (out != null) {
      words.addAll(List.of("--out", RepoPaths.display(out, true)));
    }
    return words.stream().map(w -> ShQuoting.canCarry(w) ? ShQuoting.quote(w) : w).collect(Collectors.joining(" "));
  }

  private List<Target> resolveTargets() {
    Set<String> wanted = new LinkedHashSet<>();
    for (String t : targets) {
      if (t.equals("all")) {
        Target.all().forEach(x -> wanted.add(x.id()));
      } else if (Target.byId(t).isPresent()) {
        wanted.add(t);
      } else {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "Invalid value for option '--target': '" + t + "'; expected one of: all, "
                + Target.all().stream().map(Target::id).collect(Collectors.joining(", ")));
      }
    }
    // Always in the documented order, whatever order the options came in.
    return Target.all().stream().filter(t -> wanted.contains(t.id())).toList();
  }

  /** Lists the targets for the help footer, one line each. */
  static String[] targetTable() {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("Targets:");
    lines.add(String.format(Locale.ROOT, "  %-9s %s", "all", "every target below"));
    for (Target t : Target.all()) {
      lines.add(String.format(Locale.ROOT, "  %-9s %s", t.id(), t.summary()));
    }
    lines.add("");
    return lines.toArray(String[]::new);
  }
}
