package dev.procgen.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.diagnostic.Diagnostic;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A descriptor's bytes that are not UTF-8 are refused at the line and column of the first one. */
class DescriptorLoaderTest {

  private static Diagnostic refusal(byte[] bytes) {
    DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorLoader.decode("app.yaml", bytes));
    assertEquals(1, e.diagnostics().size());
    return e.diagnostics().get(0);
  }

  private static byte[] concat(String before, int[] bad, String after) {
    byte[] a = before.getBytes(StandardCharsets.UTF_8);
    byte[] c = after.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[a.length + bad.length + c.length];
    System.arraycopy(a, 0, all, 0, a.length);
    for (int i = 0; i < bad.length; i++) {
      all[a.length + i] = (byte) bad[i];
    }
    System.arraycopy(c, 0, all, a.length + bad.length, c.length);
    return all;
  }

  @Test
  void theColumnCountsCharactersBeforeTheByteOnItsLine() throws Exception {
    // An emoji (4 bytes, 2 UTF-16 units) and é (2 bytes) before it count as one character each.
    Diagnostic d = refusal(concat("app: shop\r\ndescription: \"\uD83D\uDE00 caf\u00e9 ", new int[] {0xE9}, "t\u00e9\"\r\n"));
    assertEquals(2, d.line());
    assertEquals(22, d.column());
    assertEquals("description: \"\uD83D\uDE00 caf\u00e9 \uFFFDt\u00e9\"", d.sourceLine(), "the line without its CR");
    assertEquals("cannot read the descriptor: expected UTF-8 text, found the byte 0xE9, which is not UTF-8 (save the file as UTF-8)",
        d.message());
  }

  @Test
  void anEncodedSurrogateATruncatedSequenceAndAnOverlongFormAreRefused() throws Exception {
    Diagnostic surrogate = refusal(concat("app: x", new int[] {0xED, 0xA0, 0x80}, "\n"));
    assertEquals(1, surrogate.line());
    assertEquals(7, surrogate.column());
    assertEquals("cannot read the descriptor: expected UTF-8 text, found the bytes 0xED 0xA0 0x80, which are not UTF-8 (save the file as UTF-8)",
        surrogate.message());
    Diagnostic truncated = refusal(concat("a: b\n\nc: d", new int[] {0xE2, 0x82}, ""));
    assertEquals(3, truncated.line());
    assertEquals(5, truncated.column());
    Diagnostic overlong = refusal(concat("a: ", new int[] {0xC0, 0xAF}, "\n"));
    assertEquals(4, overlong.column());
  }

  @Test
  void utf8TextDecodesAsItIs() throws Exception {
    assertEquals("app: caf\u00e9 \uD83D\uDE00\n", DescriptorLoader.decode("app.yaml",
        "app: caf\u00e9 \uD83D\uDE00\n".getBytes(StandardCharsets.UTF_8)));
  }
}
