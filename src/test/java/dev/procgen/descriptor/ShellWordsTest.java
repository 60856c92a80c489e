package dev.procgen.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Command strings split as a POSIX shell would split them, with shell features refused. */
class ShellWordsTest {
  @Test
  void splitsOnBlanksAndHonoursQuotes() throws Exception {
    assertEquals(List.of("python", "manage.py", "run_gunicorn"), ShellWords.split("python  manage.py\trun_gunicorn"));
    assertEquals(List.of("a b", "c'd", "e\"f", "g h", "$x", ""), ShellWords.split("'a b' \"c'd\" \"e\\\"f\" g\\ h '$x' ''"));
    assertEquals(List.of("--port={port}", "a=b", "50%", "x#y"), ShellWords.split("--port={port} a=b 50% x#y"));
    assertEquals(List.of("a\\b"), ShellWords.split("\"a\\b\""));
  }

  @Test
  void eachWordKnowsWhereItStarts() throws Exception {
    assertEquals(List.of(new ShellWords.Word("run", 1), new ShellWords.Word("a b", 6), new ShellWords.Word("x=1", 12),
        new ShellWords.Word("", 17), new ShellWords.Word("q", 20)), ShellWords.words(" run  'a b' x=1 \t'' \\q"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a | b", "a;b", "a && b", "a > f", "$HOME", "`id`", "a*", "a?", "[a]", "~/x", "#c",
      "\"$x\"", "'open", "\"open", "trail\\", "(a)"})
  void refusesShellFeaturesAndBrokenQuotes(String command) {
    assertThrows(ShellWords.SyntaxException.class, () -> ShellWords.split(command));
  }
}
