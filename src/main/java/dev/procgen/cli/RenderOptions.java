package dev.procgen.cli;

import dev.procgen.output.Manifest;
import dev.procgen.targets.Installable;
import dev.procgen.targets.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

/** The descriptors and targets that render, check and diff all take. */
final class RenderOptions {
  private final PositionalParamSpec files;
  private final OptionSpec targets;
  private final OptionSpec init;

  /** Adds the descriptors, {@code --target} and {@code --init} to {@code spec}, with {@code paths} reading each file. */
  RenderOptions(CommandSpec spec, CommandLine.ITypeConverter<Path> paths) {
    files = PositionalParamSpec.builder().arity("1..*").required(true).paramLabel("FILE")
        .type(List.class).auxiliaryTypes(Path.class).converters(paths)
        .description("App descriptors (YAML), or folders whose *.yaml and *.yml files are descriptors.").build();
    targets = OptionSpec.builder("-t", "--target").paramLabel("TARGET")
        .type(List.class).auxiliaryTypes(String.class).initialValue(new ArrayList<String>())
        .completionCandidates(new TargetCandidates())
        .description("A target id, or 'all'. May be repeated.").build();
    init = OptionSpec.builder("--init").paramLabel("INIT").type(Installable.class)
        .converters(new CommandLine.ITypeConverter<Installable>() {
          @Override
          public Installable convert(String value) {
            return initSystem(value);
          }
        }).completionCandidates(new InitCandidates())
        .defaultValue(Installable.all().get(0).id())
        .description("The init system that targets which set a host up install the app under: one of "
            + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).").build();
    spec.addPositional(files);
    spec.addOption(targets);
    spec.addOption(init);
  }

  /** Returns the descriptors and folders named. */
  List<Path> files() {
    return files.getValue();
  }

  /** Returns the target ids named, in the order given; empty when none was. */
  List<String> targets() {
    return targets.getValue();
  }

  /** Returns the chosen init system, or the default one. */
  Installable init() {
    Installable chosen = init.getValue();
    return chosen != null ? chosen : Installable.all().get(0);
  }

  /** The ids {@code --init} takes: exactly the installable targets'. */
  static final class InitCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Target.ids(Installable.all()).iterator();
    }
  }

  /** The words {@code --target} takes, for shell completion: {@code all}, then every target's id. */
  static final class TargetCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> ids = new ArrayList<>();
      ids.add("all");
      ids.addAll(Target.ids(Target.all()));
      return ids.iterator();
    }
  }

  /** Reads {@code --init} by an installable target's id. */
  private static Installable initSystem(String value) {
    Optional<Installable> init = Installable.byId(value);
    if (init.isEmpty()) {
      throw new CommandLine.TypeConversionException("expected one of " + String.join(", ", new InitCandidates())
          + ", found '" + value + "'");
    }
    return init.get();
  }

  /**
   * Returns the chosen targets in documented order.
   *
   * @throws CommandLine.ParameterException (exit status 2) for an unknown target
   */
  List<Target> resolve(CommandLine commandLine) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String t : targets()) {
      if (t.equals("all")) {
        wanted.addAll(Target.ids(Target.all()));
      } else if (Target.byId(t).isPresent()) {
        wanted.add(t);
      } else {
        throw new CommandLine.ParameterException(commandLine,
            "Invalid value for option '--target': '" + t + "'; expected one of: all, "
                + String.join(", ", Target.ids(Target.all())));
      }
    }
    return among(wanted);
  }

  /** The targets whose ids are in {@code ids}, in documented order. */
  private static List<Target> among(Set<String> ids) {
    List<Target> found = new ArrayList<>();
    for (Target t : Target.all()) {
      if (ids.contains(t.id())) {
        found.add(t);
      }
    }
    return List.copyOf(found);
  }


  /**
   * Returns the chosen targets, or, when none was named, the targets whose files the output
   * folder's manifest records (all targets if it has none): what the last render wrote there.
   */
  List<Target> resolveOrFromManifest(CommandLine commandLine, Path out) throws IOException {
    if (!targets().isEmpty()) {
      return resolve(commandLine);
    }
    Set<String> recorded = new HashSet<>();
    for (String path : Manifest.read(out, Set.copyOf(Target.ids(Target.all())))) {
      recorded.add(Manifest.folderOf(path));
    }
    List<Target> found = among(recorded);
    return found.isEmpty() ? Target.all() : found;
  }
}
