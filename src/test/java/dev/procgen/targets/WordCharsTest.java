package dev.procgen.targets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The loops agree with the regular expressions they replaced, on random text. */
class WordCharsTest {
  private static final String ALPHABET = "aZ09_@%+=:,./-'\"$`\\ \t\n*?[]{}é€{port}";

  private static String random(Random r, int max) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      sb.append(r.nextInt(8) == 0 ? "{port}" : String.valueOf(ALPHABET.charAt(r.nextInt(ALPHABET.length()))));
    }
    return sb.toString();
  }

  @Test
  void onlyMatchesTheCharacterClassesOfEachFormat() {
    Random r = new Random(12);
    for (int i = 0; i < 20_000; i++) {
      String s = random(r, 8);
      assertEquals(Pattern.matches("[A-Za-z0-9_@+=:,./-]+", s), WordChars.only(s, "_@+=:,./-"), s);
      assertEquals(Pattern.matches("[A-Za-z0-9_@%+:,./-]+", s), WordChars.only(s, "_@%+:,./-"), s);
    }
  }

  @Test
  void splitKeepsEmptyPiecesLikeStringSplitWithAQuotedPattern() {
    Random r = new Random(34);
    for (int i = 0; i < 20_000; i++) {
      String s = random(r, 10);
      for (String sep : new String[] {"{port}", "%", "ab"}) {
        assertArrayEquals(s.split(Pattern.quote(sep), -1), WordChars.split(s, sep), s + " at " + sep);
      }
    }
  }

  @Test
  void aShWordNeedsQuotesExactlyWhereTheOldPatternSaidSo() {
    Pattern old = Pattern.compile("[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*");
    Random r = new Random(56);
    for (int i = 0; i < 20_000; i++) {
      String s = random(r, 6).replace("\n", "").replace("\t", "");
      assertEquals(old.matcher(s).matches(), ShQuoting.quote(s).equals(s) && !s.isEmpty()
          && !(s.startsWith("'") || s.startsWith("\"")), s);
    }
  }
}
