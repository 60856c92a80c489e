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
}
