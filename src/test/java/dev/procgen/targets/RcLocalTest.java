package dev.procgen.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Cli;
import org.junit.jupiter.api.Test;

/**
 * How the rc.local block starts an app with a group, which su cannot set; {@code RcLocalIT} runs
 * the block as root and checks the process's uid, gid and groups.
 */
class RcLocalTest {
  private static Cli.Result render(Cli cli, String yaml) {
    return cli.run("render", cli.put("app.yaml", yaml), "--target", "rclocal");
  }

  @Test
  void aGroupStartsEachRunScriptThroughChrootAndNoGroupThroughSu() throws Exception {
    try (Cli cli = new Cli()) {
      Cli.Result r = render(cli, "app: shop\nuser: shop\ngroup: www-data\nbin_dir: /srv/shop/bin\nprocesses:\n"
          + "  web:\n    command: run\n");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().contains("\n/usr/sbin/chroot --skip-chdir --userspec=shop:www-data / /srv/shop/bin/shop.sh "
          + "</dev/null &\n"), r.out());
      assertFalse(r.out().contains("su -s"), r.out());
      Cli.Result alone = render(cli, "app: shop\ngroup: www-data\nbin_dir: /srv/shop/bin\nprocesses:\n  web:\n    command: run\n");
      assertTrue(alone.out().contains("\n/usr/sbin/chroot --skip-chdir --userspec=:www-data --groups= / /srv/shop/bin/shop.sh "
          + "</dev/null &\n"), alone.out());
      Cli.Result user = render(cli, "app: shop\nuser: shop\nbin_dir: /srv/shop/bin\nprocesses:\n  web:\n    command: run\n");
      assertTrue(user.out().contains("\nsu -s /bin/sh shop -c 'exec /srv/shop/bin/shop.sh' </dev/null &\n"), user.out());
    }
  }
}
