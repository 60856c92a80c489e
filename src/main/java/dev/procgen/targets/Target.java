package dev.procgen.targets;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.plan.LaunchPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A kind of file procgen renders an app into: one init system's configuration, the run scripts,
 * or the bootstrap script.
 *
 * <p>Each target lives in one class in this package and one template folder {@code
 * src/main/templates/<id>/}, and is listed once in {@link #all}. Rendering is pure: it reads a
 * {@link LaunchPlan}, decides only its own format's syntax, and returns text; it never touches the
 * file system. A target that installs an app under an init system is an {@link Installable}.
 */
public sealed interface Target permits Installable, Bash, Logrotate, Nginx, Rollout, Bootstrap {

  /** Returns the target's id as {@code --target} takes it and as its output folder is named. */
  String id();

  /** Returns one line describing what the target renders, for {@code --help} and errors. */
  String summary();

  /**
   * Returns every name this target would generate for {@code plan}: files, jobs, units, programs
   * and instances. The compiler checks all of them, for every target, for collisions and reserved
   * names before anything renders.
   */
  List<GeneratedName> names(LaunchPlan plan);

  /**
   * Returns why {@code name}, one of this target's {@link #names}, belongs to the init system or a
   * stock host already (with the source of that list), or empty when it is free.
   */
  default Optional<String> reserved(GeneratedName name) {
    return Optional.empty();
  }

  /**
   * Returns a diagnostic for every value of {@code plan} that this target cannot carry exactly.
   * Each one names the key and this target. An empty list means {@link #render} will succeed.
   */
  List<Diagnostic> check(LaunchPlan plan, RenderContext context);

  /**
   * Returns the conflicts between one run's apps for this target, for a target that renders one
   * file for several apps; empty by default. Each app's own problems are {@link #check}'s.
   */
  default List<Diagnostic> checkTogether(List<LaunchPlan> plans, RenderContext context) {
    return List.of();
  }

  /**
   * Returns a warning for every way this target renders {@code plan} less exactly than the
   * descriptor says, for example a respawn limit the init system can only approximate.
   */
  default List<Diagnostic> warnings(LaunchPlan plan, RenderContext context) {
    return List.of();
  }

  /**
   * Renders every app into this target's files.
   *
   * @param plans the apps of one run, with distinct generated names, each of which passed {@link
   *     #check}
   * @param context the run's settings: the init system, and the files of the other targets
   * @return the files, with paths relative to the target's folder, in a stable order
   */
  List<RenderedFile> render(List<LaunchPlan> plans, RenderContext context);

  /**
   * Returns where one of this target's files goes on a host, with which owner and mode, for a
   * script that installs it; empty for a file no host install carries.
   */
  default Optional<Placement> placement(LaunchPlan plan, RenderedFile file) {
    return Optional.empty();
  }

  /** Returns the prefix that starts a comment line in this target's files. */
  default String commentPrefix() {
    return "#";
  }

  /**
   * Returns true when the target's files start the app's processes (or install what does), so that
   * a value no process can be given (execve(2)'s limits) is refused for it; false for the logrotate
   * target, which only rotates their logs.
   */
  default boolean startsProcesses() {
    return true;
  }

  /** Returns true when the files depend on the run's init system ({@code --init}). */
  default boolean usesInit() {
    return false;
  }

  /**
   * Compiles every target's templates ahead of their first use, so that a thread which starts it
   * early (see {@code Compiler.prepareInBackground}) spares the render that time. It changes no
   * output; any thread may call it while others render.
   *
   * @throws com.github.mustachejava.MustacheException if a template does not compile
   */
  static void prepare() {
    Templates.compileAll();
  }

  /** Returns the ids of {@code targets}, in their order. */
  static List<String> ids(List<? extends Target> targets) {
    List<String> ids = new ArrayList<>(targets.size());
    for (Target target : targets) {
      ids.add(target.id());
    }
    return ids;
  }

  /** Returns every target, in the order the documentation lists them. */
  static List<Target> all() {
    return Registry.ALL;
  }

  /** Returns the target with the id {@code id}, if there is one. */
  static Optional<Target> byId(String id) {
    for (Target t : all()) {
      if (t.id().equals(id)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
