package dev.procgen.compiler;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.plan.LaunchPlan;
import dev.procgen.targets.GeneratedName;
import dev.procgen.targets.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one namespace of a run: every file, job, unit, program and process name that any target
 * would generate for any app, whichever targets the run renders. Two equal names of one kind are a
 * collision, and a name the init system or a stock host already uses is reserved; either refuses
 * the run, so that no target ever writes one file twice or takes over a unit of the host.
 */
final class Namespace {
  private Namespace() {}

  /**
   * Returns one positioned error per collision (naming both sides) and per reserved name.
   *
   * @param plans the run's apps, in order
   * @param targets every target, so that the check does not depend on which ones render
   */
  static List<Diagnostic> check(List<LaunchPlan> plans, List<Target> targets) {
    Map<String, GeneratedName> seen = new HashMap<>();
    // Collisions grouped by the two sides (descriptor key against descriptor key), so that the
    // names one pair of keys shares are one message listing every name.
    Map<List<Object>, List<GeneratedName[]>> collisions = new LinkedHashMap<>();
    List<Diagnostic> reserved = new ArrayList<>();
    // Each app's names, and why each is reserved, are its own: worked out for all apps at once.
    List<List<Named>> named = Parallel.map(plans, new Parallel.Task<LaunchPlan, List<Named>, RuntimeException>() {
      @Override
      public List<Named> apply(LaunchPlan plan) {
        List<Named> names = new ArrayList<>();
        for (Target target : targets) {
          for (GeneratedName name : target.names(plan)) {
            names.add(new Named(name, target.reserved(name)));
          }
        }
        return names;
      }
    });
    for (List<Named> names : named) {
      for (Named n : names) {
        GeneratedName name = n.name();
        if (n.reserved().isPresent()) {
          reserved.add(at(name, name.key() + ": expected a name that generates no unit or job the host already has, "
              + "found the " + name.kind() + " " + name.value() + " (from " + name.from() + "), which is "
              + n.reserved().get()));
        }
        GeneratedName other = seen.putIfAbsent(name.kind() + "\0" + name.value(), name);
        if (other != null) {
          collisions.computeIfAbsent(List.of(name.plan(), name.from(), other.plan(), other.from()),
              k -> new ArrayList<>()).add(new GeneratedName[] {name, other});
        }
      }
    }
    List<Diagnostic> problems = new ArrayList<>(reserved);
    for (List<GeneratedName[]> pairs : collisions.values()) {
      problems.add(collision(pairs));
    }
    return problems;
  }

  /** A generated name, and why it is reserved when it is. */
  private record Named(GeneratedName name, java.util.Optional<String> reserved) {}

  private static Diagnostic collision(List<GeneratedName[]> pairs) {
    GeneratedName name = pairs.get(0)[0];
    GeneratedName other = pairs.get(0)[1];
    List<String> found = pairs.stream().map(p -> "the " + p[0].kind() + " " + p[0].value()).toList();
    String otherSide = other.plan() == name.plan()
        ? other.from()
        : other.from() + " of " + other.plan().origin().file();
    return at(name, name.key() + ": expected names that no other process or app "
        + "of this run generates, found " + join(found) + " (from " + name.from() + "), which " + otherSide
        + " generates too");
  }

  /** An app's names are reported at its name's value, a process's at the process's key. */
  private static Diagnostic at(GeneratedName name, String message) {
    return name.key().equals("app")
        ? Diagnostic.at(name.plan().origin(), name.key(), message)
        : Diagnostic.atKey(name.plan().origin(), name.key(), message);
  }

  private static String join(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }
}
