package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the bootstrap script puts the app's block in an operator's {@code /etc/rc.local}: before
 * the first top-level command that ends the script for certain (the stock file's final {@code
 * exit 0}; any {@code exit}, or an {@code exec} of a command, that no {@code &&}, {@code ||} or
 * pipe makes conditional), never inside a compound command, a here-document or a
 * continued line. For each shape, the bootstrap script's own placement function composes the file,
 * and real {@code sh} runs it in the normal and the early-exit branch to show whether the block
 * ran; a second placement changes nothing.
 */
class RcLocalPlacementIT {
  @TempDir Path tmp;

  /**
   * One rc.local shape: its text, and whether the block runs in the normal branch ({@code
   * MAINT} unset) and with {@code MAINT=1}, where the operator's file may exit early.
   */
  record Shape(String name, String text, boolean runsNormally, boolean runsInMaintenance) {}

  private static final String SHEBANG = "#!/bin/sh -e\n";

  private static List<Shape> shapes() {
    return List.of(
        new Shape("Debian's stock rc.local", SHEBANG + "#\n# rc.local\n#\n# Make sure that the script will \"exit 0\" on success.\n"
            + "#\n# By default this script does nothing.\n\nexit 0\n", true, true),
        new Shape("a maintenance-mode early exit in an if", SHEBANG
            + "if [ -n \"${MAINT-}\" ]; then\n  echo maintenance >/dev/null\n  exit 0\nfi\necho normal >/dev/null\nexit 0\n", true, false),
        new Shape("a one-line if, && and a continued line", SHEBANG
            + "if [ -n \"${MAINT-}\" ]; then exit 0; fi\n[ -z \"${NEVER-}\" ] && [ -n \"${NEVER-}\" ] && exit 0\n"
            + "[ -n \"${MAINT-}\" ] &&\n  exit 0\ntrue \\\nexit 0\n", true, false),
        new Shape("case arms with exit 0", SHEBANG
            + "case \"${MAINT-}\" in\n  1) exit 0 ;;\n  (2)\n    exit 0\n    ;;\nesac\nexit 0\n", true, false),
        new Shape("functions and a subshell", SHEBANG
            + "stop() {\n  exit 0\n}\nquiet () (\n  exit 0\n)\n( exit 0 )\n[ -z \"${MAINT-}\" ] || stop\nexit 0 # done\n",
            true, false),
        new Shape("here-documents that hold exit 0", SHEBANG
            + "cat <<EOF >/dev/null\nexit 0\nEOF\ncat <<-'END' >/dev/null\n\texit 0\n\tEND\nx=\"$(echo \"exit 0\n\")\"\n"
            + "y='\nexit 0\n'\n[ -z \"${MAINT-}\" ] || exit 0\nexit 0\necho unreachable\n", true, false),
        new Shape("loops and a brace group", SHEBANG
            + "for w in if fi done; do :; done\nwhile false; do\n  exit 0\ndone\n{\n  [ -z \"${MAINT-}\" ] || exit 0\n}\n", true, false),
        new Shape("no exit 0 at all", "#!/bin/sh\necho booting >/dev/null\n", true, true),
        // Every spelling of a top-level command that ends the script: the block goes before the
        // first one, since nothing after it runs.
        new Shape("exit after other commands on its line", SHEBANG
            + "echo one >/dev/null; exit 0\n", true, true),
        new Shape("a bare exit, exit $? and exit 00", SHEBANG
            + "[ -z \"${MAINT-}\" ] || { true; exit; }\ntrue\nexit\nexit $?\nexit 00\n", true, false),
        new Shape("two top-level exit 0, the second one dead", SHEBANG
            + "if [ -n \"${MAINT-}\" ]\nthen exit 0\nfi\nexit 0\necho dead >/dev/null\nexit 0\n", true, false),
        // The block goes before the whole line, so it also runs before the early exit in it.
        new Shape("exit after a compound command that closes on the same line", SHEBANG
            + "if [ -n \"${MAINT-}\" ]; then exit 0; fi; for i in 1; do :; done; { :; }; ( : ) ; exit 0 # end\n",
            true, true),
        new Shape("exit after a background job, a here-document and a pipeline", SHEBANG
            + "sleep 0 & exit 0 2>/dev/null\n", true, true),
        new Shape("exit after a here-document on its line", SHEBANG
            + "cat <<E >/dev/null; exit 0\nexit 0\nE\n", true, true),
        new Shape("a conditional exit spread over lines, then exec", SHEBANG
            + "[ -z \"${MAINT-}\" ] ||\n  exit 0\n[ -n \"${MAINT-}\" ] | exit 0\nexec >/dev/null 2>&1\nexec true\n", true, false),
        new Shape("tabs, no final newline", "#!/bin/sh\n\tif [ -n \"${MAINT-}\" ]; then\texit\t0;\tfi\n\texit\t0",
            true, false),
        // A function of the file whose body exits ends the script where it is called.
        new Shape("a main function that exits", SHEBANG
            + "helper() { :; }\nmain ()\n{\n  helper\n  exit 0\n}\nhelper\nmain \"$@\"\necho never >/dev/null\n", true, true),
        new Shape("a function that may exit early, called first", SHEBANG
            + "stop_if_maint() { [ -z \"${MAINT-}\" ] || exit 0; }\nstop_if_maint\n", true, true),
        // bash's own syntax, for a file that starts with #!/bin/bash: placed and run with bash.
        new Shape("bash: ANSI-C quotes, [[ ]], process substitution, function keyword", "#!/bin/bash\n"
            + "echo $'it\\'s exit 0' >/dev/null\nwhile read -r l; do :; done < <(echo \"exit 0\")\n"
            + "function m { [[ -z ${MAINT-} ]] || exit 0; }\nif [[ -n ${NEVER-} ]]; then exit 0; fi\nm\n", true, true),
        new Shape("an earlier block of the app inside the early exit", SHEBANG
            + "if [ -n \"${MAINT-}\" ]; then\n# BEGIN procgen boot\necho old >>\"$OUT\"\n# END procgen boot\n  exit 0\nfi\nexit 0\n",
            true, false));
  }

  @TestFactory
  Stream<DynamicTest> theBlockRunsAtBootWhereverTheOperatorsFileLetsItRun() throws Exception {
    Path descriptor = Files.writeString(tmp.resolve("boot.yaml"), "app: boot\nbin_dir: /srv/boot/bin\nprocesses:\n  web:\n    command: run\n");
    Path out = tmp.resolve("out");
    Cli.renderOnDisk(descriptor.toString(), "--target", "bootstrap", "--init", "rclocal", "--out", out.toString());
    String script = Files.readString(out.resolve("bootstrap/boot.sh"));
    // The script's own placement function, as it runs on a host.
    int from = script.indexOf("rclocal_with_block() {");
    int to = script.indexOf("\n}\n", from) + 3;
    Path function = Files.writeString(tmp.resolve("place.sh"), script.substring(from, to));
    Path block = Files.writeString(tmp.resolve("block"), "# BEGIN procgen boot\necho ran >>\"$OUT\"\n# END procgen boot\n");

    List<DynamicTest> tests = new ArrayList<>();
    int n = 0;
    for (Shape shape : shapes()) {
      Path dir = Files.createDirectories(tmp.resolve("shape" + n++));
      tests.add(DynamicTest.dynamicTest(shape.name(), () -> {
        Path rc = Files.writeString(dir.resolve("rc.local"), shape.text());
        String placed = place(function, block, rc);
        Path placedFile = Files.writeString(dir.resolve("rc.local.new"), placed);
        assertEquals(placed, place(function, block, placedFile), "a second placement changes nothing");
        assertEquals(1, placed.split("# BEGIN procgen boot\n", -1).length - 1, "one block:\n" + placed);
        assertEquals(shape.runsNormally(), runs(placedFile, dir, false), "normal boot:\n" + placed);
        assertEquals(shape.runsInMaintenance(), runs(placedFile, dir, true), "maintenance:\n" + placed);
        String without = placed.replace("# BEGIN procgen boot\necho ran >>\"$OUT\"\n# END procgen boot\n", "");
        // awk ends the last line with a newline; nothing else may change.
        String text = shape.text().endsWith("\n") ? shape.text() : shape.text() + "\n";
        assertEquals(text.replaceAll("# BEGIN procgen boot\necho old >>\"\\$OUT\"\n# END procgen boot\n", ""), without,
            "every other line stays as it was");
      }));
    }
    return tests.stream();
  }

  private static String place(Path function, Path block, Path rc) throws Exception {
    // As check_rclocal does: bash's syntax only for a file that bash runs.
    String bash = Files.readString(rc).startsWith("#!/bin/bash") ? "1" : "0";
    Processes.Result r = Processes.command("bash", "-c", ". \"$1\" && rclocal_with_block boot \"$2\" \"$3\" \"$4\"", "bash",
        function.toString(), block.toString(), rc.toString(), bash).limit(Duration.ofSeconds(10)).run();
    assertEquals(0, r.exit(), r.out());
    return r.out();
  }

  /** Runs the composed rc.local with real sh and says whether the block ran. */
  private static boolean runs(Path rc, Path dir, boolean maintenance) throws Exception {
    Path marker = dir.resolve(maintenance ? "maint.out" : "normal.out");
    Files.deleteIfExists(marker);
    String shell = Files.readString(rc).startsWith("#!/bin/bash") ? "bash" : "sh";
    Processes.Command c = Processes.command(shell, rc.toString()).env("OUT", marker.toString()).mergeStderr()
        .limit(Duration.ofSeconds(10));
    if (maintenance) {
      c.env("MAINT", "1");
    }
    Processes.Result r = c.run();
    assertEquals(0, r.exit(), r.out());
    return Files.exists(marker) && Files.readString(marker).equals("ran\n");
  }
}
