package dev.procgen.targets;

import dev.procgen.plan.InstancePlan;
import dev.procgen.plan.LaunchPlan;
import dev.procgen.plan.ProcessPlan;

/**
 * One name a target generates for an app: a file, job, unit, program or process name.
 *
 * @param kind what it names, in the init system's own words, for example {@code systemd unit};
 *     two names collide when their kinds and values are equal
 * @param value the name, for example {@code shop-web@8000.service}
 * @param plan the app it was generated for
 * @param key the descriptor key it comes from ({@code app} or {@code processes.<name>}), where a
 *     collision is reported
 * @param from what in the descriptor generates it, for messages, for example {@code
 *     processes.web (instance 8001)}
 */
public record GeneratedName(String kind, String value, LaunchPlan plan, String key, String from) {

  /** Returns a name that the app as a whole generates. */
  static GeneratedName ofApp(String kind, String value, LaunchPlan plan) {
    return new GeneratedName(kind, value, plan, "app", "app " + plan.name());
  }

  /** Returns a name that one process generates. */
  static GeneratedName ofProcess(String kind, String value, LaunchPlan plan, ProcessPlan process) {
    return new GeneratedName(kind, value, plan, process.key(), process.key());
  }

  /** Returns a name that one instance generates; a single instance's is its process's. */
  static GeneratedName ofInstance(String kind, String value, LaunchPlan plan, ProcessPlan process,
      InstancePlan instance) {
    String from = process.isMultiInstance() ? process.key() + " (instance " + instance.id() + ")" : process.key();
    return new GeneratedName(kind, value, plan, process.key(), from);
  }
}
