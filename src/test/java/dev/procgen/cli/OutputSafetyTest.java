package dev.procgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Cli;
import dev.procgen.Snapshots;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every file-system failure of render, check and diff is one line {@code procgen: error: <what>
 * <path>: <why>} with status 1, and a failed render leaves the output folder exactly as it was.
 */
class OutputSafetyTest {
  private static final String SHOP = """
      app: shop
      processes:
        web:
          command: /srv/shop/bin/web --port={port}
          instances: 2
          port: 9000
        worker:
          command: /srv/shop/bin/worker
      """;

  /** Renders SHOP for upstart and bash into /work/out and returns the folder's state. */
  private static Map<String, String> rendered(Cli cli) {
    cli.put("shop.yaml", SHOP);
    Cli.Result r = cli.run("render", "shop.yaml", "--target", "upstart", "--target", "bash", "--out", "out");
    assertEquals(0, r.exit(), r.err());
    return Snapshots.of(cli.fs.getPath("/work/out"));
  }

  private static void assertFailsWith(Cli.Result r, String message) {
    assertEquals(1, r.exit(), r.out() + r.err());
    assertEquals("procgen: error: " + message + "\n", r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("internal error"), r.err());
  }

  @Test
  void outNamingAFileIsOneLineAndTouchesNothing() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("shop.yaml", SHOP);
      cli.put("out", "a file\n");
      for (String command : new String[] {"render", "check", "diff"}) {
        Cli.Result r = cli.run(command, "shop.yaml", "--target", "upstart", "--out", "out");
        assertFailsWith(r, (command.equals("render") ? "cannot write to" : "cannot read") + " out: expected a folder, found a file");
      }
      Cli.Result below = cli.run("render", "shop.yaml", "--target", "upstart", "--out", "out/deploy");
      assertFailsWith(below, "cannot write to out/deploy: expected a folder, found a file at out");
      assertEquals("a file\n", Files.readString(cli.fs.getPath("/work/out")));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a path outside the folder | ../../etc/passwd                 | 4 | expected a path below one of the folders bash, bootstrap, logrotate, nginx, rclocal, rollout, supervisor, systemd, upstart, found '../../etc/passwd'
      an absolute path          | /etc/passwd                      | 4 | expected a path below one of the folders bash, bootstrap, logrotate, nginx, rclocal, rollout, supervisor, systemd, upstart, found '/etc/passwd'
      a dot-dot segment         | upstart/../../x.conf             | 4 | expected a path below one of the folders bash, bootstrap, logrotate, nginx, rclocal, rollout, supervisor, systemd, upstart, found 'upstart/../../x.conf'
      an unknown folder         | notes/todo.txt                   | 4 | expected a path below one of the folders bash, bootstrap, logrotate, nginx, rclocal, rollout, supervisor, systemd, upstart, found 'notes/todo.txt'
      garbage                   | version: 2                       | 4 | expected a path below one of the folders bash, bootstrap, logrotate, nginx, rclocal, rollout, supervisor, systemd, upstart, found 'version: 2'
      a CRLF line ending        | upstart/shop.conf\\r             | 4 | expected a path below one of the folders bash, bootstrap, logrotate, nginx, rclocal, rollout, supervisor, systemd, upstart, found 'upstart/shop.conf\\u000D'
      a duplicate               | upstart/shop.conf                | 0 | expected each path once, found 'upstart/shop.conf' again (first on line 4)
      another format            | # procgen manifest format 2      | 4 | expected format 3, found format '2', which this procgen cannot read
      an owner after a tab      | upstart/x.conf\\tdeploy/a.yaml    | 4 | expected a path below one of the folders bash, bootstrap, logrotate, nginx, rclocal, rollout, supervisor, systemd, upstart, found 'upstart/x.conf\\u0009deploy/a.yaml'
      """)
  void aHandEditedManifestIsRefusedNamingTheLine(String name, String line, int number, String why) throws Exception {
    try (Cli cli = new Cli()) {
      rendered(cli);
      Path manifest = cli.fs.getPath("/work/out/.procgen/shop.yaml.files");
      String text = Files.readString(manifest);
      String[] lines = text.split("\n", -1);
      // Line 4, right after the header and the format line.
      String edited = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + line.replace("\\r", "\r").replace("\\t", "\t") + "\n"
          + text.substring(lines[0].length() + lines[1].length() + lines[2].length() + 3);
      Files.writeString(manifest, edited);
      Map<String, String> before = Snapshots.of(cli.fs.getPath("/work/out"));
      // A duplicate is reported where it appears again.
      int at = number != 0 ? number : lineOf(edited, "upstart/shop.conf", 2);
      assertTrue(at >= 4, edited);
      String expected = "cannot use the manifest out/.procgen/shop.yaml.files: line " + at + ": " + why
          + "; correct it, or delete the manifest (the next render writes a new one, but leaves files it no longer produces in place)";
      assertFailsWith(cli.run("render", "shop.yaml", "--target", "all", "--out", "out"), expected);
      assertFailsWith(cli.run("check", "shop.yaml", "--out", "out"), expected);
      assertFailsWith(cli.run("diff", "shop.yaml", "--target", "bash", "--out", "out"), expected);
      assertEquals(before, Snapshots.of(cli.fs.getPath("/work/out")));
    }
  }

  /** Returns the line number of the {@code nth} line that equals {@code line}, or 0. */
  private static int lineOf(String text, String line, int nth) {
    String[] lines = text.split("\n");
    int seen = 0;
    for (int i = 0; i < lines.length; i++) {
      if ((lines[i].equals(line) || lines[i].startsWith(line + "\t")) && ++seen == nth) {
        return i + 1;
      }
    }
    return 0;
  }

  @Test
  void aManifestWithBytesThatAreNotUtf8OrWithoutHeaderIsRefused() throws Exception {
    try (Cli cli = new Cli()) {
      rendered(cli);
      Path manifest = cli.fs.getPath("/work/out/.procgen/shop.yaml.files");
      byte[] good = Files.readAllBytes(manifest);
      byte[] bad = new String(good, java.nio.charset.StandardCharsets.UTF_8).replace("bash/shop-worker.sh", "bash/shop-w\u00ffrker.sh")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      Files.write(manifest, bad);
      int line = (int) new String(good, java.nio.charset.StandardCharsets.UTF_8).lines().takeWhile(l -> !l.equals("bash/shop-worker.sh")).count() + 1;
      Map<String, String> before = Snapshots.of(cli.fs.getPath("/work/out"));
      assertFailsWith(cli.run("render", "shop.yaml", "--target", "bash", "--out", "out"),
          "cannot use the manifest out/.procgen/shop.yaml.files: line " + line + ": expected UTF-8 text, found other bytes; correct it, or "
              + "delete the manifest (the next render writes a new one, but leaves files it no longer produces in place)");
      assertEquals(before, Snapshots.of(cli.fs.getPath("/work/out")));

      Files.write(manifest, good);
      // The old single manifest is still read, as strictly.
      cli.put("out/.procgen-manifest", "upstart/shop.conf\n");
      assertFailsWith(cli.run("check", "shop.yaml", "--out", "out"),
          "cannot use the manifest out/.procgen-manifest: line 1: expected procgen's header ('Generated by procgen from ...'), "
              + "found other text; correct it, or delete the manifest (the next render writes a new one, but leaves files it no longer produces in place)");
    }
  }

  @Test
  void aFileBelowTheManifestFolderThatIsNoManifestIsRefused() throws Exception {
    try (Cli cli = new Cli()) {
      rendered(cli);
      for (String stray : new String[] {"notes.txt", "sub/%zz.yaml.files", "%2e./x.yaml.files"}) {
        cli.put("out/.procgen/" + stray, "# Generated by procgen from x. Do not edit by hand.\n");
        Map<String, String> before = Snapshots.of(cli.fs.getPath("/work/out"));
        String expected = "cannot use the manifest out/.procgen/" + stray + ": expected only procgen's manifests below "
            + ".procgen (a descriptor's name, escaped, then .files), found this file; remove it";
        assertFailsWith(cli.run("render", "shop.yaml", "--target", "bash", "--out", "out"), expected);
        assertFailsWith(cli.run("check", "shop.yaml", "--out", "out"), expected);
        assertEquals(before, Snapshots.of(cli.fs.getPath("/work/out")));
        Files.delete(cli.fs.getPath("/work/out/.procgen/" + stray));
      }
      // A manifest that lost its format line is refused too.
      Path manifest = cli.fs.getPath("/work/out/.procgen/shop.yaml.files");
      Files.writeString(manifest, Files.readString(manifest).replace("# procgen manifest format 3\n", ""));
      assertFailsWith(cli.run("check", "shop.yaml", "--out", "out"), "cannot use the manifest out/.procgen/shop.yaml.files: "
          + "line 3: expected the line '# procgen manifest format 3' before the paths, found 'bash/shop-web-9000.sh'; correct it, "
          + "or delete the manifest (the next render writes a new one, but leaves files it no longer produces in place)");
    }
  }

  @Test
  void aStaleFileThatIsNotUtf8FailsTheRunBeforeAnythingChanges() throws Exception {
    try (Cli cli = new Cli()) {
      rendered(cli);
      Path stale = cli.fs.getPath("/work/out/bash/shop-worker.sh");
      Files.write(stale, new byte[] {'#', '!', (byte) 0xff, '\n'});
      Map<String, String> before = Snapshots.of(cli.fs.getPath("/work/out"));
      cli.put("shop.yaml", SHOP.replace("  worker:\n    command: /srv/shop/bin/worker\n", "")
          .replace("instances: 2", "instances: 3"));
      Cli.Result r = cli.run("render", "shop.yaml", "--target", "upstart", "--target", "bash", "--out", "out");
      assertFailsWith(r, "cannot read the stale file out/bash/shop-worker.sh: expected UTF-8 text, found other bytes "
          + "(procgen wrote this file, no longer produces it, and cannot tell whether it is still its own; remove it or restore it)");
      assertEquals(before, Snapshots.of(cli.fs.getPath("/work/out")), "no new file, the manifest keeps every entry");
      Cli.Result check = cli.run("check", "shop.yaml", "--out", "out");
      assertEquals(1, check.exit(), check.out());
      assertTrue(check.out().contains("would remove out/bash/shop-worker.sh\n"), check.out());
    }
  }

  @Test
  void aFullDiskHalfWayThroughLeavesTheFolderAsItWas() throws Exception {
    try (Cli cli = new Cli("/work", 1 << 20)) {
      Map<String, String> before = rendered(cli);
      FileStore store = Files.getFileStore(cli.fs.getPath("/work"));
      // Leave room for a few of the new files, not for all of them.
      long room = 3 * 1024;
      Files.write(cli.fs.getPath("/filler"), new byte[(int) (store.getUnallocatedSpace() - room)]);
      cli.put("shop.yaml", SHOP.replace("instances: 2", "instances: 3"));
      before = Snapshots.of(cli.fs.getPath("/work/out"));
      Cli.Result r = cli.run("render", "shop.yaml", "--target", "all", "--out", "out");
      assertEquals(1, r.exit(), r.err());
      String last = r.err().lines().reduce((a, b) -> b).orElse("");
      assertTrue(last.matches("procgen: error: cannot write out/[a-z]+/[a-z0-9.@/-]+: out of disk space"), r.err());
      assertEquals(before, Snapshots.of(cli.fs.getPath("/work/out")));
      Files.delete(cli.fs.getPath("/filler"));
      assertEquals(0, cli.run("render", "shop.yaml", "--target", "all", "--out", "out").exit());
      assertEquals(0, cli.run("check", "shop.yaml", "--out", "out").exit());
    }
  }

  @Test
  void aFullDiskInANewFolderRemovesTheFoldersTheRunCreated() throws Exception {
    try (Cli cli = new Cli("/work", 1 << 20)) {
      cli.put("shop.yaml", SHOP);
      FileStore store = Files.getFileStore(cli.fs.getPath("/work"));
      Files.write(cli.fs.getPath("/filler"), new byte[(int) (store.getUnallocatedSpace() - 2 * 1024)]);
      Cli.Result r = cli.run("render", "shop.yaml", "--target", "all", "--out", "deploy/generated");
      assertEquals(1, r.exit(), r.err());
      assertTrue(r.err().endsWith(": out of disk space\n"), r.err());
      assertFalse(Files.exists(cli.fs.getPath("/work/deploy")), "no empty folder is left behind");
    }
  }

  @ParameterizedTest
  @CsvSource({"'.', ''", "'./x/..', ''", "'../work', '../work/'", "'/work', '/work/'", "'./', ''"})
  void outMayNameTheWorkingDirectoryAnyWay(String out, String listed) throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("shop.yaml", SHOP);
      Files.createDirectories(cli.fs.getPath("/work/x"));
      Cli.Result r = cli.run("render", "shop.yaml", "--target", "upstart", "--out", out);
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().startsWith(listed + "upstart/shop.conf\n"), r.out());
      assertTrue(Files.isRegularFile(cli.fs.getPath("/work/upstart/shop-web-9001.conf")));
      Cli.Result check = cli.run("check", "shop.yaml", "--out", out);
      assertEquals(0, check.exit(), check.out());
      Cli.Result again = cli.run("render", "shop.yaml", "--target", "upstart", "--out", out);
      assertEquals(0, again.exit(), again.err());
    }
  }

  @Test
  void aSymlinkedOutFolderIsFollowedButNothingBelowIt() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("shop.yaml", SHOP);
      Files.createDirectories(cli.fs.getPath("/srv/generated"));
      Files.createSymbolicLink(cli.fs.getPath("/work/out"), cli.fs.getPath("/srv/generated"));
      Cli.Result r = cli.run("render", "shop.yaml", "--target", "upstart", "--out", "out");
      assertEquals(0, r.exit(), r.err());
      assertTrue(Files.isRegularFile(cli.fs.getPath("/srv/generated/upstart/shop.conf")));
      assertEquals(0, cli.run("check", "shop.yaml", "--out", "out").exit());
    }
  }

  @Test
  void checkNamesEveryDriftingFileAndShowsLineEndingsAndTheFinalNewline() throws Exception {
    try (Cli cli = new Cli()) {
      rendered(cli);
      Path job = cli.fs.getPath("/work/out/upstart/shop.conf");
      String text = Files.readString(job);
      Files.writeString(job, text.replace("\n", "\r\n"));
      Path script = cli.fs.getPath("/work/out/bash/shop-worker.sh");
      String scriptText = Files.readString(script);
      Files.writeString(script, scriptText.substring(0, scriptText.length() - 1));
      Files.delete(cli.fs.getPath("/work/out/upstart/shop-web-9000.conf"));
      Cli.Result check = cli.run("check", "shop.yaml", "--out", "out");
      assertEquals(1, check.exit());
      String firstLine = text.substring(0, text.indexOf('\n'));
      assertTrue(check.out().contains("\n-" + firstLine + "\u240d\n") && check.out().contains("\n+" + firstLine + "\n"), check.out());
      String lastLine = scriptText.substring(scriptText.lastIndexOf('\n', scriptText.length() - 2) + 1, scriptText.length() - 1);
      assertTrue(check.out().contains("\n-" + lastLine + "\n\\ No newline at end of file\n+" + lastLine + "\n"), check.out());
      assertTrue(check.out().endsWith("procgen check: 3 file(s) in out differ from the descriptors; run procgen render with the "
          + "same arguments to update them:\n"
          + "  changed out/upstart/shop.conf\n"
          + "  missing out/upstart/shop-web-9000.conf\n"
          + "  changed out/bash/shop-worker.sh\n"), check.out());
      Cli.Result diff = cli.run("diff", "shop.yaml", "--out", "out");
      assertEquals(0, diff.exit());
      assertEquals(check.out().replace("procgen check:", "procgen diff:"), diff.out());
    }
  }

  @Test
  void checkNamesAFileThatIsNotUtf8OrNotAFile() throws Exception {
    try (Cli cli = new Cli()) {
      rendered(cli);
      Files.write(cli.fs.getPath("/work/out/upstart/shop.conf"), new byte[] {(byte) 0xfe, '\n'});
      Files.delete(cli.fs.getPath("/work/out/bash/shop-worker.sh"));
      Files.createDirectories(cli.fs.getPath("/work/out/bash/shop-worker.sh"));
      Cli.Result check = cli.run("check", "shop.yaml", "--out", "out");
      assertEquals(1, check.exit());
      assertTrue(check.out().startsWith("Binary file out/upstart/shop.conf differs: it holds bytes that are not UTF-8 text\n"), check.out());
      assertTrue(check.out().contains("out/bash/shop-worker.sh: expected a regular file, found a folder\n"), check.out());
      assertTrue(check.out().endsWith("  changed out/upstart/shop.conf\n  changed out/bash/shop-worker.sh\n"), check.out());
    }
  }

  @Test
  void aDescriptorFolderWithoutDescriptorsIsOneLineAndBytesThatAreNotUtf8ArePositioned() throws Exception {
    try (Cli cli = new Cli()) {
      Files.write(cli.fs.getPath("/work/latin1.yaml"), "app: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      Files.createDirectories(cli.fs.getPath("/work/empty"));
      Cli.Result r = cli.run("render", "latin1.yaml", "empty", "--target", "bash", "--out", "out");
      assertEquals(1, r.exit());
      assertEquals("empty: error: expected a folder with *.yaml or *.yml descriptors, found none\n", r.err());
      Cli.Result latin = cli.run("render", "latin1.yaml", "--target", "bash", "--out", "out");
      assertEquals("latin1.yaml:1:9: error: cannot read the descriptor: expected UTF-8 text, found the byte 0xE9, which is not"
          + " UTF-8 (save the file as UTF-8)\napp: caf\uFFFD\n        ^\n", latin.err());
      assertFalse(Files.exists(cli.fs.getPath("/work/out")));
    }
  }

  @Test
  void aFailedRunLeavesNoLockFileAndASucceededOneNeither() throws Exception {
    try (Cli cli = new Cli()) {
      rendered(cli);
      assertFalse(Files.exists(cli.fs.getPath("/work/out/.procgen-lock")));
      cli.put("out/upstart/shop.conf", "# mine\n");
      Map<String, String> before = Snapshots.of(cli.fs.getPath("/work/out"));
      assertEquals(1, cli.run("render", "shop.yaml", "--target", "upstart", "--out", "out").exit());
      assertEquals(before, Snapshots.of(cli.fs.getPath("/work/out")));
    }
  }
}
