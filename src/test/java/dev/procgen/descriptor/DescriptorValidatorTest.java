package dev.procgen.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.App;
import dev.procgen.model.LogLevel;
import dev.procgen.model.Respawn;
import dev.procgen.model.Server;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Descriptor version 1: defaults, values kept as written, and every problem reported. */
class DescriptorValidatorTest {

  private static App load(String yaml) throws DescriptorException {
    return DescriptorValidator.load("app.yaml", yaml);
  }

  private static List<String> problems(String yaml) {
    DescriptorException e = assertThrows(DescriptorException.class, () -> load(yaml));
    return e.diagnostics().stream().map(Diagnostic::format).map(s -> s.lines().findFirst().orElseThrow()).toList();
  }

  @Test
  void unsetKeysStayUnsetForThePlanToDefault() throws Exception {
    App app = load("app: shop\nprocesses:\n  web:\n    command: gunicorn shop.wsgi\n    server: gunicorn\n");
    assertEquals("shop", app.description());
    assertEquals(Optional.empty(), app.log().dir());
    assertEquals(LogLevel.INFO, app.log().level());
    assertEquals(Respawn.DEFAULT, app.respawn());
    assertEquals(Optional.empty(), app.binDir());
    assertEquals(Optional.empty(), app.user());
    var web = app.processes().get(0);
    assertEquals(Optional.of(Server.GUNICORN), web.server());
    assertEquals(1, web.workers());
    assertEquals(Optional.empty(), web.bind());
    assertEquals(1, web.instances());
  }

  @Test
  void environmentValuesAreKeptExactlyAsWrittenInOrder() throws Exception {
    App app = load("""
        app: a
        environment:
          ZED: yes
          ALPHA: 010
          EMPTY: ''
          PCT: 50%
          Q: 'it''s "x"'
        processes:
          web:
            command: run
        """);
    assertEquals(List.of("ZED", "ALPHA", "EMPTY", "PCT", "Q"), List.copyOf(app.environment().keySet()));
    assertEquals(Map.of("ZED", "yes", "ALPHA", "010", "EMPTY", "", "PCT", "50%", "Q", "it's \"x\""), app.environment());
  }

  @Test
  void commandMayBeAListOfWordsTakenLiterally() throws Exception {
    App app = load("app: a\nprocesses:\n  web:\n    command: ['/bin/echo', 'a | b', '$HOME']\n");
    assertEquals(List.of("/bin/echo", "a | b", "$HOME"), app.processes().get(0).command());
  }

  @Test
  void everyMistakeIsReportedAtItsPositionInOneRun() {
    List<String> p = problems("""
        app: Web
        user: Root
        directory: relative/dir
        log:
          level: verbose
        respawn:
          limit: 0
        processes:
          web:
            command: gunicorn app | tee
            workers: three
            port: 70000
        """);
    assertEquals(List.of(
        "app.yaml:1:6: error: app: expected a name matching [a-z][a-z0-9_-]* of at most 64 characters, found 'Web'",
        "app.yaml:2:7: error: user: expected an account name by useradd's rules ([a-z_][a-z0-9_-]*, at most 32 characters), found 'Root'",
        "app.yaml:3:12: error: directory: expected an absolute path with no '.', '..' or empty segments and no control characters, found 'relative/dir'",
        "app.yaml:5:10: error: log.level: expected one of debug, info, warning, error, critical, found 'verbose'",
        "app.yaml:7:10: error: respawn.limit: expected a number of restarts from 1 to 10000, found 0",
        "app.yaml:10:27: error: processes.web.command: expected plain shell words with no shell features, found unquoted '|', a shell operator (quote it to pass it literally) at character 14 of 'gunicorn app | tee'",
        "app.yaml:11:14: error: processes.web.workers: expected a number of workers from 1 to 1024, found 'three'",
        "app.yaml:12:11: error: processes.web.port: expected a port number from 1 to 65535, found 70000"), p);
  }

  @Test
  void unknownKeysSuggestTheClosestKnownOne() {
    assertEquals(List.of("app.yaml:2:1: error: enviroment: expected one of app, description, user, group, directory, "
        + "virtualenv, bin_dir, environment, secrets, secrets_file, log, respawn, stop, reload, limits, supervisor, hardening, proxy, processes, found unknown key 'enviroment' (did you mean 'environment'?)"),
        problems("app: a\nenviroment:\n  X: y\nprocesses:\n  web:\n    command: run\n"));
  }

  @Test
  void requiredKeysAndEmptyProcessesAreReported() {
    assertEquals(List.of(
        "app.yaml:1:1: error: app: expected an app name matching [a-z][a-z0-9_-]*, found nothing (the key is required)",
        "app.yaml:1:1: error: processes: expected a mapping of at least one process name to its settings, found nothing (the key is required)"),
        problems("description: x\n"));
    assertTrue(problems("app: a\nprocesses: {}\n").get(0).contains("processes: expected at least one process"));
  }

  @Test
  void portRangeAndBindConflictsAreChecked() {
    assertTrue(problems("app: a\nprocesses:\n  web:\n    command: run\n    instances: 3\n    port: 65534\n")
        .get(0).contains("expected port + instances - 1 <= 65535, found port 65534 with 3 instances"));
    assertTrue(problems("app: a\nprocesses:\n  web:\n    command: run\n    server: gunicorn\n    instances: 2\n    port: 8000\n    bind: 127.0.0.1:8000\n")
        .get(0).contains("2 instances cannot share one address"));
    assertTrue(problems("app: a\nprocesses:\n  web:\n    command: run --port={port}\n")
        .get(0).contains("found {port} with no port"));
  }

  @Test
  void duplicateKeysAndYamlSyntaxErrorsArePositioned() {
    assertEquals(List.of("app.yaml:2:1: error: app: expected each key once, found it again (first at line 1)"),
        problems("app: a\napp: b\nprocesses:\n  web:\n    command: run\n"));
    List<String> syntax = problems("app: a\nprocesses: [\n");
    assertEquals(1, syntax.size());
    assertTrue(syntax.get(0).startsWith("app.yaml:3:1: error: YAML syntax:"), syntax.get(0));
  }

  @Test
  void portIsReservedWhenProcgenSetsIt() {
    assertTrue(problems("app: a\nenvironment:\n  PORT: '1'\nprocesses:\n  web:\n    command: run\n    port: 8000\n")
        .get(0).contains("environment.PORT: expected no PORT"));
  }
}
