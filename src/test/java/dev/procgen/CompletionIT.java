package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code procgen completion bash|zsh} in a real interactive bash or zsh on a pseudo-terminal: the script is
 * sourced, a command line is typed and TAB pressed, and readline completes it or lists the
 * matches (src/test/resources/complete.py drives the terminal). The expected words come from
 * procgen's own help, so a new target is expected without editing this test.
 */
class CompletionIT {
  @TempDir Path tmp;

  /** What readline did with one typed line: the terminal output, and the line as it was run. */
  private record Typed(String line, String shown, String args) {
    /** The words readline listed as matches: every word on a line of the output that is not a prompt or an echo. */
    Set<String> listed() {
      Set<String> words = new TreeSet<>();
      // Terminal controls out (zsh's bracketed-paste switches, bells, backspaces), then lines.
      String text = shown.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replaceAll("[\u0007\u0008\r]", "\n");
      for (String l : text.split("\n")) {
        // zsh marks a line without a newline with a lone '#' (PROMPT_SP).
        if (!l.contains("procgen") && !l.isBlank() && !l.strip().equals("#")) {
          words.addAll(Arrays.asList(l.strip().split("\\s+")));
        }
      }
      return words;
    }
  }

  private Map<String, Typed> type(String shell, Path script, Path dir, String... lines) throws Exception {
    Path python = Tools.require("python3", "Debian package python3");
    Tools.require(shell, "Debian package " + shell);
    Path driver = Path.of(CompletionIT.class.getResource("/complete.py").toURI());
    List<String> argv = new ArrayList<>(List.of(python.toString(), driver.toString(), shell, script.toString(), dir.toString()));
    argv.addAll(List.of(lines));
    Processes.Result r = Processes.command(argv).limit(Duration.ofSeconds(60)).run();
    r.assertSuccess();
    Map<String, Typed> typed = new LinkedHashMap<>();
    Pattern field = Pattern.compile("\"(line|shown|args)\": \"((?:[^\"\\\\]|\\\\.)*)\"");
    for (String json : r.out().split("\n")) {
      Map<String, String> f = new LinkedHashMap<>();
      Matcher m = field.matcher(json);
      while (m.find()) {
        f.put(m.group(1), unescape(m.group(2)));
      }
      typed.put(f.get("line"), new Typed(f.get("line"), f.get("shown"), f.get("args")));
    }
    assertEquals(lines.length, typed.size(), r.out());
    return typed;
  }

  /** Undoes json.dumps' escapes for the characters a terminal transcript holds. */
  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case 'r' -> b.append('\r');
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'u' -> {
          b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> b.append(n);
      }
    }
    return b.toString();
  }

  /** The target ids that {@code procgen render --help} lists, {@code all} included. */
  private static List<String> targetIds() throws Exception {
    try (Cli cli = new Cli()) {
      Cli.Result help = cli.run("render", "--help");
      assertEquals(0, help.exit(), help.err());
      String table = help.out().substring(help.out().indexOf("Targets:"));
      List<String> ids = new ArrayList<>();
      for (String l : table.split("\n")) {
        if (l.startsWith("  ")) {
          ids.add(l.strip().split(" ")[0]);
        }
      }
      assertTrue(ids.contains("systemd") && ids.contains("all"), table);
      return ids;
    }
  }

  private Path script(String shell) throws Exception {
    try (Cli cli = new Cli()) {
      Cli.Result r = cli.run("completion", shell);
      assertEquals(0, r.exit(), r.err());
      Path script = tmp.resolve("procgen." + shell);
      Files.writeString(script, r.out());
      return script;
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void tabCompletesTargetsInitsSubcommandsAndDescriptorFilesInBash() throws Exception {
    tabCompletes("bash");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void tabCompletesTargetsInitsSubcommandsAndDescriptorFilesInZsh() throws Exception {
    tabCompletes("zsh");
  }

  private void tabCompletes(String shell) throws Exception {
    Path script = script(shell);
    Path dir = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(dir.resolve("shop.yaml"), "app: shop\n");
    Files.createDirectories(dir.resolve("deploy"));
    Map<String, Typed> t = type(shell, script, dir,
        "procgen render x.yaml --target s",
        "procgen render x.yaml --target up",
        "procgen render x.yaml --init rc",
        "procgen ren",
        "procgen render sh",
        "procgen check shop.yaml --ta");

    // Several targets begin with s: readline lists exactly those, and the line stays as typed.
    Set<String> s = new TreeSet<>();
    for (String id : targetIds()) {
      if (id.startsWith("s")) {
        s.add(id);
      }
    }
    assertTrue(s.size() >= 2, "expected several targets starting with s: " + s);
    Typed targetS = t.get("procgen render x.yaml --target s");
    assertEquals(s, targetS.listed(), targetS.shown());
    assertEquals("render x.yaml --target s", targetS.args());

    // One match: completed in place.
    assertEquals("render x.yaml --target upstart", t.get("procgen render x.yaml --target up").args());
    assertEquals("render x.yaml --init rclocal", t.get("procgen render x.yaml --init rc").args());
    assertEquals("render", t.get("procgen ren").args());
    assertEquals("render shop.yaml", t.get("procgen render sh").args());
    assertEquals("check shop.yaml --target", t.get("procgen check shop.yaml --ta").args());
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void anEmptyWordListsEverySubcommand() throws Exception {
    Path script = script("bash");
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    Typed t = type("bash", script, dir, "procgen ").get("procgen ");
    Set<String> listed = t.listed();
    for (String sub : List.of("render", "check", "diff", "import", "schema", "completion", "help")) {
      assertTrue(listed.contains(sub), sub + " not listed: " + t.shown());
    }
  }
}
