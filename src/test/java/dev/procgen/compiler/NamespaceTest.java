package dev.procgen.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Cli;
import dev.procgen.targets.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One namespace for every generated name of a run: collisions and reserved names are refused for
 * every target, whichever is rendered, with an error at the descriptor, exit 1 and nothing written.
 */
class NamespaceTest {

  /** Renders {@code descriptors} (name, text pairs) with {@code --target target --out out}. */
  private static void assertRefused(String target, String expected, String... descriptors) throws Exception {
    try (Cli cli = new Cli()) {
      List<String> args = new ArrayList<>(List.of("render"));
      for (int i = 0; i < descriptors.length; i += 2) {
        args.add(cli.put(descriptors[i], descriptors[i + 1]));
      }
      args.addAll(List.of("--target", target, "--out", "out"));
      Cli.Result r = cli.run(args.toArray(String[]::new));
      assertEquals(1, r.exit(), target + ": " + r.err());
      assertTrue(r.err().contains(expected), target + ": expected '" + expected + "' in:\n" + r.err());
      assertTrue(r.err().matches("(?s)[a-z-]+\\.yaml:\\d+:\\d+: error: .*"), r.err());
      assertEquals("", r.out());
      assertTrue(cli.tree("/work/out").isEmpty(), "nothing is written");
    }
  }

  private static Stream<DynamicTest> forEveryTarget(String name, String expected, String... descriptors) {
    return Target.all().stream().map(t -> DynamicTest.dynamicTest(name + " / " + t.id(),
        () -> assertRefused(t.id(), expected, descriptors)));
  }

  @TestFactory
  Stream<DynamicTest> anUnnumberedInstanceCollidesWithAProcessOfThatName() {
    return forEveryTarget("instances", "processes.q-3: expected names that no other process or app",
        "a.yaml", "app: a\nprocesses:\n  q:\n    command: run\n    instances: 3\n  q-3:\n    command: run\n");
  }

  @TestFactory
  Stream<DynamicTest> aPortedInstanceCollidesWithAProcessOfThatName() {
    return forEveryTarget("ports", "which processes.api (instance 7001) generates too",
        "a.yaml", "app: a\nprocesses:\n  api:\n    command: run {port}\n    instances: 2\n    port: 7000\n"
            + "  api-7001:\n    command: run\n");
  }

  @TestFactory
  Stream<DynamicTest> appAndProcessNamesThatJoinAlikeCollideAcrossApps() {
    return forEveryTarget("across apps", "which processes.b-c of a.yaml generates too",
        "a.yaml", "app: a\nprocesses:\n  b-c:\n    command: run\n  d:\n    command: run\n",
        "b.yaml", "app: a-b\nprocesses:\n  c:\n    command: run\n");
  }

  @TestFactory
  Stream<DynamicTest> anAppNamedLikeAnotherAppsInstanceCollides() {
    // App x's instances are x-web and x-db; app x-web's job and run script are x-web too.
    return forEveryTarget("app vs instance", "which processes.web of a.yaml generates too",
        "a.yaml", "app: x\nprocesses:\n  web:\n    command: run\n  db:\n    command: run\n",
        "b.yaml", "app: x-web\nprocesses:\n  main:\n    command: run\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "multi-user", "graphical", "network", "basic", "sysinit", "rescue",
      "emergency", "getty", "shutdown", "local-fs", "sockets", "timers"})
  void systemdSpecialTargetsAreRefusedForEveryTarget(String app) throws Exception {
    for (Target t : Target.all()) {
      assertRefused(t.id(), app + ".target", "a.yaml", "app: " + app + "\nprocesses:\n  web:\n    command: run\n");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ssh", "cron", "rc", "rsyslog", "udev", "dbus", "tty1", "hostname", "networking"})
  void stockJobsAndUnitsAreRefusedForEveryTarget(String app) throws Exception {
    for (Target t : Target.all()) {
      assertRefused(t.id(), "app: expected a name that generates no unit or job the host already has",
          "a.yaml", "app: " + app + "\nprocesses:\n  web:\n    command: run\n");
    }
  }

  @Test
  void aProcessThatMakesAStockUnitIsRefused() throws Exception {
    // systemd-journald.service and the Upstart job rc-sysinit belong to the host.
    assertRefused("bash", "systemd-journald.service",
        "a.yaml", "app: systemd\nprocesses:\n  journald:\n    command: run\n  other:\n    command: run\n");
    assertRefused("systemd", "the Upstart job rc-sysinit",
        "a.yaml", "app: rc\nprocesses:\n  sysinit:\n    command: run\n  other:\n    command: run\n");
  }

  @Test
  void distinctNamesPass() throws Exception {
    try (Cli cli = new Cli()) {
      String a = cli.put("a.yaml", "app: a\nprocesses:\n  q:\n    command: run\n    instances: 2\n  q-3:\n    command: run\n");
      String b = cli.put("b.yaml", "app: ab\nprocesses:\n  c:\n    command: run\n");
      Cli.Result r = cli.run("render", a, b, "--target", "all", "--out", "out");
      assertEquals(0, r.exit(), r.err());
    }
  }
}
