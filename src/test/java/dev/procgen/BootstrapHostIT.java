package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bootstrap script never damages a host: run for real as root in a sandbox whose {@code
 * /srv}, {@code /var/log} and {@code /tmp} are temp dirs shaped like a stock host's, it leaves
 * system folders and folders of other accounts exactly as they were, creates a group without a
 * user, and changes nothing at all when a precondition fails.
 */
class BootstrapHostIT {
  private Path base;
  private Path srv;
  private Path varLog;
  private Path tmpDir;
  private Sandbox sandbox;

  @BeforeEach
  void stockHost() throws Exception {
    Sandbox.requireTools();
    // Not below /tmp: the sandbox binds a folder over /tmp, which would hide the test's own files.
    base = Files.createTempDirectory(Path.of("/var/tmp"), "procgen-host-");
    srv = folder("srv", "755");
    varLog = folder("var-log", "755");
    tmpDir = folder("tmp", "1777");
    sandbox = new Sandbox(base.resolve("root"), Map.of("/srv", srv, "/var/log", varLog, "/tmp", tmpDir));
  }

  @AfterEach
  void removeSandbox() throws Exception {
    if (base != null) {
      Processes.output("rm", "-rf", "--one-file-system", base.toString());
    }
  }

  private Path folder(String name, String mode) throws Exception {
    Path dir = Files.createDirectories(base.resolve(name));
    Processes.output("chown", "root:root", dir.toString());
    Processes.output("chmod", mode, dir.toString());
    return dir;
  }

  private Path render(String yaml, String init) throws Exception {
    Path descriptor = Files.writeString(base.resolve("app.yaml"), yaml);
    Path out = base.resolve("out-" + init);
    Cli.renderOnDisk(descriptor.toString(), "--target", "bootstrap", "--init", init, "--out", out.toString());
    try (Stream<Path> s = Files.list(out.resolve("bootstrap"))) {
      return s.findFirst().orElseThrow();
    }
  }

  /** {@code stat -c '%a %U:%G'} of each path, as the sandbox (with its accounts) sees it. */
  private String stat(String... paths) throws Exception {
    Path script = Files.writeString(base.resolve("stat.sh"), "for p in \"$@\"; do echo \"$p $(stat -c '%a %U:%G' \"$p\")\"; done\n");
    Sandbox.Result r = sandbox.run(script, null, paths);
    assertEquals(0, r.exit(), r.output());
    return r.output();
  }

  /** Every file and folder below the sandbox's /etc, /srv, /var/log and /tmp: path, type, mode, owner, size, bytes. */
  private String listing() throws Exception {
    return Processes.output("sh", "-c", "cd \"$1\" && find root/etc srv var-log tmp -printf '%p %y %m %u:%g %s\\n' | sort"
        + " && find root/etc srv var-log tmp -type f -print0 | sort -z | xargs -0 md5sum", "sh", base.toString());
  }

  /**
   * The proxy's file, with the host's real nginx (Debian's nginx.conf, which includes conf.d): the
   * bootstrap script installs it once nginx -t accepts it, says that a stopped nginx reads it when
   * it starts, changes nothing on a second run, and when nginx -t refuses a new version (another
   * file already defines the same upstream) it puts the old file back, or removes a new one, and
   * fails naming nginx's own message.
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void theNginxFileIsInstalledOnlyWhenNginxTestAcceptsIt() throws Exception {
    Tools.require("nginx", "Debian package nginx");
    Path nginxConf = sandbox.etc().resolve("nginx");
    if (!Files.isRegularFile(nginxConf.resolve("nginx.conf"))) {
      Tools.unavailable("no /etc/nginx/nginx.conf: install Debian's nginx package");
    }
    Files.createDirectories(varLog.resolve("nginx"));
    Path run = folder("run", "755");
    // Over /run too, so that nginx -s reload never finds a nginx of the host's to signal.
    Sandbox isolated = new Sandbox(base.resolve("root"), Map.of("/srv", srv, "/var/log", varLog, "/tmp", tmpDir, "/run", run));
    String yaml = """
        app: proxied
        directory: /srv/proxied
        log:
          dir: /srv/proxied/logs
        supervisor:
          home: /tmp/proxied/supervisor
        proxy:
          listen: 127.0.0.1:%d
          server_name: proxied.example.com
        processes:
          web:
            command: /bin/sleep 1000
            port: 8000
            instances: 2
        """;
    Path script = renderNginx(yaml.formatted(18080));
    String first = Files.readString(base.resolve("out-nginx/nginx/proxied.conf"));
    Path stubs = base.resolve("stubs");
    Probe probe = Probe.install(base.resolve("probe"));
    probe.linkAt(stubs.resolve("supervisorctl"));
    probe.linkAt(stubs.resolve("supervisord"));
    Path installed = nginxConf.resolve("conf.d/proxied.conf");

    Sandbox.Result installing = isolated.run(script, stubs, Map.of("PROBE_EXIT", "0"));
    assertEquals(0, installing.exit(), installing.output());
    assertTrue(installing.output().contains("write /etc/nginx/conf.d/proxied.conf, test it with nginx -t and reload nginx\n"),
        installing.output());
    assertTrue(installing.output().contains("nginx accepts the new /etc/nginx/conf.d/proxied.conf but is not running"),
        installing.output());
    assertEquals(first, Files.readString(installed));
    Sandbox.Result again = isolated.run(script, stubs, Map.of("PROBE_EXIT", "0"));
    assertEquals(0, again.exit(), again.output());
    assertEquals("bootstrap proxied: nothing changed\n", again.output());

    // Another file defines the same upstream: nginx -t refuses a changed file, and the old one stays.
    Files.writeString(nginxConf.resolve("conf.d/zz-other.conf"), "upstream proxied-web { server 127.0.0.1:1; }\n");
    Path changed = renderNginx(yaml.formatted(18081));
    Sandbox.Result refused = isolated.run(changed, stubs, Map.of("PROBE_EXIT", "0"));
    assertEquals(1, refused.exit(), refused.output());
    assertTrue(refused.output().contains("duplicate upstream \"proxied-web\""), "nginx's own message: " + refused.output());
    assertTrue(refused.output().contains("nginx -t refused the configuration with the new /etc/nginx/conf.d/proxied.conf; "
        + "the old one is back in place"), refused.output());
    assertEquals(first, Files.readString(installed), "the old file is back, byte for byte");

    // With no old file, the refused new one is removed.
    Files.delete(installed);
    Sandbox.Result fresh = isolated.run(changed, stubs, Map.of("PROBE_EXIT", "0"));
    assertEquals(1, fresh.exit(), fresh.output());
    assertFalse(Files.exists(installed), "a refused new file is not left in conf.d");
  }

  /**
   * Secrets: the first run creates the secrets file with an empty value for each name (root, the
   * app's group, 0640), installs everything else, and refuses to start the app, naming the empty
   * secrets; once the operator has filled them in, a run starts it, leaves the file exactly as it
   * is, and prints no value.
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void theSecretsFileIsCreatedWithEmptyValuesAndTheAppStartsOnlyOnceTheyAreFilledIn() throws Exception {
    Path script = render("""
        app: sealed
        user: sealed
        directory: /srv/sealed
        log:
          dir: /srv/sealed/logs
        supervisor:
          home: /tmp/sealed/supervisor
        secrets: [DATABASE_URL, SECRET_KEY]
        processes:
          web:
            command: /bin/sleep 1000
        """, "supervisor");
    Path stubs = base.resolve("stubs");
    Probe probe = Probe.install(base.resolve("probe"));
    probe.linkAt(stubs.resolve("supervisorctl"));
    probe.linkAt(stubs.resolve("supervisord"));
    Path file = sandbox.etc().resolve("sealed/secrets.env");

    Sandbox.Result first = sandbox.run(script, stubs, Map.of("PROBE_EXIT", "0"));
    assertEquals(1, first.exit(), first.output());
    assertTrue(first.output().contains("create /etc/sealed/secrets.env with an empty value for each secret"), first.output());
    assertTrue(first.output().contains("bootstrap sealed: fill in DATABASE_URL SECRET_KEY in /etc/sealed/secrets.env: "
        + "the app is not started while a secret is empty"), first.output());
    assertEquals(0, probe.starts("supervisorctl") + probe.starts("supervisord"), "nothing started the app");
    assertTrue(Files.readString(file).endsWith("DATABASE_URL=\nSECRET_KEY=\n"), Files.readString(file));
    assertEquals("/etc/sealed/secrets.env 640 root:sealed\n/etc/sealed 750 root:sealed\n",
        stat("/etc/sealed/secrets.env", "/etc/sealed"));

    String filled = "# filled in by the operator\nDATABASE_URL=\"postgres://app:p\\$ss w'rd@db/app\"\nSECRET_KEY='k;#%\"x'\n";
    Files.writeString(file, filled);
    Sandbox.Result second = sandbox.run(script, stubs, Map.of("PROBE_EXIT", "0"));
    assertEquals(0, second.exit(), second.output());
    assertTrue(probe.starts("supervisorctl") + probe.starts("supervisord") > 0, "the app was started: " + second.output());
    assertEquals(filled, Files.readString(file), "an existing secrets file is never rewritten");
    assertFalse(second.output().contains("p$ss") || second.output().contains("k;#%"), "no value is printed: " + second.output());
  }

  /** Renders the bootstrap script for supervisor and the nginx file together; returns the script. */
  private Path renderNginx(String yaml) throws Exception {
    Path descriptor = Files.writeString(base.resolve("app.yaml"), yaml);
    Path out = base.resolve("out-nginx");
    Cli.renderOnDisk(descriptor.toString(), "--target", "bootstrap", "--target", "nginx", "--init", "supervisor",
        "--out", out.toString());
    return out.resolve("bootstrap/proxied.sh");
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void systemFoldersAboveTheAppsOwnStayExactlyAsTheHostHasThem() throws Exception {
    Path script = render("""
        app: hostapp
        user: hostapp
        directory: /srv/hostapp
        bin_dir: /srv/hostapp/bin
        log:
          dir: /var/log/hostapp
        supervisor:
          home: /tmp/hostapp/supervisor
        processes:
          web:
            command: /bin/sleep 1000
        """, "supervisor");
    Path stubs = base.resolve("stubs");
    Probe probe = Probe.install(base.resolve("probe"));
    probe.linkAt(stubs.resolve("supervisorctl"));
    probe.linkAt(stubs.resolve("supervisord"));
    String system = "/srv 755 root:root\n/var/log 755 root:root\n/tmp 1777 root:root\n";
    assertEquals(system, stat("/srv", "/var/log", "/tmp"));

    Sandbox.Result first = sandbox.run(script, stubs, Map.of("PROBE_EXIT", "0"));
    assertEquals(0, first.exit(), first.output());
    assertTrue(first.output().contains("create group hostapp\ncreate user hostapp\n"), first.output());
    assertEquals(system, stat("/srv", "/var/log", "/tmp"), "the host's folders keep mode, owner and sticky bit");
    assertEquals("""
        /srv/hostapp 755 hostapp:hostapp
        /srv/hostapp/bin 755 root:root
        /var/log/hostapp 750 hostapp:hostapp
        /tmp/hostapp 755 root:root
        /tmp/hostapp/supervisor 750 hostapp:hostapp
        """, stat("/srv/hostapp", "/srv/hostapp/bin", "/var/log/hostapp", "/tmp/hostapp", "/tmp/hostapp/supervisor"),
        "the app's folders are created with their own mode and owner, and mkdir -p's parents with 755 root:root");
    try (Stream<Path> s = Files.list(tmpDir)) {
      assertEquals(List.of("hostapp"), s.map(p -> p.getFileName().toString()).toList(), "no temp file is left in /tmp");
    }

    Sandbox.Result second = sandbox.run(script, stubs, Map.of("PROBE_EXIT", "0"));
    assertEquals(0, second.exit(), second.output());
    assertEquals("bootstrap hostapp: nothing changed\n", second.output());
    assertEquals(system, stat("/srv", "/var/log", "/tmp"));
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void anExistingFolderOfAnotherAccountIsLeftAloneAndReported() throws Exception {
    Path script = render("""
        app: owned
        user: owned
        directory: /srv/owned
        log:
          dir: /srv/owned/logs
        processes:
          web:
            command: /bin/sleep 1000
        """, "rclocal");
    // Both exist, owned by nobody: the log folder would otherwise be corrected to 750 owned:owned.
    Processes.output("install", "-d", "-m", "700", "-o", "nobody", "-g", "nogroup", srv.resolve("owned").toString());
    Processes.output("install", "-d", "-m", "777", "-o", "nobody", "-g", "nogroup", srv.resolve("owned/logs").toString());
    String before = stat("/srv/owned", "/srv/owned/logs");

    Sandbox.Result r = sandbox.run(script, null);
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("bootstrap owned: leave /srv/owned alone: it belongs to nobody, not owned\n"), r.output());
    assertTrue(r.output().contains("bootstrap owned: leave /srv/owned/logs alone: it belongs to nobody, not owned\n"), r.output());
    assertFalse(r.output().contains("set directory"), r.output());
    assertEquals(before, stat("/srv/owned", "/srv/owned/logs"));
    assertEquals("/srv/owned 700 nobody:nogroup\n/srv/owned/logs 777 nobody:nogroup\n", before);
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void anAppRunAsRootNeverChangesAnExistingFolderOfRoots() throws Exception {
    // No user: the app's account is root, so "owned by the app" cannot tell the app's folder from
    // the system's. A root-owned folder that is not on the system list (a config folder of another
    // service, say) keeps its mode, group and setgid bit.
    Path script = render("""
        app: rootapp
        directory: /srv/rootapp
        log:
          dir: /srv/shared-logs
        supervisor:
          home: /srv/shared-home
        processes:
          web:
            command: /bin/sleep 1000
        """, "supervisor");
    Processes.output("install", "-d", "-m", "2775", "-o", "root", "-g", "nogroup", srv.resolve("shared-logs").toString());
    Processes.output("install", "-d", "-m", "711", "-o", "root", "-g", "root", srv.resolve("shared-home").toString());
    Path stubs = base.resolve("stubs");
    Probe probe = Probe.install(base.resolve("probe"));
    probe.linkAt(stubs.resolve("supervisorctl"));
    probe.linkAt(stubs.resolve("supervisord"));
    String before = stat("/srv/shared-logs", "/srv/shared-home");
    assertEquals("/srv/shared-logs 2775 root:nogroup\n/srv/shared-home 711 root:root\n", before);

    Sandbox.Result r = sandbox.run(script, stubs, Map.of("PROBE_EXIT", "0"));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("leave /srv/shared-logs alone: it belongs to root"), r.output());
    assertTrue(r.output().contains("leave /srv/shared-home alone: it belongs to root"), r.output());
    assertFalse(r.output().contains("set directory"), r.output());
    assertEquals(before, stat("/srv/shared-logs", "/srv/shared-home"));
    assertEquals("/srv/rootapp 755 root:root\n", stat("/srv/rootapp"), "a folder it creates still gets its mode");
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void aGroupWithoutAUserIsCreatedAndTheAppsFoldersGetIt() throws Exception {
    Path script = render("""
        app: grouponly
        group: grouponlygrp
        directory: /srv/grouponly
        log:
          dir: /var/log/grouponly
        processes:
          web:
            command: /bin/sleep 1000
        """, "rclocal");
    Sandbox.Result first = sandbox.run(script, null);
    assertEquals(0, first.exit(), first.output());
    assertTrue(first.output().startsWith("create group grouponlygrp\n"), first.output());
    assertTrue(Files.readString(sandbox.etc().resolve("group")).contains("\ngrouponlygrp:"), "the group exists");
    assertEquals("/var/log/grouponly 750 root:grouponlygrp\n/srv/grouponly 755 root:grouponlygrp\n",
        stat("/var/log/grouponly", "/srv/grouponly"));
    Sandbox.Result second = sandbox.run(script, null);
    assertEquals("bootstrap grouponly: nothing changed\n", second.output());
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void aFailingPreconditionChangesNothingAndEveryProblemIsNamed() throws Exception {
    Path script = render("""
        app: blocked
        user: blocked
        directory: /srv/blocked
        bin_dir: /srv/blocker/bin
        log:
          dir: /var/log/blocked
        processes:
          web:
            command: /bin/sleep 1000
        """, "rclocal");
    // A file where a folder must go, and an rc.local with a block that never ends.
    Files.writeString(srv.resolve("blocker"), "not a folder\n");
    Files.writeString(sandbox.etc().resolve("rc.local"), "#!/bin/sh -e\n# BEGIN procgen blocked\necho half\nexit 0\n");
    String before = listing();

    Sandbox.Result r = sandbox.run(script, null);
    assertEquals(1, r.exit(), r.output());
    assertEquals("""
        bootstrap blocked: cannot create /srv/blocker/bin: /srv/blocker is not a folder
        bootstrap blocked: /etc/rc.local has a '# BEGIN procgen blocked' line with no '# END procgen blocked' after it; repair the block by hand
        bootstrap blocked: changed nothing: fix the 2 problem(s) above and run again
        """, r.output());
    assertEquals(before, listing(), "no account, folder, file or temp file changed");
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void rootsFilesAreNeverInstalledWhereAnotherAccountCouldReplaceThem() throws Exception {
    // The run scripts that root starts at boot go to bin_dir. One folder above it belongs to
    // nobody, another is writable by every account without the sticky bit: either account could
    // swap a run script for its own. Both are preconditions, so nothing changes.
    Path script = render("""
        app: guarded
        user: guarded
        bin_dir: /srv/nobodys/bin
        log:
          dir: /srv/open/logs
        processes:
          web:
            command: /bin/sleep 1000
        """, "rclocal");
    Processes.output("install", "-d", "-m", "755", "-o", "nobody", "-g", "nogroup", srv.resolve("nobodys").toString());
    Path stubs = base.resolve("stubs");
    String before = listing();

    Sandbox.Result r = sandbox.run(script, stubs);
    assertEquals(1, r.exit(), r.output());
    assertEquals("""
        bootstrap guarded: cannot install root's files below /srv/nobodys: it belongs to nobody, neither root nor guarded, and that account could replace them; make /srv/nobodys root's or choose another folder
        bootstrap guarded: changed nothing: fix the 1 problem(s) above and run again
        """, r.output());
    assertEquals(before, listing(), "no account, folder or file changed");

    Processes.output("chown", "root:root", srv.resolve("nobodys").toString());
    Processes.output("chmod", "777", srv.toString());
    before = listing();
    r = sandbox.run(script, stubs);
    assertEquals(1, r.exit(), r.output());
    assertTrue(r.output().startsWith("bootstrap guarded: cannot install root's files below /srv: every account may write it"
        + " (mode 777, no sticky bit)"), r.output());
    assertEquals(before, listing(), "no account, folder or file changed");

    // With the sticky bit (as /tmp has it) no account can rename another's entries: the run goes on.
    Processes.output("chmod", "1777", srv.toString());
    r = sandbox.run(script, stubs);
    assertEquals(0, r.exit(), r.output());
    assertEquals("/srv/nobodys/bin 755 root:root\n/srv/nobodys/bin/guarded.sh 755 root:root\n",
        stat("/srv/nobodys/bin", "/srv/nobodys/bin/guarded.sh"));
  }
}
