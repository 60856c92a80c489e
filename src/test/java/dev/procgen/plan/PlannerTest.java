package dev.procgen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.procgen.descriptor.DescriptorValidator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The launch plan: every fact a target needs, decided once, with the defaults applied. */
class PlannerTest {

  private static LaunchPlan plan(String yaml) throws Exception {
    return Planner.plan(DescriptorValidator.load("app.yaml", yaml));
  }

  @Test
  void defaultsAreWhatAnOperatorExpects() throws Exception {
    LaunchPlan plan = plan("app: shop\nprocesses:\n  web:\n    command: gunicorn shop.wsgi\n    server: gunicorn\n");
    assertEquals("/var/log/shop", plan.logDir());
    assertEquals("/usr/local/lib/shop/bin", plan.binDir());
    InstancePlan web = plan.instances().get(0);
    assertEquals(Optional.of("127.0.0.1:8000"), web.bind());
    assertEquals("/usr/local/lib/shop/bin/shop.sh", web.runScript());
    assertEquals("/var/log/shop/shop.log", web.logFile());
    assertEquals(List.of("gunicorn", "shop.wsgi", "--workers=1", "--bind=127.0.0.1:8000", "--log-level=info"),
        web.argv());
    assertEquals(StopPolicy.GUNICORN, plan.processes().get(0).stop());
  }

  @Test
  void instancesGetConsecutivePortsAndTheirOwnNames() throws Exception {
    LaunchPlan plan = plan("""
        app: chat
        processes:
          web:
            command: python -m chat --port={port}
            instances: 3
            port: 8000
        """);
    assertEquals(List.of("chat-8000", "chat-8001", "chat-8002"),
        plan.instances().stream().map(InstancePlan::name).toList());
    assertEquals(List.of("python", "-m", "chat", "--port=8002"), plan.instances().get(2).argv());
    assertEquals("/var/log/chat/chat-8001.log", plan.instances().get(1).logFile());
    assertEquals(List.of(new EnvVar("PORT", "8001", EnvVar.Source.PORT)), plan.instances().get(1).environment());
  }

  @Test
  void instancesWithoutPortsAreNumberedFromOne() throws Exception {
    LaunchPlan plan = plan("app: q\nprocesses:\n  worker:\n    command: run\n    instances: 2\n");
    assertEquals(List.of("q-1", "q-2"), plan.instances().stream().map(InstancePlan::name).toList());
  }

  @Test
  void portIsReplacedInEveryWordTheProgramPathIncluded() throws Exception {
    LaunchPlan plan = plan("""
        app: srv
        processes:
          web:
            command: /srv/app/bin-{port}/server --listen=127.0.0.1:{port}
            instances: 2
            port: 9000
        """);
    assertEquals(List.of("/srv/app/bin-9001/server", "--listen=127.0.0.1:9001"), plan.instances().get(1).argv());
    assertEquals(List.of("/srv/app/bin-{port}/server", "--listen=127.0.0.1:{port}"), plan.processes().get(0).argv());
  }

  @Test
  void environmentIsVirtualenvThenPortThenTheDescriptorsInOrder() throws Exception {
    LaunchPlan plan = plan("""
        app: a
        virtualenv: /srv/venv
        environment:
          ZED: z
          ALPHA: a
        processes:
          web:
            command: run
            port: 7000
        """);
    assertEquals(List.of("VIRTUAL_ENV", "PATH", "PORT", "ZED", "ALPHA"),
        plan.instances().get(0).environment().stream().map(EnvVar::name).toList());
    assertEquals("/srv/venv/bin:" + LaunchPlan.DEFAULT_PATH, plan.instances().get(0).environment().get(1).value());
  }

  @Test
  void gunicornDropsPrivilegesItselfAndLooksTheGroupUpWhenOnlyAUserIsGiven() throws Exception {
    LaunchPlan plan = plan("app: a\nuser: www\nprocesses:\n  web:\n    command: gunicorn a.wsgi\n    server: gunicorn\n");
    List<ServerFlag> flags = plan.instances().get(0).flags();
    assertEquals(List.of("--workers", "--user", "--group", "--bind", "--log-level", "--log-file", "--pid",
        "--capture-output"), flags.stream().map(ServerFlag::option).toList());
    assertEquals(Optional.empty(), flags.get(2).value(), "the user's primary group, looked up at start");
    // The pid file sits next to the log file, for logrotate's postrotate; --capture-output takes no value.
    assertEquals("--pid=/var/log/a/a.pid", flags.get(6).word());
    assertEquals(Optional.of("/var/log/a/a.pid"), plan.instances().get(0).pidFile());
    assertEquals("--capture-output", flags.get(7).word());
    assertEquals(true, flags.get(7).bare());
    assertEquals(true, plan.processes().get(0).dropsPrivilegesItself());
  }

  @Test
  void aDescriptorVariableTheVirtualenvAlsoSetsTakesItsPlace() throws Exception {
    LaunchPlan plan = plan("""
        app: a
        virtualenv: /srv/venv
        environment:
          X: x
          PATH: /opt/bin
        processes:
          web:
            command: run
        """);
    assertEquals(List.of(new EnvVar("VIRTUAL_ENV", "/srv/venv", EnvVar.Source.VIRTUALENV),
        new EnvVar("PATH", "/opt/bin", EnvVar.Source.DESCRIPTOR), new EnvVar("X", "x", EnvVar.Source.DESCRIPTOR)),
        plan.instances().get(0).environment());
  }
}
