package dev.procgen.compiler;

import dev.procgen.descriptor.DescriptorLoader;
import dev.procgen.descriptor.DescriptorParser;
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
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Predicate;

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
   * Starts a daemon thread that loads and initializes what a run will need, SnakeYAML and every
   * target's templates, while the calling thread goes on (parsing the command line, for a start).
   * On a machine with two CPUs or more that takes about 10 ms off a cold render
   * (docs/performance.md). No output depends on it: a render compiles any template that is not
   * ready yet, and a failure in the thread is dropped, since the render that needs the same step
   * meets it and reports it.
   */
  public static void prepareInBackground() {
    Thread thread = new Thread(new Runnable() {
      @Override
      public void run() {
        try {
          DescriptorParser.prepare();
          Target.prepare();
        } catch (Throwable e) {
          // Whatever it is, the run meets it again on its own thread and reports it there; this
          // thread, which nothing waits for, must never print or change the exit status.
        }
      }
    }, "procgen-prepare");
    thread.setDaemon(true);
    thread.start();
  }

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
   *     order; with an output folder, the manifests last
   * @param stale files a previous run wrote into the folder that this run no longer produces
   * @param warnings what the targets render less exactly than the descriptors say
   */
  public record Compilation(List<OutputWriter.Entry> files, List<String> stale, List<Diagnostic> warnings) {}

  /**
   * Takes a run's files as they are rendered, so that a run never holds more than the apps being
   * rendered at that moment (one per worker, {@link Parallel#workers}).
   */
  @FunctionalInterface
  public interface Sink {
    /**
     * Takes one file. It is called for every file of the run exactly once, from several threads
     * at once and in no set order; {@link Run#paths} gives the order afterwards.
     *
     * @throws FileProblem to end the run; the files taken so far are the sink's to undo
     */
    void accept(OutputWriter.Entry file) throws FileProblem;
  }

  /**
   * What a run produced besides the files' text, which went to its {@link Sink}.
   *
   * @param paths every file's path below the output folder ({@code <target>/<file>}), in the run's
   *     order: target by target in documented order, each target's files app by app in the
   *     descriptors' order, a shared file where its first app puts it, and the manifests last
   * @param stale files a previous run wrote into the folder that this run no longer produces
   * @param warnings environment values that look like secrets ({@link SecretLint}), then what the
   *     targets render less exactly than the descriptors say
   */
  public record Run(List<String> paths, List<String> stale, List<Diagnostic> warnings) {}

  /**
   * Compiles one run and returns all its files at once; {@link #compile(Iterable, List, Options,
   * Sink)} hands them over one app at a time instead.
   *
   * @param args descriptor files, or folders whose {@code *.yaml} and {@code *.yml} files are
   *     descriptors
   * @param targets the targets to render, in documented order
   * @throws DescriptorException with every problem of every descriptor, every name collision or
   *     reserved name, and every refusal of a chosen target
   * @throws FileProblem if the output folder's manifest cannot be read or is not procgen's, or the
   *     run would take over a file that another descriptor owns
   */
  public static Compilation compile(Iterable<Path> args, List<Target> targets, Options options)
      throws DescriptorException, FileProblem {
    Collector collector = new Collector();
    return collector.compilation(compile(args, targets, options, collector));
  }

  /**
   * Compiles one run, handing each file to {@code sink} as soon as its app is rendered.
   *
   * <p>Every descriptor is loaded and every app is planned and checked (collisions, reserved
   * names, kernel limits, each target's refusals) before the first file is rendered, so a run
   * refused for its descriptors gives the sink nothing. Then the apps are rendered in parallel,
   * each with all its targets at once, so that a target that carries another's files (bootstrap)
   * reuses them; a shared file is handed over once, after the apps; with an output folder, the
   * manifests come last.
   *
   * @param args descriptor files, or folders whose {@code *.yaml} and {@code *.yml} files are
   *     descriptors
   * @param targets the targets to render, in documented order
   * @throws DescriptorException with every problem of every descriptor, every name collision or
   *     reserved name, and every refusal of a chosen target; the sink has been given nothing
   * @throws FileProblem if the sink fails, if the output folder's manifest cannot be read or is
   *     not procgen's, or if the run would take over a file that another descriptor owns
   */
  public static Run compile(Iterable<Path> args, List<Target> targets, Options options, Sink sink)
      throws DescriptorException, FileProblem {
    Set<String> covered = new LinkedHashSet<>();
    for (Path arg : args) {
      if (Files.isDirectory(arg)) {
        covered.add(parentOf(RepoPaths.display(arg.resolve("x.yaml"), false)));
      }
    }
    List<DescriptorLoader.Loaded> loaded = Parallel.map(expand(args), new Parallel.Task<Path, DescriptorLoader.Loaded, RuntimeException>() {
      @Override
      public DescriptorLoader.Loaded apply(Path file) {
        return DescriptorLoader.loadOne(file, RepoPaths.display(file, false));
      }
    });
    return compile(DescriptorLoader.combine(loaded), targets, options, covered, sink);
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
    Collector collector = new Collector();
    return collector.compilation(compile(apps, targets, options, Set.of(), collector));
  }

  /** A sink that keeps every file, for a run whose files are printed or compared all at once. */
  private static final class Collector implements Sink {
    private final Map<String, OutputWriter.Entry> files = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void accept(OutputWriter.Entry file) {
      files.put(file.relativePath(), file);
    }

    Compilation compilation(Run run) {
      List<OutputWriter.Entry> inOrder = new ArrayList<>(run.paths().size());
      for (String path : run.paths()) {
        inOrder.add(files.get(path));
      }
      return new Compilation(List.copyOf(inOrder), run.stale(), run.warnings());
    }
  }

  /** One file an app's render produced: its text is kept only for a shared file. */
  private record Made(String path, List<String> sources, boolean executable, String sharedContent) {}

  /**
   * Compiles one run whose arguments named the descriptor folders {@code covered} (as {@link
   * RepoPaths#display} names them): a descriptor the manifest records in one of them that the run
   * no longer has was deleted, and its files are stale.
   */
  private static Run compile(List<App> apps, List<Target> targets, Options options, Set<String> covered, Sink sink)
      throws DescriptorException, FileProblem {
    List<LaunchPlan> plans = Parallel.map(apps, new Parallel.Task<App, LaunchPlan, RuntimeException>() {
      @Override
      public LaunchPlan apply(App app) {
        return Planner.plan(app);
      }
    });
    Optional<String> out = options.out().isPresent() ? Optional.of(displayOut(options.out().get())) : Optional.empty();
    Installable init = options.init();
    Kept fresh = new Kept(null, out, init);
    RenderContext context = new RenderContext(init, plans, fresh, fresh);

    // Each app's problems are its own, found for all apps at once; they are reported target by
    // target, and bootstrap repeats the refusals of the targets whose files it carries: say each once.
    List<String> ids = Target.ids(targets);
    List<Target> starting = new ArrayList<>();
    for (Target target : targets) {
      if (target.startsProcesses()) {
        starting.add(target);
      }
    }
    List<String> startingIds = Target.ids(starting);
    List<List<List<Diagnostic>>> perApp = Parallel.map(plans, new Parallel.Task<LaunchPlan, List<List<Diagnostic>>, RuntimeException>() {
      @Override
      public List<List<Diagnostic>> apply(LaunchPlan plan) {
        // An app's checks for each target, each done once: bootstrap asks for those of the targets it carries.
        Kept kept = new Kept(plan, out, init);
        RenderContext appContext = new RenderContext(init, plans, context.files(), kept);
        List<List<Diagnostic>> found = new ArrayList<>();
        found.add(KernelLimits.check(List.of(plan), startingIds));
        for (Target target : targets) {
          found.add(appContext.problemsOf(target, plan));
        }
        return found;
      }
    });
    Set<Diagnostic> problems = new LinkedHashSet<>(Namespace.check(plans, Target.all()));
    for (int k = 0; k <= targets.size(); k++) {
      for (List<List<Diagnostic>> found : perApp) {
        problems.addAll(found.get(k));
      }
      if (k > 0) {
        problems.addAll(targets.get(k - 1).checkTogether(plans, context));
      }
    }
    if (!problems.isEmpty()) {
      throw new DescriptorException(List.copyOf(problems));
    }
    List<Diagnostic> warnings = new ArrayList<>(SecretLint.check(plans));
    for (Target target : targets) {
      for (LaunchPlan plan : plans) {
        warnings.addAll(target.warnings(plan, context));
      }
    }

    // Every app with all its targets at once, in parallel: only the apps being rendered are held.
    List<List<List<Made>>> made = Parallel.map(plans, new Parallel.Task<LaunchPlan, List<List<Made>>, FileProblem>() {
      @Override
      public List<List<Made>> apply(LaunchPlan plan) throws FileProblem {
        return render(plan, plans, targets, out, init, sink);
      }
    });

    List<String> paths = new ArrayList<>();
    Map<String, List<String>> owners = new LinkedHashMap<>();
    Map<String, Made> shared = new LinkedHashMap<>();
    for (int t = 0; t < targets.size(); t++) {
      for (List<List<Made>> app : made) {
        for (Made file : app.get(t)) {
          String path = targets.get(t).id() + "/" + file.path();
          Made first = file.sharedContent() == null ? null : shared.putIfAbsent(path, file);
          if (first == null) {
            paths.add(path);
            owners.put(path, new ArrayList<>(file.sources()));
          } else if (!first.sharedContent().equals(file.sharedContent())) {
            // Each target's checkTogether makes the apps agree on what a shared file holds.
            throw new IllegalStateException("apps disagree on the shared file " + path);
          } else {
            List<String> sources = owners.get(path);
            for (String source : file.sources()) {
              if (!sources.contains(source)) {
                sources.add(source);
              }
            }
          }
        }
      }
    }
    for (Map.Entry<String, Made> s : shared.entrySet()) {
      sink.accept(new OutputWriter.Entry(s.getKey(), s.getValue().sharedContent(), s.getValue().executable()));
    }
    if (options.out().isEmpty()) {
      return new Run(List.copyOf(paths), List.of(), warnings);
    }
    Path dir = options.out().get();
    Set<String> sources = new HashSet<>();
    for (App app : apps) {
      sources.add(app.origin().source());
    }
    Set<String> known = Set.copyOf(Target.ids(Target.all()));
    // One manifest per descriptor: read on every CPU, as the apps were rendered.
    List<Manifest.Listing> listings = Parallel.map(Manifest.manifests(dir), new Parallel.Task<Path, Manifest.Listing, FileProblem>() {
      @Override
      public Manifest.Listing apply(Path file) throws FileProblem {
        return Manifest.readManifest(dir, file, known);
      }
    });
    Manifest.Update update = Manifest.update(Manifest.readState(dir, known, listings),
        Set.copyOf(ids),
        owners,
        new Predicate<String>() {
          @Override
          public boolean test(String owner) {
            return sources.contains(owner) || covered.contains(parentOf(owner));
          }
        },
        !covered.isEmpty(),
        sources,
        new BiFunction<String, List<String>, String>() {
          @Override
          public String apply(String owner, List<String> listed) {
            return manifestHeader(owner, listed, out.get());
          }
        });
    for (String path : paths) {
      List<String> others = update.others().get(path);
      if (others != null) {
        Made s = shared.get(path);
        refuseDisagreement(dir, path, s == null ? null : s.sharedContent(), owners.get(path), others);
      }
    }
    for (OutputWriter.Entry manifest : update.manifests()) {
      sink.accept(manifest);
      paths.add(manifest.relativePath());
    }
    List<String> stale = new ArrayList<>(update.stale());
    stale.addAll(update.obsolete());
    return new Run(List.copyOf(paths), List.copyOf(stale), warnings);
  }

  /**
   * Renders one app for every target of the run, handing each file that is the app's own to
   * {@code sink}. A target that carries another target's files (bootstrap) gets the ones already
   * rendered for this app, through the app's own {@link RenderContext}.
   *
   * @return for each target, in order, the files it rendered
   */
  private static List<List<Made>> render(LaunchPlan plan, List<LaunchPlan> plans, List<Target> targets,
      Optional<String> out, Installable init, Sink sink) throws FileProblem {
    Kept kept = new Kept(plan, out, init);
    RenderContext context = new RenderContext(init, plans, kept, kept);
    List<List<Made>> made = new ArrayList<>();
    for (Target target : targets) {
      List<Made> files = new ArrayList<>();
      for (RenderedFile file : context.filesOf(target, plan)) {
        if (file.shared()) {
          files.add(new Made(file.path(), file.sources(), file.executable(), file.content()));
        } else {
          sink.accept(new OutputWriter.Entry(target.id() + "/" + file.path(), file.content(), file.executable()));
          files.add(new Made(file.path(), file.sources(), file.executable(), null));
        }
      }
      made.add(files);
    }
    return made;
  }

  /**
   * The header of a descriptor's manifest: it names the descriptor, and a command that renders it
   * again into the same folder for the target folders its files are in.
   */
  private static String manifestHeader(String owner, List<String> paths, String out) {
    if (owner == null) {
      return Headers.applyFrom("", "#", "a manifest of format 1, which did not record the descriptors of these files",
          "procgen render <descriptors> --out " + quoted(out));
    }
    List<String> words = new ArrayList<>(List.of("procgen", "render", quoted(owner)));
    Set<String> folders = new TreeSet<>();
    for (String path : paths) {
      folders.add(Manifest.folderOf(path));
    }
    for (String folder : folders) {
      words.add("--target");
      words.add(folder);
    }
    words.addAll(List.of("--out", quoted(out)));
    return Headers.apply("", "#", List.of(owner), String.join(" ", words));
  }

  /**
   * Renders and checks for one run, keeping the answers about one app, one per target, so that a
   * target that carries another's files or refusals (bootstrap) gets what was found for the app
   * already. Other apps are answered afresh. For one app's own task, on one thread; with no app
   * ({@code plan} null), it keeps nothing.
   */
  private static final class Kept implements RenderContext.Files, RenderContext.Checks {
    private final LaunchPlan plan;
    private final Optional<String> out;
    private final Installable init;
    private final Map<Target, List<RenderedFile>> files = new HashMap<>();
    private final Map<Target, List<Diagnostic>> problems = new HashMap<>();

    Kept(LaunchPlan plan, Optional<String> out, Installable init) {
      this.plan = plan;
      this.out = out;
      this.init = init;
    }

    @Override
    public List<RenderedFile> render(Target target, LaunchPlan p, RenderContext context) {
      List<RenderedFile> found = p == plan ? files.get(target) : null;
      if (found == null) {
        found = headed(target, target.render(List.of(p), context), out, init);
        if (p == plan) {
          files.put(target, found);
        }
      }
      return found;
    }

    @Override
    public List<Diagnostic> check(Target target, LaunchPlan p, RenderContext context) {
      List<Diagnostic> found = p == plan ? problems.get(target) : null;
      if (found == null) {
        found = target.check(p, context);
        if (p == plan) {
          problems.put(target, found);
        }
      }
      return found;
    }
  }

  /**
   * Refuses a run that writes a file which descriptors outside the run own too, unless it is a
   * shared file ({@code sharedContent} not null) and the run gives it exactly the text it has:
   * rendering one app must not change what the other apps of the folder rely on.
   */
  private static void refuseDisagreement(Path dir, String path, String sharedContent, List<String> mine,
      List<String> others) throws FileProblem {
    Path file = dir.resolve(path);
    String theirs = others.get(0) + (others.size() > 1 ? " (and " + (others.size() - 1) + " more)" : "");
    String ours = String.join(", ", mine);
    if (sharedContent == null) {
      throw new FileProblem("cannot render", file.normalize(), ours + " would write this file, but the manifest records it as "
          + theirs + "'s; render both descriptors together (for example their whole folder), or rename one app");
    }
    byte[] current;
    try {
      current = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      return; // deleted by hand: nothing to disagree with, the run writes it again
    } catch (IOException e) {
      throw new FileProblem("cannot read", file.normalize(), e);
    }
    if (!Arrays.equals(current, sharedContent.getBytes(StandardCharsets.UTF_8))) {
      throw new FileProblem("cannot render", file.normalize(), "expected the text " + theirs + " gave this shared file, "
          + "found that " + ours + " gives it other text (another supervisor.home, or another largest limits.nofile or "
          + "limits.nproc, which supervisord.conf's minfds and minprocs carry for all its apps); make the descriptors "
          + "agree, or render them together");
    }
  }

  /** The folder part of a descriptor's name as {@link RepoPaths#display} gives it: {@code .} for none. */
  private static String parentOf(String source) {
    int slash = source.lastIndexOf('/');
    return slash < 0 ? "." : slash == 0 ? "/" : source.substring(0, slash);
  }

  /**
   * The output folder as headers name it: relative to the repository (so {@code .}, {@code
   * ./x/..} and an absolute path name it alike), else relative to the working directory when it
   * is inside it, else absolute.
   */
  private static String displayOut(Path out) {
    String shown = RepoPaths.display(out, true);
    if (shown.startsWith("/")) {
      Path cwd = out.getFileSystem().getPath("").toAbsolutePath().normalize();
      Path absolute = out.toAbsolutePath().normalize();
      if (absolute.startsWith(cwd)) {
        String relative = cwd.relativize(absolute).toString().replace(out.getFileSystem().getSeparator(), "/");
        return relative.isEmpty() ? "." : relative;
      }
    }
    return shown;
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
      List<Path> found = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(arg)) {
        for (Path p : s) {
          String n = p.getFileName().toString();
          if ((n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p)) {
            found.add(p);
          }
        }
      } catch (IOException | DirectoryIteratorException e) {
        IOException cause = e instanceof IOException io ? io : ((DirectoryIteratorException) e).getCause();
        problems.add(Diagnostic.ofFile(FileProblem.shown(arg), "cannot read the folder: " + FileProblem.reason(cause)));
        continue;
      }
      Collections.sort(found);
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

  /**
   * Adds each file's header: the descriptors it was rendered from and a command that renders
   * those alone again into the same folder, so that neither depends on the other apps of the run
   * nor on how its arguments were spelled. A shared file names no app.
   */
  private static List<RenderedFile> headed(Target target, List<RenderedFile> files, Optional<String> out,
      Installable init) {
    // One app's files for one target share their descriptors, so their command is made once.
    Map<List<String>, String> commands = new HashMap<>();
    List<RenderedFile> headed = new ArrayList<>(files.size());
    for (RenderedFile f : files) {
      String content = f.shared()
          ? Headers.applyFrom(f.content(), target.commentPrefix(), "the apps that share it (the manifest names them)",
              regenerateCommand(List.of("<their descriptors>"), target, out, init))
          : Headers.apply(f.content(), target.commentPrefix(), f.sources(), command(commands, f.sources(), target, out, init));
      headed.add(new RenderedFile(f.path(), content, f.executable(), f.sources(), f.shared()));
    }
    return headed;
  }

  /** The command that renders {@code sources} for {@code target} again, made once per list of sources. */
  private static String command(Map<List<String>, String> commands, List<String> sources, Target target,
      Optional<String> out, Installable init) {
    String command = commands.get(sources);
    if (command == null) {
      List<String> quoted = new ArrayList<>(sources.size());
      for (String source : sources) {
        quoted.add(quoted(source));
      }
      command = regenerateCommand(quoted, target, out, init);
      commands.put(sources, command);
    }
    return command;
  }

  /** The command that renders {@code descriptors} (already quoted) for {@code target} again. */
  private static String regenerateCommand(List<String> descriptors, Target target, Optional<String> out, Installable init) {
    List<String> words = new ArrayList<>(List.of("procgen", "render"));
    words.addAll(descriptors);
    words.addAll(List.of("--target", target.id()));
    if (out.isPresent()) {
      words.add("--out");
      words.add(quoted(out.get()));
    }
    if (target.usesInit()) {
      words.addAll(List.of("--init", init.id()));
    }
    return String.join(" ", words);
  }

  private static String quoted(String word) {
    return ShQuoting.canCarry(word) ? ShQuoting.quote(word) : word;
  }
}
