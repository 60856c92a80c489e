package dev.procgen.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Cli;
import dev.procgen.diagnostic.DescriptorException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile YAML fails fast, with a message a person can act on. */
class DescriptorParserTest {

  private static String only(DescriptorException e) {
    assertEquals(1, e.diagnostics().size());
    return e.diagnostics().get(0).format();
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void anAliasBombFailsFast() {
    StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    String prev = "a";
    for (char n = 'b'; n <= 'z'; n++) {
      y.append(n).append(": &").append(n).append(" [").append(("*" + prev + ", ").repeat(8)).append('*').append(prev).append("]\n");
      prev = String.valueOf(n);
    }
    DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorParser.parse("app.yaml", y.toString()));
    assertTrue(only(e).startsWith("app.yaml: error: expected at most 50 aliases to lists or mappings"), only(e));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void deepNestingFailsFast() {
    String y = "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorParser.parse("app.yaml", y));
    assertEquals("app.yaml: error: expected lists and mappings nested at most 32 deep, found deeper nesting", only(e));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aTenMebibyteFileIsRefusedBeforeItIsRead() throws Exception {
    try (Cli cli = new Cli()) {
      cli.put("big.yaml", "app: big\n# " + "x".repeat(10 * 1024 * 1024) + "\n");
      Cli.Result r = cli.run("render", "big.yaml", "--target", "bash");
      assertEquals(1, r.exit());
      assertEquals("big.yaml: error: expected a descriptor of at most 1048576 bytes, found 10485772 bytes\n", r.err());
    }
  }

  @Test
  void localTagsAreRefused() {
    DescriptorException e = assertThrows(DescriptorException.class,
        () -> DescriptorValidator.load("app.yaml", "app: !shell rm\nprocesses:\n  web:\n    command: run\n"));
    assertEquals("app.yaml:1:6: error: app: expected plain YAML values (strings, numbers, booleans, mappings, lists), "
        + "found the tag '!shell'", e.diagnostics().get(0).format().lines().findFirst().orElseThrow());
  }

  @Test
  void emptyAndMultiDocumentFilesAreRefused() {
    assertTrue(only(assertThrows(DescriptorException.class, () -> DescriptorParser.parse("app.yaml", "")))
        .contains("the descriptor is empty"));
    assertTrue(only(assertThrows(DescriptorException.class, () -> DescriptorParser.parse("app.yaml", "a: 1\n---\nb: 2\n")))
        .startsWith("app.yaml:2:1: error: YAML syntax:"));
  }

  @Test
  void aMalformedEscapeIsADescriptorErrorNotACrash() {
    // Found by DescriptorFuzzTest: SnakeYAML throws NumberFormatException for a \x escape at the
    // very end of the file.
    DescriptorException e = assertThrows(DescriptorException.class,
        () -> DescriptorParser.parse("app.yaml", "app: \"\\x"));
    assertTrue(only(e).startsWith("app.yaml: error: expected a valid YAML document, found text the YAML parser cannot read"),
        only(e));
  }
}
