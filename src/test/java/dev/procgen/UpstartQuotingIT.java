package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.targets.UpstartQuoting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UpstartQuoting} against Upstart 1.13.2's own parser, booted as a Session Init: every
 * string comes back from Upstart exactly as it was given (read over D-Bus), and every {@code exec}
 * word runs exactly that program; the empty string, which UpstartQuoting refuses, Upstart refuses
 * too. The values are the hostile corpus, edge cases of libnih's tokenizer, and random strings of
 * the characters that libnih or sh treat specially, from a fixed seed.
 */
class UpstartQuotingIT {
  private static final String ALPHABET = " '\"$`\\%;#&|<>*?!~{}[]()=,.:/-_@+^aZ09é中\u00a0🚀";

  @TempDir Path tmp;

  private static List<String> values(long seed, int random) {
    LinkedHashSet<String> values = new LinkedHashSet<>(List.of(" ", "x", "Django Project", "\"", "'", "\\", "\\\\",
        "\\\"", "a \\\"b\\\" c", "a \\b", "a\\ b", " \\", "\\ ", "x \"y\"", "'x' \"y\"", "\"'", "'\"", "#", "a #b", "\"#\"",
        "trailing  ", "  leading", "two  words", "$HOME ${x} $$", "%s %%", "é 中 🚀", "\\n", "x\\\\\"y"));
    values.addAll(HostileCorpus.valuesWithoutControlCharacters());
    Random r = new Random(seed);
    while (values.size() < random) {
      StringBuilder sb = new StringBuilder();
      for (int n = r.nextInt(12); n > 0; n--) {
        sb.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, r.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
      }
      values.add(sb.toString());
    }
    return new ArrayList<>(values);
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void everyStringComesBackFromUpstartExactly() throws Exception {
    Path prefix = UpstartSession.prefix();
    List<String> values = values(20261122L, 300);
    values.remove("");
    Path jobs = Files.createDirectories(tmp.resolve("jobs"));
    for (int i = 0; i < values.size(); i++) {
      Files.writeString(jobs.resolve("d" + i + ".conf"), "description " + UpstartQuoting.string(values.get(i)) + "\nexec /bin/true\n");
    }
    // The one string UpstartQuoting refuses: Upstart does not take "" as a token.
    Files.writeString(jobs.resolve("empty.conf"), "description \"\"\nexec /bin/true\n");
    try (UpstartSession upstart = new UpstartSession(prefix, jobs, tmp.resolve("work"))) {
      assertEquals(List.of("empty.conf:1: Expected token"), upstart.parseErrors());
      List<String> wrong = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        String held = upstart.description("d" + i);
        if (!held.equals(values.get(i))) {
          wrong.add("[" + values.get(i) + "] written as " + UpstartQuoting.string(values.get(i)) + " came back as [" + held + "]");
        }
      }
      assertEquals(List.of(), wrong);
    }
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void everyExecWordRunsExactlyThatProgram() throws Exception {
    Path prefix = UpstartSession.prefix();
    Probe probe = Probe.install(tmp.resolve("probe"));
    Path jobs = Files.createDirectories(tmp.resolve("jobs"));
    List<String> words = new ArrayList<>();
    for (String v : values(20261123L, 150)) {
      // A path of the test's: the value is a folder name in it ('/' would only make more folders).
      String name = v.replace('/', '_');
      if (name.isEmpty() || name.equals(".") || name.equals("..")) {
        continue;
      }
      Path program = tmp.resolve("w" + words.size()).resolve(name).resolve("p" + words.size());
      if (!UpstartQuoting.canCarryExecWord(program.toString())) {
        continue;
      }
      probe.linkAt(program);
      Files.writeString(jobs.resolve("x" + words.size() + ".conf"),
          "start on go\nenv PROBE_EXIT=0\nexec " + UpstartQuoting.execWord(program.toString()) + "\n");
      words.add(program.toString());
    }
    assertTrue(words.size() > 100, "enough words: " + words.size());
    try (UpstartSession upstart = new UpstartSession(prefix, jobs, tmp.resolve("work"))) {
      assertEquals(List.of(), upstart.parseErrors());
      upstart.initctl("emit", "go").assertSuccess();
      for (int i = 0; i < words.size(); i++) {
        Probe.Report report = probe.await("p" + i);
        assertEquals(words.get(i), report.program(), "exec " + UpstartQuoting.execWord(words.get(i)));
        assertEquals(List.of(), report.args());
      }
    }
  }
}
