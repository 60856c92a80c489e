package dev.procgen.targets;

import dev.procgen.descriptor.Diagnostic;
import dev.procgen.model.App;
import java.util.List;
import java.util.Optional;

/**
 * A kind of file procgen renders an app into: one init system's configuration or the run scripts.
 *
 * <p>Each target lives in one class in this package and one template folder {@code
 * src/main/templates/<id>/}. Rendering is pure: it returns text and never touches the file system.
 */
public sealed interface Target permits Upstart, Systemd, Supervisor, RcLocal, Bash, Bootstrap {

  /** Returns the target's id as {@code --target} takes it and as its output folder is named. */
  String id();

  /** Returns one line describing what the target renders, for {@code --help} and errors. */
  String summary();

  /**
   * Returns a diagnostic for every value of {@code app} that this target cannot carry exactly.
   * Each one names the key and this target. An empty list means {@link #render} will succeed.
   */
  List<Diagnostic> check(App app);

  /**
   * Returns every problem of one run's apps for this target: each app's {@link #check} and,
   * for targets that render one file for several apps, the conflicts between them.
   */
  default List<Diagnostic> check(List<App> apps) {
    return apps.stream().flatMap(a -> check(a).stream()).toList();
  }

  /**
   * Like {@link #check(List)}, for a run whose init system is {@code init}; only the bootstrap
   * target, which installs that init system's files, looks at it.
   */
  default List<Diagnostic> check(List<App> apps, RenderContext.Init init) {
    return check(apps);
  }

  /**
   * Returns a warning for every way this target renders {@code app} less exactly than the
   * descriptor says, for example a respawn limit the init system can only approximate.
   */
  default List<Diagnostic> warnings(App app) {
    return List.of();
  }

  /**
   * Renders every app into this target's files.
   *
   * @param apps the apps of one run, with distinct names, each of which passed {@link #check}
   * @param context the run's settings: the regenerate command and the chosen init system
   * @return the files, with paths relative to the target's folder, in a stable order
   */
  List<RenderedFile> render(List<App> apps, RenderContext context);

  /** Returns the prefix that starts a comment line in this target's files. */
  default String commentPrefix() {
    return "#";
  }

  /** Returns every target, in the order the documentation lists them. */
  static List<Target> all() {
    return List.of(new Upstart(), new Systemd(), new Supervisor(), new RcLocal(), new Bash(), new Bootstrap());
  }

  /** Returns the target with the id {@code id}, if there is one. */
  static Optional<Target> byId(String id) {
    return all().stream().filter(t -> t.id().equals(id)).findFirst();
  }
}
