package dev.procgen.cli;

import dev.procgen.descriptor.DescriptorException;
import dev.procgen.descriptor.DescriptorLoader;
import dev.procgen.descriptor.Diagnostic;
import dev.procgen.model.App;
import dev.procgen.output.Manifest;
import dev.procgen.output.OutputWriter;
import dev.procgen.output.RepoPaths;
import dev.procgen.targets.Headers;
import dev.procgen.targets.RenderContext;
import dev.procgen.targets.RenderedFile;
import dev.procgen.targets.ShQuoting;
import dev.procgen.targets.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The steps every command shares: expand the arguments to descriptor files, load and validate
 * them, let each target refuse what it cannot carry, render, add headers, and, for an output
 * folder, work out the manifest and the files that have gone stale. It writes nothing.
 */
final class Pipeline {
  private Pipeline() {}

  /**
   * What a run would write.
   *
   * @param entries every file, with paths below the output folder (or as printed), in order
   * @param stale files a previous run wrote into the folder that this run no longer produces
   * @param warnings what the targets render less exactly than the descriptors say
   */
  record Result(List<OutputWriter.Entry> entries, List<String> stale, List<Diagnostic> warnings) {}

  /**
   * Replaces each folder argument by the {@code *.yaml} and {@code *.yml} files directly in it,
   * sorted by name; other arguments stay as given.
   *
   * @throws DescriptorException for a folder that holds no descriptor
   */
  static List<Path> expand(List<Path> args) throws DescriptorException, IOException {
    List<Path> files = new ArrayList<>();
    List<Diagnostic> problems = new ArrayList<>();
    for (Path arg : args) {
      if (!Files.isDirectory(arg)) {
        files.add(arg);
        continue;
      }
      try (Stream<Path> s = Files.list(arg)) {
        List<Path> found = s.filter(p -> {
          String n = p.getFileName().toString();
          return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p);
        }).sorted().toList();
        if (found.isEmpty()) {
          problems.add(Diagnostic.ofFile(arg.toString(), "expected a folder with *.yaml or *.yml descriptors, found none"));
        }
        files.addAll(found);
      }
    }
    if (!problems.isEmpty()) {
      throw new DescriptorException(problems);
    }
    return files;
  }

  /**
   * Runs the pipeline.
   *
   * @param args descriptor files or folders, as given
   * @param targets the targets to render, in documented order
   * @param out the output folder, or null to print
   * @param init the init system the bootstrap target installs under
   * @throws DescriptorException with every problem of every descriptor, and every refusal
   */
  static Result run(List<Path> args, List<Target> targets, Path out, RenderContext.Init init)
      throws DescriptorException, IOException {
    List<App> apps = DescriptorLoader.load(expand(args));
    // The bootstrap target repeats the refusals of the targets whose files it carries: say each once.
    Set<Diagnostic> refusals = new LinkedHashSet<>();
    for (Target target : targets) {
      refusals.addAll(target.check(apps, init));
    }
    if (!refusals.isEmpty()) {
      throw new DescriptorException(List.copyOf(refusals));
    }
    List<Diagnostic> warnings = new ArrayList<>();
    for (Target target : targets) {
      for (App app : apps) {
        warnings.addAll(target.warnings(app));
      }
    }

    String command = regenerateCommand(apps, targets, out, init);
    RenderContext context = new RenderContext(command, init);
    List<OutputWriter.Entry> entries = new ArrayList<>();
    for (Target target : targets) {
      for (RenderedFile rendered : target.render(apps, context)) {
        RenderedFile file = Headers.apply(rendered, target.commentPrefix(), command);
        entries.add(new OutputWriter.Entry(target.id() + "/" + file.path(), file.content(), file.executable()));
      }
    }
    if (out == null) {
      return new Result(entries, List.of(), warnings);
    }

    Set<String> rendered = targets.stream().map(Target::id).collect(Collectors.toSet());
    Set<String> produced = entries.stream().map(OutputWriter.Entry::relativePath).collect(Collectors.toSet());
    List<String> stale = new ArrayList<>();
    Set<String> recorded = new LinkedHashSet<>(produced);
    for (String old : Manifest.read(out)) {
      if (!rendered.contains(Manifest.targetOf(old))) {
        recorded.add(old); // another target's files, from another run: still procgen's.
      } else if (!produced.contains(old)) {
        stale.add(old);
      }
    }
    RenderedFile manifest = Headers.apply(
        new RenderedFile(Manifest.FILE, Manifest.text("", List.copyOf(recorded)), false,
            apps.stream().map(a -> a.origin().source()).toList()),
        "#", command);
    entries.add(new OutputWriter.Entry(Manifest.FILE, manifest.content(), false));
    return new Result(entries, stale, warnings);
  }

  /** The command that renders this run again, as the header of every file quotes it. */
  private static String regenerateCommand(List<App> apps, List<Target> targets, Path out, RenderContext.Init init) {
    List<String> words = new ArrayList<>(List.of("procgen", "render"));
    apps.forEach(a -> words.add(a.origin().source()));
    if (targets.size() == Target.all().size()) {
      words.addAll(List.of("--target", "all"));
    } else {
      targets.forEach(t -> words.addAll(List.of("--target", t.id())));
    }
    if (out != null) {
      words.addAll(List.of("--out", RepoPaths.display(out, true)));
    }
    if (targets.stream().anyMatch(t -> t.id().equals("bootstrap"))) {
      words.addAll(List.of("--init", init.id()));
    }
    return words.stream().map(w -> ShQuoting.canCarry(w) ? ShQuoting.quote(w) : w).collect(Collectors.joining(" "));
  }
}
