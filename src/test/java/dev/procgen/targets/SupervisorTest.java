package dev.procgen.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Cli;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the supervisor target writes for programs, accounts and a per-app home, and what it
 * refuses; {@code SupervisorIT} proves the same shapes under a real supervisord.
 */
class SupervisorTest {
  private static Cli.Result render(Cli cli, String yaml) {
    return cli.run("render", cli.put("app.yaml", yaml), "--target", "supervisor");
  }

  @Test
  void aRelativeProgramGetsTheDirectoryAndABareNameIsLookedUpByEnv() throws Exception {
    try (Cli cli = new Cli()) {
      Cli.Result r = render(cli, "app: shop\ndirectory: /home/shop/app\nprocesses:\n"
          + "  web:\n    command: bin/server --x\n  worker:\n    command: celery worker\n");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().contains("\ncommand=/home/shop/app/bin/server --x\n"), r.out());
      assertTrue(r.out().contains("\ncommand=/usr/bin/env celery worker\n"), r.out());
    }
  }

  @Test
  void aGroupIsSetByChrootForEveryProgramInsteadOfUser() throws Exception {
    try (Cli cli = new Cli()) {
      Cli.Result r = render(cli, "app: shop\nuser: shop\ngroup: www-data\nprocesses:\n"
          + "  web:\n    command: gunicorn shop.wsgi\n    server: gunicorn\n  worker:\n    command: /usr/bin/worker a\n");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().contains("\ncommand=/usr/sbin/chroot --skip-chdir --userspec=shop:www-data / gunicorn shop.wsgi "
          + "--workers=1 --bind=127.0.0.1:8000 --log-level=info\n"), "gunicorn gets no --user or --group: " + r.out());
      assertTrue(r.out().contains("\ncommand=/usr/sbin/chroot --skip-chdir --userspec=shop:www-data / /usr/bin/worker a\n"),
          r.out());
      assertFalse(r.out().contains("\nuser="), "supervisord must not drop to the user before chroot runs: " + r.out());
    }
  }

  @Test
  void aGroupWithoutUserKeepsRootWithTheGroupAndNoOtherGroups() throws Exception {
    try (Cli cli = new Cli()) {
      Cli.Result r = render(cli, "app: shop\ngroup: www-data\nprocesses:\n  web:\n    command: /usr/bin/web\n");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().contains("\ncommand=/usr/sbin/chroot --skip-chdir --userspec=:www-data --groups= / /usr/bin/web\n"),
          r.out());
    }
  }

  @Test
  void aHomeWithGlobCharactersIsIncludedEscapedAndOtherwiseRelative() throws Exception {
    try (Cli cli = new Cli()) {
      Cli.Result r = render(cli, "app: shop\nsupervisor:\n  home: /home/shop/s[1]*?{x}]%\nprocesses:\n"
          + "  web:\n    command: /usr/bin/web\n");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().contains("\nfiles=/home/shop/s[[]1][*][?]{x}]%%/conf.d/*.conf\n"), r.out());
      Cli.Result plain = render(cli, "app: shop\nsupervisor:\n  home: /home/shop/my home\nprocesses:\n"
          + "  web:\n    command: /usr/bin/web\n");
      assertEquals(0, plain.exit(), plain.err());
      assertTrue(plain.out().contains("\nfiles=conf.d/*.conf\n"), plain.out());
    }
  }

  @Test
  void theSocketPathMayHaveAtMost99Bytes() throws Exception {
    String base = "/home/s/";
    int room = 99 - (base.length() + "/supervisor.sock".length());
    try (Cli cli = new Cli()) {
      String fits = base + "é".repeat(room / 2) + "x".repeat(room % 2);
      assertEquals(99, (fits + "/supervisor.sock").getBytes(StandardCharsets.UTF_8).length);
      Cli.Result ok = render(cli, "app: shop\nsupervisor:\n  home: " + fits + "\nprocesses:\n  web:\n    command: /usr/bin/web\n");
      assertEquals(0, ok.exit(), ok.err());
      Cli.Result tooLong = render(cli, "app: shop\nsupervisor:\n  home: " + fits + "y\nprocesses:\n  web:\n"
          + "    command: /usr/bin/web\n");
      assertEquals(1, tooLong.exit());
      assertTrue(tooLong.err().startsWith("app.yaml:3:9: error: supervisor.home: expected a path whose socket "), tooLong.err());
      assertTrue(tooLong.err().contains("unix(7)") && tooLong.err().contains("found 100 bytes"), tooLong.err());
    }
  }
}
