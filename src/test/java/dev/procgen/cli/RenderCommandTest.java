package dev.procgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Cli;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** Drives {@code procgen render} through the real command line against Jimfs. */
class RenderCommandTest {
  private static final String RECIPE = """
      app: django-project
      description: Django Project
      bin_dir: /home/user/django-project/bin
      processes:
        web:
          command: python manage.py run_gunicorn
          server: gunicorn
      """;

  @Test
  void oneTargetOneFilePrintsTheFileAlone() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("app.yaml", RECIPE);
      Cli.Result r = cli.run("render", "app.yaml", "--target", "upstart");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().startsWith("description \"Django Project\"\n"), r.out());
      assertTrue(r.out().endsWith("exec /home/user/django-project/bin/django-project.sh\n"), r.out());
      assertEquals("", r.err());
    }
  }

  @Test
  void severalFilesArePrecededByTheirRelativePaths() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("app.yaml", RECIPE);
      Cli.Result r = cli.run("render", "app.yaml", "--target", "bash", "--target", "upstart");
      assertEquals(0, r.exit(), r.err());
      // Targets come in the documented order (upstart, bash), whatever order the options had.
      int upstart = r.out().indexOf("# ==> upstart/django-project.conf <==\n");
      int bash = r.out().indexOf("# ==> bash/django-project.sh <==\n");
      assertTrue(upstart == 0 && bash > upstart, r.out());
    }
  }

  @Test
  void allMeansEveryTarget() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("app.yaml", RECIPE);
      Cli.Result r = cli.run("render", "app.yaml", "--target", "all", "--out", "/out");
      assertEquals(0, r.exit(), r.err());
      assertEquals(String.join("\n",
          "/out/upstart/django-project.conf",
          "/out/systemd/django-project-web.service",
          "/out/systemd/django-project.target",
          "/out/supervisor/supervisord.conf",
          "/out/supervisor/conf.d/django-project.conf",
          "/out/rclocal/django-project.sh",
          "/out/bash/django-project.sh",
          ""), r.out());
    }
  }

  @Test
  void outWritesRunScriptsExecutableAndJobsNot() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("app.yaml", RECIPE);
      Cli.Result r = cli.run("render", "app.yaml", "--target", "all", "--out", "out");
      assertEquals(0, r.exit(), r.err());
      assertEquals("rwxr-xr-x", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(cli.fs.getPath("/work/out/bash/django-project.sh"))));
      assertEquals("rw-r--r--", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(cli.fs.getPath("/work/out/upstart/django-project.conf"))));
      assertEquals("rwxr-xr-x", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(cli.fs.getPath("/work/out/rclocal/django-project.sh"))));
      assertEquals(7, cli.tree("/work/out").size(), "no temporary file may be left behind: " + cli.tree("/work/out"));
    }
  }

  @Test
  void missingDescriptorIsOneLineAndStatusOne() throws Exception {
    try (Cli cli = new Cli()) {
      Cli.Result r = cli.run("render", "missing.yaml", "--target", "upstart");
      assertEquals(1, r.exit());
      assertEquals("missing.yaml: error: cannot read the descriptor: no such file\n", r.err());
      assertEquals("", r.out());
    }
  }

  @Test
  void unknownTargetIsAUsageErrorListingTheTargets() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("app.yaml", RECIPE);
      Cli.Result r = cli.run("render", "app.yaml", "--target", "nosuch");
      assertEquals(2, r.exit());
      assertTrue(r.err().startsWith("Invalid value for option '--target': 'nosuch'; expected one of: all, upstart, systemd, supervisor, rclocal, bash\n"), r.err());
    }
  }

  @Test
  void missingTargetIsAUsageError() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("app.yaml", RECIPE);
      assertEquals(2, cli.run("render", "app.yaml").exit());
    }
  }

  @Test
  void everyProblemOfEveryDescriptorIsReportedAndNothingWritten() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("a.yaml", "app: a\nprocesses:\n  web:\n    command: run\n    workers: 2\n");
      cli.put("b.yaml", "app: b\nlog:\n  level: loud\nprocesses:\n  web:\n    command: run\n");
      cli.put("c.yaml", RECIPE);
      Cli.Result r = cli.run("render", "a.yaml", "b.yaml", "c.yaml", "--target", "all", "--out", "/out");
      assertEquals(1, r.exit());
      assertTrue(r.err().contains("a.yaml:5:14: error: processes.web.workers: expected only with a server preset"), r.err());
      assertTrue(r.err().contains("b.yaml:3:10: error: log.level: expected one of debug, info, warning, error, critical, found 'loud'"), r.err());
      assertTrue(cli.tree("/out").isEmpty());
    }
  }

  @Test
  void twoDescriptorsWithOneAppNameAreRefused() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("a.yaml", RECIPE);
      cli.put("b.yaml", RECIPE);
      Cli.Result r = cli.run("render", "a.yaml", "b.yaml", "--target", "upstart");
      assertEquals(1, r.exit());
      assertTrue(r.err().startsWith("b.yaml:1:6: error: app: expected a name no other descriptor of this run uses, found 'django-project', which a.yaml uses too"), r.err());
    }
  }

  @Test
  void environmentNameTheRunScriptUsesIsRefusedNamingTheBashTarget() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("app.yaml", RECIPE + "user: www\nenvironment:\n  USER: alice\n");
      Cli.Result r = cli.run("render", "app.yaml", "--target", "bash");
      assertEquals(1, r.exit());
      assertTrue(r.err().contains("environment.USER: expected a name the bash target's run script does not use itself"), r.err());
      // The upstart target does not set USER, so it carries the value.
      assertEquals(0, cli.run("render", "app.yaml", "--target", "upstart").exit());
    }
  }

  @Test
  void helpAndVersionSucceed() throws Exception {
    try (Cli cli = new Cli()) {
      Cli.Result help = cli.run("render", "--help");
      assertEquals(0, help.exit());
      assertTrue(help.out().contains("upstart") && help.out().contains("bash"), help.out());
      Cli.Result version = cli.run("--version");
      assertEquals(0, version.exit());
      assertTrue(version.out().startsWith("procgen "), version.out());
    }
  }
}
