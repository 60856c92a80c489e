package dev.procgen.targets;

import dev.procgen.plan.LaunchPlan;
import java.util.List;

/**
 * What a run tells every target besides the apps.
 *
 * @param init the init system that targets which set a host up install the app under
 * @param files renders another target's files for one app exactly as the run writes them, header
 *     included, for a target that carries them (the bootstrap script)
 */
public record RenderContext(Installable init, Files files) {

  /** Returns {@code target}'s files for {@code plan} as the run writes them, each with its header. */
  public List<RenderedFile> filesOf(Target target, LaunchPlan plan) {
    return files.render(target, plan, this);
  }

  /** Renders a target's files for one app, as they are written. */
  @FunctionalInterface
  public interface Files {
    /** Returns {@code target}'s files for {@code plan}, rendered in {@code context}, each with its header. */
    List<RenderedFile> render(Target target, LaunchPlan plan, RenderContext context);
  }
}
