package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check that stops a JVM whose locale cannot carry this run's file names. */
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
  void theRerunTakesTheLastWordsOfTheCommandLineAsUtf8(@TempDir Path tmp) throws Exception {
    Path cmdline = Files.write(tmp.resolve("cmdline"),
        "java\0-jar\0/opt/procgen.jar\0render\0caf\u00e9.yaml\0--out\0\0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(java.util.List.of("render", "caf\u00e9.yaml", "--out", ""),
        java.util.List.of(Main.argumentsFrom(cmdline.toString(), 4)));
    assertEquals(java.util.List.of(), java.util.List.of(Main.argumentsFrom(cmdline.toString(), 0)));
  }
}
