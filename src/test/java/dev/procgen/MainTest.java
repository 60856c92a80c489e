package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The check that stops a JVM whose locale cannot carry this run's file names, and the rerun under UTF-8. */
class MainTest {
  @Test
  void asciiNamesPassUnderAnyCharset() {
    assertNull(Main.fileNameProblem("ANSI_X3.4-1968", "/work/repo", "render", "app.yaml", "--out", "out"));
    assertNull(Main.fileNameProblem("UTF-8", "/work/d\u00e9p\u00f4t", "render", "caf\u00e9.yaml"));
  }

  @Test
  void aNameAnAsciiJvmMangledIsRefusedWithTheWayOut() {
    assertEquals("cannot use the argument 'caf\\uFFFD\\uFFFD.yaml': this JVM reads file names as ANSI_X3.4-1968, from the "
        + "locale, and cannot carry this one; run procgen through bin/procgen, or set LC_ALL=C.UTF-8",
        Main.fileNameProblem("ANSI_X3.4-1968", "/work", "render", "caf\uFFFD\uFFFD.yaml"));
    assertEquals("cannot use the working directory '/work/d\\uFFFD\\uFFFDp\\uFFFD\\uFFFDt': this JVM reads file names as "
        + "ANSI_X3.4-1968, from the locale, and cannot carry this one; run procgen through bin/procgen, or set LC_ALL=C.UTF-8",
        Main.fileNameProblem("ANSI_X3.4-1968", "/work/d\uFFFD\uFFFDp\uFFFD\uFFFDt", "render", "app.yaml"));
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedUnderUtf8() {
    assertEquals("cannot use the argument 'bad\\uFFFD.yaml': expected a file name in UTF-8, found other bytes (shown as "
        + "\\uFFFD); rename the file", Main.fileNameProblem("UTF-8", "/work", "render", "bad\uFFFD.yaml"));
  }

  @Test
  void theRerunDecodesTheCarriedBytesAsUtf8() {
    String[] given = {"caf\uFFFD\uFFFD.yaml"};
    // "café.yaml", "", and a Latin-1 byte, which becomes U+FFFD for fileNameProblem to refuse.
    String[] decoded = Main.rerunArguments("3:636166c3a92e79616d6c,,e9", given);
    assertArrayEquals(new String[] {"caf\u00e9.yaml", "", "\uFFFD"}, decoded);
    assertArrayEquals(new String[0], Main.rerunArguments("0:", given));
    assertSame(given, Main.rerunArguments(null, given));
  }
}
