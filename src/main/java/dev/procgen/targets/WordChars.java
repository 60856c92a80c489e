package dev.procgen.targets;

import java.util.ArrayList;
import java.util.List;

/**
 * Character tests and a literal split that the quoting classes run for every word they quote,
 * written as loops: a regular expression costs a matcher per word, and {@code String.split}
 * with a quoted pattern compiles one per call.
 */
final class WordChars {
  private WordChars() {}

  /**
   * Returns true when {@code word} is not empty and each of its characters is an ASCII letter or
   * digit or one of {@code others}.
   */
  static boolean only(String word, String others) {
    if (word.isEmpty()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && others.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Splits {@code text} at every occurrence of {@code separator}, which is not empty, keeping
   * empty pieces: {@code text.split(Pattern.quote(separator), -1)}.
   */
  static String[] split(String text, String separator) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    for (int at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, start)) {
      pieces.add(text.substring(start, at));
      start = at + separator.length();
    }
    pieces.add(text.substring(start));
    return pieces.toArray(new String[0]);
  }
}
