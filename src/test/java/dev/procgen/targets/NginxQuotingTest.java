package dev.procgen.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** nginx's token rules, as {@link NginxQuoting} writes them; NginxSyntaxIT proves them with nginx. */
class NginxQuotingTest {
  @Test
  void plainTokensStayBare() {
    assertEquals("127.0.0.1:8000", NginxQuoting.token("127.0.0.1:8000", false));
    assertEquals("unix:/run/app/web.sock", NginxQuoting.token("unix:/run/app/web.sock", false));
    assertEquals("[::1]:80", NginxQuoting.token("[::1]:80", false));
    assertEquals("*.example.com", NginxQuoting.token("*.example.com", false));
  }

  @Test
  void everythingThatEndsQuotesCommentsOrEscapesIsDoubleQuoted() {
    assertEquals("\"unix:/run/my app/a.sock\"", NginxQuoting.token("unix:/run/my app/a.sock", false));
    assertEquals("\"a;b\"", NginxQuoting.token("a;b", false));
    assertEquals("\"{x}\"", NginxQuoting.token("{x}", false));
    assertEquals("\"#x\"", NginxQuoting.token("#x", false));
    assertEquals("\"'x'\"", NginxQuoting.token("'x'", false));
    assertEquals("\"say \\\"hi\\\"\"", NginxQuoting.token("say \"hi\"", false));
    assertEquals("\"C:\\\\path\"", NginxQuoting.token("C:\\path", false));
    assertEquals("\"$HOME\"", NginxQuoting.token("$HOME", false), "no variables in this directive");
    assertEquals("\"\"", NginxQuoting.token("", false));
  }

  @Test
  void aDollarWhereVariablesExpandAndControlCharactersAreRefused() {
    assertFalse(NginxQuoting.canCarry("$host", true));
    assertTrue(NginxQuoting.canCarry("$host", false));
    assertFalse(NginxQuoting.canCarry("a\nb", false));
    assertFalse(NginxQuoting.canCarry("a\tb", false));
    assertThrows(IllegalArgumentException.class, () -> NginxQuoting.token("x$y", true));
  }
}
