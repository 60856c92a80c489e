package dev.procgen.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.App;
import dev.procgen.model.Limit;
import dev.procgen.model.Signal;
import dev.procgen.plan.LaunchPlan;
import dev.procgen.plan.Planner;
import dev.procgen.plan.ProcessPlan;
import dev.procgen.plan.StopPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the {@code stop}, {@code reload} and {@code limits} keys, at the app and at a process,
 * as the descriptor reads them and as the launch plan applies them.
 */
class DescriptorControlsTest {

  private static App load(String yaml) throws DescriptorException {
    return DescriptorValidator.load("app.yaml", yaml);
  }

  private static LaunchPlan plan(String yaml) throws DescriptorException {
    return Planner.plan(load(yaml));
  }

  private static List<String> problems(String yaml) {
    DescriptorException e = assertThrows(DescriptorException.class, () -> load(yaml));
    return e.diagnostics().stream().map(Diagnostic::format).map(s -> s.lines().findFirst().orElseThrow()).toList();
  }

  @Test
  void aProcessStopKeyReplacesTheAppsKeyByKey() throws Exception {
    String yaml = """
        app: shop
        stop:
          signal: INT
          timeout: 20
        processes:
          web:
            command: gunicorn shop.wsgi
            server: gunicorn
            stop: {timeout: 60}
          worker:
            command: python -m shop.worker
        """;
    App app = load(yaml);
    // Each level keeps only what it writes; the plan merges them.
    assertEquals(Optional.of(Signal.INT), app.controls().stopSignal());
    assertEquals(OptionalInt.of(20), app.controls().stopTimeout());
    assertEquals(Optional.empty(), app.processes().get(0).controls().stopSignal());
    assertEquals(OptionalInt.of(60), app.processes().get(0).controls().stopTimeout());

    LaunchPlan plan = plan(yaml);
    // stop.timeout from the process, stop.signal from the app; gunicorn's master still gets the signal alone.
    assertEquals(new StopPolicy("INT", 60, true), plan.processes().get(0).stop());
    // A process that sets no stop gets the app's signal and timeout over the default's.
    assertEquals(new StopPolicy("INT", 20, false), plan.processes().get(1).stop());
  }

  @Test
  void withoutStopKeysTheServersDefaultsApply() throws Exception {
    LaunchPlan plan = plan("""
        app: shop
        processes:
          web:
            command: gunicorn shop.wsgi
            server: gunicorn
            stop: {signal: QUIT}
          worker:
            command: python -m shop.worker
        """);
    assertEquals(new StopPolicy("QUIT", StopPolicy.GUNICORN.timeoutSeconds(), true), plan.processes().get(0).stop());
    assertEquals(StopPolicy.DEFAULT, plan.processes().get(1).stop());
  }

  @Test
  void aSignalIsNamedWithOrWithoutSig() throws Exception {
    App bare = load("app: a\nstop:\n  signal: TERM\nreload:\n  signal: HUP\nprocesses:\n  web:\n    command: run\n");
    App prefixed = load("app: a\nstop:\n  signal: SIGTERM\nreload:\n  signal: SIGHUP\nprocesses:\n  web:\n    command: run\n");
    assertEquals(Optional.of(Signal.TERM), bare.controls().stopSignal());
    assertEquals(Optional.of(Signal.TERM), prefixed.controls().stopSignal());
    assertEquals(bare.controls().reload(), prefixed.controls().reload());
    assertEquals(Optional.of(Signal.HUP), prefixed.controls().reload().orElseThrow().signal());
    ProcessPlan fromBare = Planner.plan(bare).processes().get(0);
    ProcessPlan fromPrefixed = Planner.plan(prefixed).processes().get(0);
    assertEquals("TERM", fromPrefixed.stop().signal(), "the plan names the signal without SIG");
    assertEquals(fromBare.stop(), fromPrefixed.stop());
    assertEquals(Optional.of(Signal.HUP), fromPrefixed.reload());
    // Case counts, as for kill(1).
    assertEquals(List.of("app.yaml:3:11: error: stop.signal: expected one of HUP, INT, QUIT, ABRT, KILL, USR1, USR2, "
        + "ALRM, TERM, WINCH (a signal name as kill -l gives it, with or without SIG), found 'sigterm'"),
        problems("app: a\nstop:\n  signal: sigterm\nprocesses:\n  web:\n    command: run\n"));
  }

  @Test
  void reloadNoneAtAProcessCancelsGunicornsHup() throws Exception {
    LaunchPlan plan = plan("""
        app: shop
        processes:
          web:
            command: gunicorn shop.wsgi
            server: gunicorn
          api:
            command: gunicorn shop.api
            server: gunicorn
            reload: {signal: none}
          worker:
            command: python -m shop.worker
        """);
    assertEquals(Optional.of(Signal.HUP), plan.processes().get(0).reload(), "gunicorn reloads on HUP by default");
    assertEquals(Optional.empty(), plan.processes().get(1).reload(), "none: the process is never reloaded");
    assertEquals(Optional.empty(), plan.processes().get(2).reload(), "a plain process has no reload by default");
  }

  @Test
  void reloadNoneAtAProcessAlsoCancelsTheAppsSignal() throws Exception {
    LaunchPlan plan = plan("""
        app: shop
        reload:
          signal: USR2
        processes:
          web:
            command: gunicorn shop.wsgi
            server: gunicorn
            reload: {signal: none}
          worker:
            command: python -m shop.worker
        """);
    assertEquals(Optional.empty(), plan.processes().get(0).reload());
    assertEquals(Optional.of(Signal.USR2), plan.processes().get(1).reload(), "the app's signal over the default");
  }

  @Test
  void sizeLimitsCountIn1024AndUnlimitedMeansNoLimit() throws Exception {
    App app = load("""
        app: dumps
        limits:
          memlock: 64M
          core: unlimited
        processes:
          run:
            command: run
        """);
    Map<Limit.Resource, Limit> limits = app.controls().limits();
    assertEquals(67_108_864L, limits.get(Limit.Resource.MEMLOCK).value());
    assertTrue(limits.get(Limit.Resource.CORE).unlimited());
    assertEquals(Limit.UNLIMITED, limits.get(Limit.Resource.CORE).value());
    assertEquals(List.of(new Limit(Limit.Resource.CORE, Limit.UNLIMITED), new Limit(Limit.Resource.MEMLOCK, 67_108_864L)),
        Planner.plan(app).processes().get(0).limits(), "in the resources' order, whatever the descriptor's");

    App units = load("app: d\nlimits:\n  core: 64M\n  memlock: 8K\nprocesses:\n  run:\n    command: run\n");
    assertEquals(64L << 20, units.controls().limits().get(Limit.Resource.CORE).value());
    assertEquals(8192L, units.controls().limits().get(Limit.Resource.MEMLOCK).value());
  }

  @Test
  void aLimitOfTildeIsUnset() throws Exception {
    App app = load("""
        app: files
        limits:
          nofile: ~
          nproc: 512
        processes:
          run:
            command: run
        """);
    assertFalse(app.controls().limits().containsKey(Limit.Resource.NOFILE), app.controls().limits().toString());
    assertEquals(List.of(new Limit(Limit.Resource.NPROC, 512)), Planner.plan(app).processes().get(0).limits());
    assertEquals(List.of(),
        plan("app: files\nlimits:\n  nofile: ~\nprocesses:\n  run:\n    command: run\n").processes().get(0).limits());
  }

  @Test
  void aProcessLimitReplacesTheAppsLimitOfTheSameResourceOnly() throws Exception {
    LaunchPlan plan = plan("""
        app: shop
        limits:
          nofile: 65536
          core: 0
        processes:
          web:
            command: run
            limits: {nofile: 100000}
          worker:
            command: run
        """);
    assertEquals(List.of(new Limit(Limit.Resource.NOFILE, 100_000), new Limit(Limit.Resource.CORE, 0)),
        plan.processes().get(0).limits());
    assertEquals(List.of(new Limit(Limit.Resource.NOFILE, 65_536), new Limit(Limit.Resource.CORE, 0)),
        plan.processes().get(1).limits());
  }
}
