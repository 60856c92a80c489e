package dev.procgen.compiler;

import dev.procgen.descriptor.DescriptorLoader;
import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.App;
import dev.procgen.output.FileProblem;
import dev.procgen.output.Headers;
import dev.procgen.output.Manifest;
import dev.procgen.output.OutputWriter;
import dev.procgen.output.RepoPaths;
import dev.procgen.plan.LaunchPlan;
import dev.procgen.plan.Planner;
import dev.procgen.targets.Installable;
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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The compiler's one entry point: descriptors in, the files of one run out. It parses and
 * validates the descriptors, plans every app's launch, checks every generated name of every
 * target, lets the chosen targets refuse what they cannot carry, renders them, adds headers and,
 * for an output folder, works out the manifest and the stale files. It reads the descriptors and
 * the folder's manifest and writes nothing: the CLI prints or hands the result to {@link
 * OutputWriter}.
 */
public final class Compiler {
  private Compiler() {}

  /**
   * A run's settings besides the descriptors and targets.
   *
   * @param init the init system that targets which set a host up install under ({@code --init})
   * @param out the output folder, or empty when the files are printed
   */
  public record Options(Installable init, Optional<Path> out) {}

  /**
   * What a run would write.
   *
   * @param files every file, with paths below the output folder ({@code <target>/<file>}), in
   *     order; with an output folder, the manifest last
   * @param stale files a previous run wrote into the folder that this run no longer produces
   * @param warnings what the targets render less exactly than the descriptors say
   */
  public record Compilation(List<OutputWriter.Entry> files, List<String> stale, List<Diagnostic> warnings) {}

  /**
   * Compiles one run.
   *
   * @param args descriptor files, or folders whose {@code *.yaml} and {@code *.yml} files are
   *     descriptors
   * @param targets the targets to render, in documented order
   * @throws DescriptorException with every problem of every descriptor, every name collision or
   *     reserved name, and every refusal of a chosen target
   * @throws FileProblem if the output folder's manifest cannot be read or is not procgen's
   */
  public static Compilation compile(Iterable<Path> args, List<Target> targets, Options options)
      throws DescriptorException, FileProblem {
    return compile(DescriptorLoader.load(expand(args), p -> RepoPaths.display(p, false)), targets, options);
  }

  /**
   * Compiles apps that are already loaded, for example from {@link
   * dev.procgen.descriptor.DescriptorValidator#load}.
   *
   * @param apps valid apps with distinct names, in order
   * @param targets the targets to render, in documented order
   * @throws DescriptorException with every name collision or reserved name, and every refusal of
   *     a chosen target
   * @throws FileProblem if the output folder's manifest cannot be read or is not procgen's
   */
  public static Compilation compile(List<App> apps, List<Target> targets, Options options)
      throws DescriptorException, FileProblem {
    List<LaunchPlan> plans = apps.stream().map(Planner::plan).toList();
    String command = regenerateCommand(apps, targets, options);
    RenderContext context = new RenderContext(options.init(),
        (target, plan, ctx) -> headed(target, target.render(List.of(plan), ctx), command));

    // Bootstrap repeats the refusals of the targets whose files it carries: say each once.
    Set<Diagnostic> problems = new LinkedHashSet<>(Namespace.check(plans, Target.all()));
    problems.addAll(KernelLimits.check(plans, targets.stream().map(Target::id).toList()));
    for (Target target : targets) {
      problems.addAll(target.check(plans, context));
    }
    if (!problems.isEmpty()) {
      throw new DescriptorException(List.copyOf(problems));
    }
    List<Diagnostic> warnings = new ArrayList<>();
    for (Target target : targets) {
      plans.forEach(plan -> warnings.addAll(target.warnings(plan)));
    }

    List<OutputWriter.Entry> entries = new ArrayList<>();
    for (Target target : targets) {
      for (RenderedFile file : headed(target, target.render(plans, context), command)) {
        entries.add(new OutputWriter.Entry(target.id() + "/" + file.path(), file.content(), file.executable()));
      }
    }
    if (options.out().isEmpty()) {
      return new Compilation(entries, List.of(), warnings);
    }
    Manifest.Update update = Manifest.update(options.out().get(),
        targets.stream().map(Target::id).collect(Collectors.toSet()),
        Target.all().stream().map(Target::id).collect(Collectors.toSet()),
        entries.stream().map(OutputWriter.Entry::relativePath).toList());
    String manifest = Headers.apply(Manifest.text("", update.recorded()), "#",
        apps.stream().map(a -> a.origin().source()).toList(), command);
    entries.add(new OutputWriter.Entry(Manifest.FILE, manifest, false));
    return new Compilation(entries, update.stale(), warnings);
  }

  /**
   * Replaces each folder argument by the {@code *.yaml} and {@code *.yml} files directly in it,
   * sorted by name; other arguments stay as given.
   *
   * @throws DescriptorException for a folder that holds no descriptor
   */
  static List<Path> expand(Iterable<Path> args) throws DescriptorException {
    List<Path> files = new ArrayList<>();
    List<Diagnostic> problems = new ArrayList<>();
    for (Path arg : args) {
      if (!Files.isDirectory(arg)) {
        files.add(arg);
        continue;
      }
      List<Path> found;
      try (Stream<Path> s = Files.list(arg)) {
        found = s.filter(p -> {
          String n = p.getFileName().toString();
          return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p);
        }).sorted().toList();
      } catch (IOException | java.io.UncheckedIOException e) {
        IOException cause = e instanceof IOException io ? io : ((java.io.UncheckedIOException) e).getCause();
        problems.add(Diagnostic.ofFile(FileProblem.shown(arg), "cannot read the folder: " + FileProblem.reason(cause)));
        continue;
      }
      if (found.isEmpty()) {
        problems.add(Diagnostic.ofFile(FileProblem.shown(arg), "expected a folder with *.yaml or *.yml descriptors, found none"));
      }
      for (Path p : found) {
        if (p.getFileName().toString().indexOf('\uFFFD') >= 0) {
          // The name is bytes that are not UTF-8: no header could name the file, nor a user retype it.
          problems.add(Diagnostic.ofFile(FileProblem.shown(p), "cannot read the descriptor: expected a file name in UTF-8, "
              + "found other bytes (shown as \\uFFFD); rename the file, or run procgen through bin/procgen, which reads "
              + "file names as UTF-8 whatever the locale"));
        } else {
          files.add(p);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new DescriptorException(problems);
    }
    return files;
  }

  private static List<RenderedFile> headed(Target target, List<RenderedFile> files, String command) {
    return files.stream().map(f -> new RenderedFile(f.path(),
        Headers.apply(f.content(), target.commentPrefix(), f.sources(), command), f.executable(), f.sources())).toList();
  }

  /** The command that renders this run again, as the header of every file quotes it. */
  private static String regenerateCommand(List<App> apps, List<Target> targets, Options options) {
    List<String> words = new ArrayList<>(List.of("procgen", "render"));
    apps.forEach(a -> words.add(a.origin().source()));
    if (targets.size() == Target.all().size()) {
      words.addAll(List.of("--target", "all"));
    } else {
      targets.forEach(t -> words.addAll(List.of("--target", t.id())));
    }
    options.out().ifPresent(out -> words.addAll(List.of("--out", RepoPaths.display(out, true))));
    if (targets.stream().anyMatch(Target::usesInit)) {
      words.addAll(List.of("--init", options.init().id()));
    }
    return words.stream().map(w -> ShQuoting.canCarry(w) ? ShQuoting.quote(w) : w).collect(Collectors.joining(" "));
  }
}
