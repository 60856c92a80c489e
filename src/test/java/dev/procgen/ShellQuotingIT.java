package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.procgen.targets.ShellQuoting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ShellQuoting} round-trips through real bash: the quoted word prints as the original. */
class ShellQuotingIT {

  static final List<String> HOSTILE = List.of(
      "", " ", "plain", "two words", "'", "\"", "it's", "a\"b$c%d", "x ;y #z", "50%", "$HOME", "${HOME}",
      "`id`", "$(id)", "\\", "\\n", "a\\", "*", "?", "[a]", "~", "~root", "{a,b}", "!", "!!", "&", "|", "<", ">",
      "(", ")", "=", "a=b", "-n", "--", "#", "\t", "\n", "a\nb", " lead", "trail ", "tab\there", "\r",
      "\u0001\u001f\u007f", "é ü 中文 🚀", "'\"'\"'", "$'x'", "\\'", "%(here)s", "%%", ";", "a;b");

  @Test
  void hostileStringsRoundTripThroughBash() throws Exception {
    assertRoundTrip(HOSTILE);
  }

  @Test
  void randomStringsRoundTripThroughBash() throws Exception {
    Random random = new Random(20261121L);
    String alphabet = " \t\n\r'\"$`\\%;#&|<>*?!~{}[]()=,.:/-_@+^aZ09é中\u0001\u007f";
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(12);
      for (int j = 0; j < length; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      values.add(sb.toString());
    }
    assertRoundTrip(values);
  }

  @Test
  void quotedWordsAreCleanUnderShellcheck(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path shellcheck = Tools.require("shellcheck", "Debian package shellcheck");
    StringBuilder script = new StringBuilder("#!/bin/bash\n");
    for (String v : HOSTILE) {
      script.append("printf '%s\\0' ").append(ShellQuoting.quote(v)).append('\n');
    }
    Path file = java.nio.file.Files.writeString(tmp.resolve("words.sh"), script.toString());
    RunScriptShellcheckIT.assertClean(List.of(shellcheck.toString(), file.toString()));
  }

  private static void assertRoundTrip(List<String> values) throws Exception {
    Tools.require("bash", "bash");
    StringBuilder script = new StringBuilder("printf '%s\\0'");
    for (String v : values) {
      script.append(' ').append(ShellQuoting.quote(v));
    }
    script.append('\n');
    Processes.Result r = Processes.command("bash", "-c", script.toString()).run();
    assertEquals(0, r.exit(), r.err());
    String[] parts = r.out().split("\0", -1);
    assertEquals(values.size() + 1, parts.length, "one printed value per word");
    for (int i = 0; i < values.size(); i++) {
      assertEquals(values.get(i), parts[i], "value " + i + " quoted as " + ShellQuoting.quote(values.get(i)));
    }
  }
}
