package dev.procgen.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Cli;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Only the descriptor's command and bind carry {@code {port}}: a folder or an environment value
 * that holds the same text keeps it literally in a template unit or a numprocs program.
 */
class PortPatternTest {
  private static final String APP = """
      app: chat
      directory: /srv/{port}/chat
      environment:
        LIT: a{port}b
      processes:
        web:
          command: bin/serve --p={port}
          instances: 2
          port: 8000
      """;

  private static String render(String target) throws Exception {
    try (Cli cli = new Cli()) {
      Cli.Result r = cli.run("render", cli.put("app.yaml", APP), "--target", target);
      assertEquals(0, r.exit(), r.err());
      return r.out();
    }
  }

  @Test
  void aSystemdTemplateReplacesThePortInTheCommandOnly() throws Exception {
    String unit = render("systemd");
    assertTrue(unit.contains("\nExecStart=\"/srv/{port}/chat/bin/serve\" \"--p=%i\"\n"), unit);
    assertTrue(unit.contains("\nWorkingDirectory=/srv/{port}/chat\n"), unit);
    assertTrue(unit.contains("\nEnvironment=\"PORT=%i\"\nEnvironment=\"LIT=a{port}b\"\n"), unit);
  }

  @Test
  void aSupervisordProgramReplacesThePortInTheCommandOnly() throws Exception {
    String conf = render("supervisor");
    assertTrue(conf.contains("\ncommand='/srv/{port}/chat/'bin/serve --p=%(process_num)s\n"), conf);
    assertTrue(conf.contains("\ndirectory=/srv/{port}/chat\n"), conf);
    assertTrue(conf.contains("\nenvironment=PORT=\"%(process_num)s\",LIT=\"a{port}b\"\n"), conf);
  }

  @Test
  void everyInstanceCarriesTheNamesItsRunScriptUsesItself() throws Exception {
    try (Cli cli = new Cli()) {
      String app = cli.put("app.yaml", "app: g\nuser: www\nenvironment:\n  USER: a\n  GROUP: b\n"
          + "processes:\n  web:\n    command: gunicorn x\n    server: gunicorn\n    instances: 2\n    port: 8000\n");
      Cli.Result r = cli.run("render", app, "--target", "bash", "--out", "out");
      assertEquals(0, r.exit(), r.err());
      for (String port : List.of("8000", "8001")) {
        String script = cli.tree("/work/out").get("bash/g-" + port + ".sh");
        assertTrue(script.contains("\nUSER=www\n"), script);
        assertTrue(script.contains("\n  PORT=" + port + " \\\n  USER=a \\\n  GROUP=b \\\n  gunicorn x --workers="), script);
      }
    }
  }
}
