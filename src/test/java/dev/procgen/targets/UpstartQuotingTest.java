package dev.procgen.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Upstart's quoting, by libnih 1.0.4's tokenizer; UpstartQuotingIT checks it against the real Upstart. */
class UpstartQuotingTest {
  @Test
  void stringsAreDoubleQuotedAndADoubleQuoteGoesInSingleQuotes() {
    assertEquals("\"Django Project\"", UpstartQuoting.string("Django Project"));
    // libnih keeps the backslash of \" (and loses a blank before it), so " is single-quoted.
    assertEquals("\"say \"'\"hi\" \\\\ #1'", UpstartQuoting.string("say \"hi\" \\ #1"));
    assertEquals("\"it's \"'\"x\"'\"'\"", UpstartQuoting.string("it's \"x\"'"));
  }

  @Test
  void plainPathsStayBareAndOthersAreShQuoted() {
    assertEquals("/srv/app/bin/app-web.sh", UpstartQuoting.execWord("/srv/app/bin/app-web.sh"));
    assertEquals("'/srv/my app/x.sh'", UpstartQuoting.execWord("/srv/my app/x.sh"));
    assertEquals("'/srv/it'\\''s/x.sh'", UpstartQuoting.execWord("/srv/it's/x.sh"));
    assertEquals("'/srv/a#b'", UpstartQuoting.execWord("/srv/a#b"));
  }

  @Test
  void controlCharactersAndBackslashesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> UpstartQuoting.string("a\nb"));
    assertThrows(IllegalArgumentException.class, () -> UpstartQuoting.string(""));
    assertThrows(IllegalArgumentException.class, () -> UpstartQuoting.execWord("/a\\b"));
  }
}
