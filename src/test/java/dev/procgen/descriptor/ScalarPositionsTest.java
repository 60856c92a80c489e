package dev.procgen.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.model.Origin;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.Map;
import java.util.Random;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Every character of a scalar's value maps back to where it was written, in every scalar style;
 * the value {@code WORD} marks the character whose position each case checks.
 */
class ScalarPositionsTest {

  private static ScalarNode value(String yaml) {
    MappingNode root = (MappingNode) new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
    return (ScalarNode) root.getValue().get(0).getValueNode();
  }

  /** Returns the 1-based position of the first "WORD" in the text, as a person counts it. */
  private static Origin.Position marker(String yaml, String marker) {
    int at = yaml.indexOf(marker);
    String before = yaml.substring(0, at);
    int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
    String lastLine = before.substring(before.lastIndexOf('\n') + 1);
    return new Origin.Position(line, lastLine.codePointCount(0, lastLine.length()) + 1);
  }

  private static void assertMapped(String yaml, String sourceMarker) {
    ScalarNode node = value(yaml);
    int offset = node.getValue().indexOf("WORD");
    assertTrue(offset >= 0, node.getValue());
    Optional<List<Origin.Position>> map = ScalarPositions.of(yaml, node);
    assertTrue(map.isPresent(), "the scalar maps: " + yaml);
    assertEquals(node.getValue().length() + 1, map.get().size());
    assertEquals(marker(yaml, sourceMarker), map.get().get(offset), yaml);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "k: run WORD\n",
      "k: run  x=1\tWORD\n",
      "k: !!str run WORD\n",
      "k: &a run WORD\n",
      "k: run\n  more\n\n  WORD\n",
      "k: 'it''s '' WORD'\n",
      "k: 'a\n\n   b WORD'\n",
      "k: \"a\\\"b\\x41\\u00e9\\U0001F600\\t\\\\ WORD\"\n",
      "k: \"line \\\n   WORD\"\n",
      "k: \"a  \n  b WORD\"\n",
      "k: \"é😀 WORD\"\n",
      "k: é😀 x WORD\n",
      "k: |\n  run\n    x\n  WORD\n",
      "k: |-\n  run\n\n  WORD\n",
      "k: >\n  run\n  a\n\n  WORD\n",
      "k: >\n  run\n    more\n  WORD\n",
      "k:\r\n  run\r\n  WORD\r\n"})
  void eachStyleMapsTheWordToWhereItIsWritten(String yaml) {
    assertMapped(yaml, "WORD");
  }

  @Test
  void anEscapeMapsToItsBackslash() {
    String yaml = "k: \"ab\\uD800 WORD\"\n";
    ScalarNode node = value(yaml);
    assertEquals(new Origin.Position(1, 7), ScalarPositions.at(yaml, node, 2));
  }

  @Test
  void aScalarThatCannotBeMappedFallsBackToItsStart() {
    // An explicit indentation indicator is relative to the parent's indentation.
    String yaml = "k: |2\n   run WORD\n";
    ScalarNode node = value(yaml);
    assertEquals(Optional.empty(), ScalarPositions.of(yaml, node));
    assertEquals(new Origin.Position(1, 4), ScalarPositions.at(yaml, node, 5));
  }

  /**
   * SnakeYAML writes random values in every style; reading each back, every character that is
   * not white space maps to itself in the source, or to the backslash of its escape.
   */
  @Test
  void randomValuesWrittenInEveryStyleMapBackToTheirCharacters() {
    Random random = new Random(20261121L);
    String alphabet = "ab =:'\"\\#-{}[],&*!|>%@`\t\n\u00e9\u20ac\uD83D\uDE00\u00a0";
    int mapped = 0;
    for (int t = 0; t < 3000; t++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + random.nextInt(40);
      for (int i = 0; i < n; i++) {
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        if (Character.isHighSurrogate(c)) {
          sb.append("\uD83D\uDE00");
        } else if (!Character.isLowSurrogate(c)) {
          sb.append(c);
        }
      }
      if (random.nextInt(4) == 0) {
        sb.append("\n").append("more words here ".repeat(1 + random.nextInt(8)));
      }
      String value = sb.toString();
      for (DumperOptions.ScalarStyle style : DumperOptions.ScalarStyle.values()) {
        DumperOptions options = new DumperOptions();
        options.setDefaultScalarStyle(style);
        options.setWidth(20 + random.nextInt(40));
        String yaml = new Yaml(options).dump(Map.of("k", value));
        ScalarNode node = value(yaml);
        assertEquals(value, node.getValue(), yaml);
        Optional<List<Origin.Position>> map = ScalarPositions.of(yaml, node);
        boolean flow = node.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
            || node.getScalarStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED
            || node.getScalarStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED;
        assertTrue(map.isPresent() || !flow, "a flow scalar always maps:\n" + yaml);
        if (map.isEmpty()) {
          continue;
        }
        mapped++;
        List<String> lines = List.of(yaml.split("\n", -1));
        for (int i = 0; i < value.length(); i++) {
          char c = value.charAt(i);
          if (c == ' ' || c == '\t' || c == '\n') {
            continue;
          }
          Origin.Position p = map.get().get(i);
          String line = lines.get(p.line() - 1);
          int at = line.offsetByCodePoints(0, p.column() - 1);
          char source = line.charAt(at);
          String where = "character " + i + " of " + value + " in\n" + yaml;
          if (Character.isLowSurrogate(c) && source != '\\') {
            assertEquals(value.charAt(i - 1), source, where);
          } else {
            assertTrue(source == c || (node.getScalarStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED && source == '\\'),
                where + " maps to " + source);
          }
        }
      }
    }
    assertTrue(mapped > 10_000, "most values map: " + mapped);
  }
}
