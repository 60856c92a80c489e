package dev.procgen.targets;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.plan.LaunchPlan;
import java.util.List;

/**
 * What a run tells every target besides the apps.
 *
 * @param init the init system that targets which set a host up install the app under
 * @param run every app of the run, in order, for a file that all of them share and whose text
 *     depends on all of them (supervisord.conf's {@code minfds})
 * @param files renders another target's files for one app exactly as the run writes them, header
 *     included, for a target that carries them (the bootstrap script)
 * @param checks checks one app for another target, for a target that carries that target's files
 *     and so refuses what it refuses (the bootstrap script); a run may give the answer it already
 *     has instead of checking again
 */
public record RenderContext(Installable init, List<LaunchPlan> run, Files files, Checks checks) {

  /** Copies the run. */
  public RenderContext {
    run = List.copyOf(run);
  }

  /** Returns {@code target}'s files for {@code plan} as the run writes them, each with its header. */
  public List<RenderedFile> filesOf(Target target, LaunchPlan plan) {
    return files.render(target, plan, this);
  }

  /** Returns {@link Target#check} of {@code target} for {@code plan}. */
  public List<Diagnostic> problemsOf(Target target, LaunchPlan plan) {
    return checks.check(target, plan, this);
  }

  /** Renders a target's files for one app, as they are written. */
  @FunctionalInterface
  public interface Files {
    /** Returns {@code target}'s files for {@code plan}, rendered in {@code context}, each with its header. */
    List<RenderedFile> render(Target target, LaunchPlan plan, RenderContext context);
  }

  /** Checks one app for a target. */
  @FunctionalInterface
  public interface Checks {
    /** Returns {@code target.check(plan, context)}, or the same list found earlier in the run. */
    List<Diagnostic> check(Target target, LaunchPlan plan, RenderContext context);
  }
}
