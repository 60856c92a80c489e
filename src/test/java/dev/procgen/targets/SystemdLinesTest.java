package dev.procgen.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Cli;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A unit line systemd 252 cannot read (1 MiB or more with its newline, LONG_LINE_MAX) is refused
 * at the setting that fills it, for the systemd target only; a line one byte shorter is written.
 * {@code SystemdLiveIT} loads the longest line in a live systemd.
 */
class SystemdLinesTest {
  private static final int LONGEST_LINE = 1024 * 1024 - 1;

  /**
   * A command whose ExecStart= line has {@code bytes} bytes: /bin/echo, words of 100 000 {@code
   * fill} (one anchored, the others YAML aliases of it, to keep the descriptor under 1 MiB), and a
   * shorter last word.
   */
  static String commandOfLine(int bytes, char fill) {
    int width = 1; // a plain fill such as 'x' is written as it is
    int rest = bytes - "ExecStart=/bin/echo".length();
    String full = String.valueOf(fill).repeat(100_000);
    StringBuilder yaml = new StringBuilder("    command:\n      - /bin/echo\n      - &w \"" + full + "\"\n");
    rest -= 1 + 100_000 * width;
    while (rest > 1 + 100_000 * width) {
      yaml.append("      - *w\n");
      rest -= 1 + 100_000 * width;
    }
    int word = (rest - 1) / width;
    yaml.append("      - \"").append(String.valueOf(fill).repeat(word)).append("\"\n");
    rest -= 1 + word * width;
    assertEquals(0, rest, "the line length must be reachable with this fill");
    return yaml.toString();
  }

  private static Cli.Result render(Cli cli, String yaml, String target) {
    return cli.run("render", cli.put("app.yaml", yaml), "--target", target, "--out", "out");
  }

  @Test
  void anExecStartLineOfOneMebibyteIsRefusedAtTheCommandAndOneByteLessIsWritten() throws Exception {
    {
      int longest = LONGEST_LINE;
      char fill = 'x';
      try (Cli cli = new Cli()) {
        Cli.Result ok = render(cli, "app: shop\nprocesses:\n  web:\n" + commandOfLine(longest, fill), "systemd");
        assertEquals(0, ok.exit(), ok.err());
        String unit = Files.readString(cli.fs.getPath("/work/out/systemd/shop-web.service"));
        String line = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        assertEquals(longest, line.length());
      }
      try (Cli cli = new Cli()) {
        Cli.Result bad = render(cli, "app: shop\nprocesses:\n  web:\n" + commandOfLine(longest + 2, fill), "systemd");
        assertEquals(1, bad.exit(), bad.err());
        assertTrue(bad.err().startsWith("app.yaml:5:7: error: processes.web.command: expected a value whose line "
            + "ExecStart= in shop-web.service has at most 1048575 bytes for the systemd target"), bad.err());
        assertTrue(bad.err().contains("found " + (longest + 2) + " bytes"), bad.err());
        assertFalse(Files.exists(cli.fs.getPath("/work/out")), "nothing is written");
      }
    }
  }

  @Test
  void aDescriptionThatFillsALineIsRefusedForSystemdAndAcceptedByTheOtherTargets() throws Exception {
    // 600 000 '%' are 1 200 000 bytes once escaped, in the target's line and in the service's.
    String yaml = "app: shop\ndescription: \"" + "%".repeat(600_000) + "\"\nprocesses:\n  web:\n    command: /bin/true\n";
    try (Cli cli = new Cli()) {
      Cli.Result bad = render(cli, yaml, "systemd");
      assertEquals(1, bad.exit(), bad.err());
      List<String> errors = bad.err().lines().filter(l -> l.startsWith("app.yaml:")).toList();
      assertEquals(2, errors.size(), bad.err());
      assertTrue(errors.get(0).startsWith("app.yaml:2:14: error: description: expected a value whose line Description= in "
          + "shop-web.service has at most 1048575 bytes for the systemd target"), errors.get(0));
      assertTrue(errors.get(1).contains("Description= in shop.target"), errors.get(1));
    }
    try (Cli cli = new Cli()) {
      Cli.Result ok = render(cli, yaml, "bash");
      assertEquals(0, ok.exit(), ok.err());
    }
  }
}
