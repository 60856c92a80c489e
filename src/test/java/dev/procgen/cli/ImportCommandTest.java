package dev.procgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Cli;
import org.junit.jupiter.api.Test;

/** {@code procgen import} on the command line: files, options, exit status and streams. */
class ImportCommandTest {
  @Test
  void readsTheDotEnvBesideTheProcfileAndPrintsADescriptorThatRenders() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("app/Procfile", "web: /usr/bin/python3 -m http.server $PORT\nworker: /usr/bin/python3 w.py $MODE\n");
      cli.put("app/.env", "MODE=fast\n");
      Cli.Result r = cli.run("import", "app/Procfile", "--formation", "web=2,worker=1", "--app", "shop", "--user", "www");
      assertEquals(0, r.exit(), r.err());
      assertEquals("", r.err());
      assertTrue(r.out().contains("directory: \"/work/app\"\n"), r.out());
      assertTrue(r.out().contains("  \"MODE\": \"fast\"\n"), r.out());
      assertTrue(r.out().contains("      - \"fast\"\n"), r.out());
      cli.put("shop.yaml", r.out());
      Cli.Result rendered = cli.run("render", "shop.yaml", "--target", "systemd");
      assertEquals(0, rendered.exit(), rendered.err());
      assertTrue(rendered.out().contains("ExecStart=/usr/bin/python3 w.py fast\n"), rendered.out());
    }
  }

  @Test
  void envFilesLoadInOrderFromOneCommaSeparatedOption() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("Procfile", "web: /bin/x\n");
      cli.put(".env", "IGNORED=yes\n");
      cli.put("a.env", "A=1\nB=1\n");
      cli.put("b.env", "B=2\nC=2\n");
      Cli.Result r = cli.run("import", "Procfile", "-e", "a.env,b.env");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().contains("environment:\n  \"A\": \"1\"\n  \"B\": \"2\"\n  \"C\": \"2\"\n"), r.out());
      assertTrue(!r.out().contains("IGNORED"), r.out());
    }
  }

  @Test
  void everyProblemIsPrintedWithNothingOnStdoutAndStatus1() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("Procfile", "web: /bin/x\n");
      Cli.Result r = cli.run("import", "Procfile", "-m", "wbe=1", "--app", "Shop", "-e", "missing.env");
      assertEquals(1, r.exit());
      assertEquals("", r.out());
      assertTrue(r.err().contains("missing.env: error: cannot read it: no such file"), r.err());
      Cli.Result bad = cli.run("import", "Procfile", "-m", "wbe=1", "--app", "Shop");
      assertEquals(1, bad.exit());
      assertEquals("", bad.out());
      assertTrue(bad.err().contains("--formation: error: expected a process type of the Procfile (web) or all, found 'wbe'"),
          bad.err());
      assertTrue(bad.err().contains("--app: error:"), bad.err());
    }
  }

  @Test
  void helpExplainsTheRules() throws Exception {
    try (Cli cli = new Cli()) {
      Cli.Result r = cli.run("import", "--help");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().contains("PS=<type>.<n>"), r.out());
      assertTrue(r.out().contains("--formation"), r.out());
      assertTrue(cli.run("--help").out().contains("import"));
    }
  }
}
