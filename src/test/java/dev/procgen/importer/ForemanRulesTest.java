package dev.procgen.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * foreman 0.87.2's reading of Procfiles, .env files and formations, and Ruby 3.1's expansion and
 * spawn rules. The expected values were checked against the real foreman and ruby on Debian 12.
 */
class ForemanRulesTest {
  @Test
  void procfileEntriesKeepTheirTrailingWhiteSpaceAndOrderAndIgnoreOtherLines() {
    Procfile p = Procfile.parse("web: bundle exec thin  \r\n# comment\n\nworker:\tpython w.py\nnot a process\n"
        + "Mixed_Case-1:x\n  indented: y\n");
    assertEquals(List.of("web", "worker", "Mixed_Case-1"), p.entries().stream().map(Procfile.Entry::name).toList());
    assertEquals("bundle exec thin  ", p.entries().get(0).command());
    assertEquals("python w.py", p.entries().get(1).command());
    assertEquals(4, p.entries().get(1).line());
    assertEquals(9, p.entries().get(1).column());
    assertEquals(List.of(5, 7), p.ignored().stream().map(Procfile.Line::line).toList());
  }

  @Test
  void onlyWhiteSpaceAfterTheColonLeavesItsLastCharacterAsTheCommand() {
    // Ruby's \s* gives back one character so that (.+) matches.
    assertEquals(" ", Procfile.parse("web:   \n").entries().get(0).command());
    assertTrue(Procfile.parse("web:\n").entries().isEmpty());
  }

  @Test
  void dotEnvUnquotesByForemansThreeCases() {
    DotEnv env = DotEnv.parse(String.join("\n",
        "SINGLE='x $y \\n \"z\"'",
        "DOUBLE=\"a\\nb \\\"q\\\" \\\\ \\x\"",
        "BACKSLASH_N=\"a\\\\n\"",
        "PLAIN=x # not a comment ",
        "LEAD= spaced",
        "LONE='",
        "MIXED='abc\"",
        "EMPTY=",
        "QUOTED_EMPTY=\"\"",
        "1DIGIT=ok"));
    Map<String, String> v = new LinkedHashMap<>();
    env.variables().forEach(x -> v.put(x.name(), x.value()));
    assertEquals("x $y \\n \"z\"", v.get("SINGLE"));
    assertEquals("a\nb \"q\" \\ x", v.get("DOUBLE"));
    // \n is replaced first, so the backslash before it is left before a line break, which (.) does not take.
    assertEquals("a\\\n", v.get("BACKSLASH_N"));
    assertEquals("x # not a comment ", v.get("PLAIN"));
    assertEquals(" spaced", v.get("LEAD"));
    assertEquals("'", v.get("LONE"));
    assertEquals("'abc\"", v.get("MIXED"));
    assertEquals("", v.get("EMPTY"));
    assertEquals("", v.get("QUOTED_EMPTY"));
    assertEquals("ok", v.get("1DIGIT"));
  }

  @Test
  void dotEnvIgnoresExportAndSpacedLinesAndALaterValueKeepsTheFirstPlace() {
    DotEnv env = DotEnv.parse("A=1\r\nexport B=2\nC = 3\n# comment\n  # indented comment\nD=4\nA=5\n");
    assertEquals(List.of("A=5", "D=4"), env.variables().stream().map(x -> x.name() + "=" + x.value()).toList());
    assertEquals(List.of(2, 3), env.ignored().stream().map(Procfile.Line::line).toList());
  }

  @Test
  void formationReadsAllAndCountsAndRemovesWhiteSpace() {
    List<String> problems = new ArrayList<>();
    Formation f = Formation.parse(" all = 2 , web=3,clock=0,", names("web", "worker", "clock"), problems);
    assertEquals(List.of(), problems);
    assertEquals(3, f.count("web"));
    assertEquals(2, f.count("worker"));
    assertEquals(0, f.count("clock"));
    assertEquals(0, Formation.parse("web=1", names("web", "worker"), problems).count("worker"));
    assertEquals(1, Formation.everyOnce().count("anything"));
  }

  @Test
  void formationRefusesEveryMistakeAtOnce() {
    List<String> problems = new ArrayList<>();
    Formation.parse("web,worker=x,nope=1,web=1,web=2,worker=600,all=1,all=2", names("web", "worker"), problems);
    assertEquals(6, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("found 'web'"), problems.get(0));
    assertTrue(problems.get(1).contains("found 'x'"), problems.get(1));
    assertTrue(problems.get(2).contains("found 'nope'"), problems.get(2));
    assertTrue(problems.get(3).contains("'web' again"), problems.get(3));
    assertTrue(problems.get(4).contains("at most 512"), problems.get(4));
    assertTrue(problems.get(5).contains("'all' once"), problems.get(5));
    List<String> empty = new ArrayList<>();
    Formation.parse(" ", names("web"), empty);
    assertEquals(1, empty.size());
  }

  @Test
  void expansionFollowsGsubInTheVariablesOrder() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("A", "$B");
    env.put("B", "b");
    env.put("C", "$A");
    env.put("PORT", "5000");
    // $A becomes $B, which B then replaces; $C becomes $A after A's turn, so it stays.
    assertEquals("b b $A 5000AL", ForemanLaunch.expand("$A $B $C $PORTAL", env));
  }

  @Test
  void aValueIsARubyReplacementString() throws Exception {
    assertEquals("a $K b", ForemanLaunch.gsub("a $K b", "$K", "\\0"));
    assertEquals("a $K b", ForemanLaunch.gsub("a $K b", "$K", "\\&"));
    assertEquals("-$K-", ForemanLaunch.gsub("$K-$K", "$K", "\\`"));
    assertEquals("a  b b", ForemanLaunch.gsub("a $K b", "$K", "\\'"));
    assertEquals("a \\ b", ForemanLaunch.gsub("a $K b", "$K", "\\\\"));
    assertEquals("a  b", ForemanLaunch.gsub("a $K b", "$K", "\\1"));
    assertEquals("a \\x b", ForemanLaunch.gsub("a $K b", "$K", "\\x"));
    assertEquals("a x\\ b", ForemanLaunch.gsub("a $K b", "$K", "x\\"));
    assertEquals("\\k-\\k", ForemanLaunch.gsub("$K-$K", "$K", "\\k"));
    assertThrows(ForemanLaunch.RubyError.class, () -> ForemanLaunch.gsub("$K", "$K", "\\k<a>"));
  }

  @Test
  void spawnUsesTheShellExactlyWhenRubyDoes() {
    for (String direct : List.of("/tmp/a.py a  b\tc", "a a%b", "a a!b", "a a=b", "a a^b", "a é", "a a\rb", "  lead  ",
        "/usr/bin/a=b x", "echo x", "true", "test x", "local", "source x", "command x")) {
      assertFalse(ForemanLaunch.needsShell(direct), direct);
    }
    for (String shell : List.of("X=1 a", "a=b/c", "a {x}", "a #x", "a ~x", "a $x", "a 'q'", "a \"q\"", "a\\b", "a;b",
        "a|b", "a&b", "a>b", "a<b", "a(b)", "a*", "a?", "a[b]", "a `b`", "a\nb", "exec a", "export A=1", ".", ":",
        "! a", "if", "times", "while x")) {
      assertTrue(ForemanLaunch.needsShell(shell), shell);
    }
    assertEquals(List.of("/tmp/a.py", "a", "b", "c\rd"), ForemanLaunch.words(" /tmp/a.py a  b\tc\rd  "));
  }

  @Test
  void rubyToIReadsTheLeadingNumber() {
    assertEquals(3000, Importer.rubyToI("3000"));
    assertEquals(3000, Importer.rubyToI(" 3000abc"));
    assertEquals(5000, Importer.rubyToI("5_000"));
    assertEquals(5, Importer.rubyToI("5__0"));
    assertEquals(-7, Importer.rubyToI("-7"));
    assertEquals(0, Importer.rubyToI("abc"));
    assertEquals(0, Importer.rubyToI(""));
  }

  private static Set<String> names(String... names) {
    return new LinkedHashSet<>(List.of(names));
  }
}
