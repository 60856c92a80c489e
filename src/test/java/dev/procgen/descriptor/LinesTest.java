package dev.procgen.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinesTest {
  @Test
  void linesEndAtLfCrLfOrCrAsTheRegularExpressionSplitThem() {
    Random r = new Random(7);
    String alphabet = "ab \r\n\r\n";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = r.nextInt(12); n > 0; n--) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String text = sb.toString();
      assertEquals(List.of(text.split("\r\n|\r|\n", -1)), Lines.split(text), text.replace("\r", "\\r").replace("\n", "\\n"));
    }
  }
}
