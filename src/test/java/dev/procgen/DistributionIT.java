package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mvn package} builds for installing procgen: the man pages under {@code target/man}
 * and {@code target/procgen_<version>_all.deb}, checked with the real man(1), lintian and dpkg.
 *
 * <p>The package is installed for real, with {@code dpkg -i} on this host's own dpkg database,
 * but inside a private mount namespace whose root is an overlay over {@code /} with its upper
 * layer on a tmpfs: dpkg, man-db's triggers and procgen write there, and the host's files and
 * package list stay as they were. The namespace ends with the test's shell.
 */
class DistributionIT {
  @TempDir Path tmp;

  private static Path target() {
    return Golden.root().toAbsolutePath().getParent().resolve("target");
  }

  private static Path deb() throws Exception {
    try (Stream<Path> s = Files.list(target())) {
      List<Path> debs = s.filter(p -> p.getFileName().toString().matches("procgen_.+_all\\.deb")).toList();
      assertEquals(1, debs.size(), "expected one procgen_<version>_all.deb in target/ (mvn package builds it): " + debs);
      return debs.get(0);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theManPageRendersWithoutWarningsAndDocumentsEveryCommand() throws Exception {
    Tools.require("man", "Debian package man-db");
    Path man = target().resolve("man");
    Path page = man.resolve("procgen.1");
    assertTrue(Files.isRegularFile(page), "mvn package writes target/man/procgen.1");
    // As a user types it: man ./procgen.1 in the folder, with groff's warnings on.
    Processes.Result r = Processes.command("man", "--warnings", "./procgen.1").in(man)
        .env("MANPAGER", "cat").env("MANWIDTH", "100").env("LC_ALL", "C.UTF-8").run();
    r.assertSuccess();
    assertEquals("", r.err(), "groff warned about target/man/procgen.1");
    String text = r.out();
    assertTrue(text.contains("NAME") && text.contains("procgen - "), text);
    assertTrue(text.contains("SYNOPSIS") && text.contains("EXIT STATUS") && text.contains("EXAMPLES"), text);
    // Every subcommand the command line has is listed, and has its own page that renders too.
    try (Cli cli = new Cli()) {
      Cli.Result help = cli.run("--help");
      String commands = help.out().substring(help.out().indexOf("Commands:"));
      for (String line : commands.split("\n")) {
        if (line.startsWith("  ") && !line.startsWith("   ")) {
          String sub = line.strip().split("\\s+")[0];
          assertTrue(text.contains(sub), sub + " is missing from procgen(1)");
          Processes.Result subPage = Processes.command("man", "--warnings", "-l", "procgen-" + sub + ".1").in(man)
              .env("MANPAGER", "cat").env("LC_ALL", "C.UTF-8").run();
          subPage.assertSuccess();
          assertEquals("", subPage.err(), "groff warned about procgen-" + sub + ".1");
          assertTrue(subPage.out().contains("procgen-" + sub + " - "), subPage.out());
        }
      }
    }
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void theDebianPackagePassesLintian() throws Exception {
    Tools.require("lintian", "Debian package lintian");
    Processes.Result r = Processes.command("lintian", "--fail-on", "error,warning", "--pedantic", deb().toString())
        .mergeStderr().limit(Duration.ofMinutes(4)).run();
    // lintian prints one tag a line ("E: procgen: tag [file]"); a clean package prints none.
    List<String> tags = r.out().lines().filter(l -> l.matches("[EWIPX]: .*")).toList();
    assertEquals(List.of(), tags, r.out());
    r.assertSuccess();
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void theDebianPackageInstallsWorksFromAnyFolderAndRemovesCleanly() throws Exception {
    Tools.require("dpkg", "Debian package dpkg");
    Tools.require("unshare", "Debian package util-linux");
    Tools.require("chroot", "Debian package coreutils");
    Tools.require("man", "Debian package man-db");
    if (!Processes.output("id", "-u").strip().equals("0")) {
      Tools.unavailable("installing the package in an overlay over / needs root");
    }
    if (Files.exists(Path.of("/usr/share/procgen/procgen.jar"))) {
      Tools.unavailable("procgen is installed on this host; the overlay would start from that install");
    }
    Path deb = deb();
    Path script = tmp.resolve("install.sh");
    // The script runs inside `unshare -m`: its mounts vanish with it.
    Files.writeString(script, """
        set -eu
        d="$1"
        mount -t tmpfs tmpfs "$d"
        mkdir "$d/up" "$d/work" "$d/root"
        mount -t overlay overlay -o "lowerdir=/,upperdir=$d/up,workdir=$d/work" "$d/root"
        mount --rbind /proc "$d/root/proc"
        mount --rbind /dev "$d/root/dev"
        mount -t tmpfs tmpfs "$d/root/tmp"
        cp "$2" "$d/root/tmp/procgen.deb"
        exec chroot "$d/root" /bin/bash -c "$3"
        """);
    String inside = """
        set -eu
        export LC_ALL=C.UTF-8 MANPAGER=cat
        echo "== install"
        dpkg -i /tmp/procgen.deb
        dpkg-query -W -f='${Status}\\n' procgen
        dpkg -L procgen | sort > /tmp/files
        echo "== version"
        cd /var && procgen --version
        echo "== man"
        man -w procgen
        man procgen | head -n 8
        echo "== completion"
        bash -c 'source /usr/share/bash-completion/completions/procgen && complete -p procgen'
        echo "== render"
        mkdir -p /tmp/deploy /tmp/elsewhere
        printf 'app: shop\\nprocesses:\\n  web:\\n    command: /srv/shop/web --port {port}\\n    port: 8000\\n' > /tmp/deploy/shop.yaml
        cd /tmp/elsewhere && procgen render ../deploy/shop.yaml --target systemd --out out
        cat out/systemd/shop-web.service
        procgen check ../deploy/shop.yaml --out out && echo "check: current"
        echo "== remove"
        dpkg -r procgen
        echo "status: $(dpkg-query -W -f='${Status}' procgen 2>/dev/null || echo absent)"
        while read -r f; do
          if [ -e "$f" ] && [ ! -d "$f" ]; then echo "LEFT $f"; fi
        done < /tmp/files
        hash -r
        if command -v procgen; then echo "LEFT procgen on PATH"; fi
        echo "== done"
        """;
    Path mountpoint = Files.createDirectories(tmp.resolve("overlay"));
    Processes.Result r = Processes.command("unshare", "-m", "--propagation", "private", "/bin/sh", script.toString(),
            mountpoint.toString(), deb.toString(), inside)
        .mergeStderr().limit(Duration.ofMinutes(4)).run();
    String out = r.out();
    r.assertSuccess();
    String version = Processes.output("dpkg-deb", "-f", deb.toString(), "Version").strip();
    assertTrue(out.contains("Setting up procgen (" + version + ")"), out);
    assertTrue(out.contains("install ok installed"), out);
    assertTrue(out.contains("== version\nprocgen "), out);
    assertTrue(out.contains("/usr/share/man/man1/procgen.1.gz"), out);
    assertTrue(out.contains("procgen - "), "man procgen shows the page's NAME: " + out);
    assertTrue(out.contains("-F _complete_procgen procgen\n"), out);
    assertTrue(out.contains("out/systemd/shop-web.service\n"), out);
    assertTrue(out.contains("ExecStart=/srv/shop/web --port 8000\n"), out);
    assertTrue(out.contains("check: current"), out);
    assertTrue(out.contains("Removing procgen (" + version + ")"), out);
    assertFalse(out.contains("LEFT "), out);
    assertTrue(out.contains("== done"), out);
    assertFalse(out.contains("status: install ok installed"), out);
    // The host was never touched.
    assertFalse(Files.exists(Path.of("/usr/bin/procgen")) && Files.exists(Path.of("/usr/share/procgen/procgen.jar")),
        "the package leaked onto the host");
  }
}
