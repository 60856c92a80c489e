package dev.procgen.cli;

import dev.procgen.output.Manifest;
import dev.procgen.targets.Installable;
import dev.procgen.targets.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** The descriptors and targets that render, check and diff all take. */
final class RenderOptions {
  @Parameters(arity = "1..*", paramLabel = "FILE",
      description = "App descriptors (YAML), or folders whose *.yaml and *.yml files are descriptors.")
  List<Path> files;

  @Option(names = {"-t", "--target"}, paramLabel = "TARGET",
      description = "A target id, or 'all'. May be repeated.")
  List<String> targets = new ArrayList<>();

  @Option(names = "--init", paramLabel = "INIT", converter = InitConverter.class,
      completionCandidates = InitCandidates.class,
      description = "The init system that targets which set a host up install the app under: one of "
          + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Installable init;

  /** Returns the chosen init system, or the default one. */
  Installable init() {
    return init != null ? init : Installable.all().get(0);
  }

  /** Gives {@code --init} its default, the first installable target, so that help can show it. */
  static String defaultValue(CommandLine.Model.ArgSpec arg) {
    return arg.isOption() && List.of(((CommandLine.Model.OptionSpec) arg).names()).contains("--init")
        ? Installable.all().get(0).id()
        : null;
  }

  /** The ids {@code --init} takes: exactly the installable targets'. */
  static final class InitCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Installable.all().stream().map(Target::id).iterator();
    }
  }

  /** Reads {@code --init} by an installable target's id. */
  static final class InitConverter implements CommandLine.ITypeConverter<Installable> {
    @Override
    public Installable convert(String value) {
      return Installable.byId(value).orElseThrow(() -> new CommandLine.TypeConversionException("expected one of "
          + String.join(", ", new InitCandidates()) + ", found '" + value + "'"));
    }
  }

  /**
   * Returns the chosen targets in documented order.
   *
   * @throws CommandLine.ParameterException (exit status 2) for an unknown target
   */
  List<Target> resolve(CommandLine commandLine) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String t : targets) {
      if (t.equals("all")) {
        Target.all().forEach(x -> wanted.add(x.id()));
      } else if (Target.byId(t).isPresent()) {
        wanted.add(t);
      } else {
        throw new CommandLine.ParameterException(commandLine,
            "Invalid value for option '--target': '" + t + "'; expected one of: all, "
                + Target.all().stream().map(Target::id).collect(Collectors.joining(", ")));
      }
    }
    return Target.all().stream().filter(t -> wanted.contains(t.id())).toList();
  }

  /**
   * Returns the chosen targets, or, when none was named, the targets whose files the output
   * folder's manifest records (all targets if it has none): what the last render wrote there.
   */
  List<Target> resolveOrFromManifest(CommandLine commandLine, Path out) throws IOException {
    if (!targets.isEmpty()) {
      return resolve(commandLine);
    }
    Set<String> recorded = Manifest.read(out, Target.all().stream().map(Target::id).collect(Collectors.toSet())).stream().map(Manifest::folderOf).collect(Collectors.toSet());
    List<Target> found = Target.all().stream().filter(t -> recorded.contains(t.id())).toList();
    return found.isEmpty() ? Target.all() : found;
  }
}
