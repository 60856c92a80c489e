package dev.procgen.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Cli;
import dev.procgen.descriptor.DescriptorValidator;
import dev.procgen.plan.Planner;
import dev.procgen.targets.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The values that execve(2) and unix(7) cannot carry are refused, at the key that holds them, for
 * every target; a value one byte shorter passes. KernelLimitsIT proves each boundary with the
 * real kernel.
 */
class KernelLimitsTest {
  /** The longest argv word or environment entry execve(2) takes, in bytes: MAX_ARG_STRLEN less the NUL. */
  static final int LONGEST = 131071;

  private static List<String> problems(String yaml) throws Exception {
    return KernelLimits.check(List.of(Planner.plan(DescriptorValidator.load("app.yaml", yaml)))).stream()
        .map(d -> d.format().lines().findFirst().orElseThrow()).toList();
  }

  /** {@code n} bytes of UTF-8: ASCII, then one two-byte 'é' at the end when {@code multibyte}. */
  static String text(int n, boolean multibyte) {
    String s = multibyte ? "a".repeat(n - 2) + "\u00e9" : "a".repeat(n);
    assertEquals(n, s.getBytes(StandardCharsets.UTF_8).length);
    return s;
  }

  private static String withEnv(String name, String value) {
    return "app: shop\nenvironment:\n  " + name + ": \"" + value + "\"\nprocesses:\n  web:\n    command: run\n";
  }

  @Test
  void anEnvironmentEntryMayBeAsLongAsExecveTakesAndNoLonger() throws Exception {
    // NAME=value is one string: "BIG=" is 4 bytes.
    assertEquals(List.of(), problems(withEnv("BIG", text(LONGEST - 4, false))));
    assertEquals(List.of(), problems(withEnv("BIG", text(LONGEST - 4, true))));
    assertEquals(List.of("app.yaml:3:8: error: environment.BIG: expected the entry BIG=value of at most 131071 bytes in "
        + "UTF-8, the longest environment string execve(2) passes (MAX_ARG_STRLEN), found 131072 bytes"),
        problems(withEnv("BIG", text(LONGEST - 3, false))));
    // 131071 characters, but the last is two bytes long: the kernel counts bytes.
    assertEquals(1, problems(withEnv("BIG", text(LONGEST - 3, true))).size());
    assertEquals(1, problems(withEnv("A_LONGER_NAME", text(LONGEST - 13, false))).size());
    assertEquals(List.of(), problems(withEnv("A_LONGER_NAME", text(LONGEST - 14, false))));
  }

  @Test
  void aCommandWordIsRefusedAtThatWord() throws Exception {
    String ok = "app: shop\nprocesses:\n  web:\n    command: run x " + text(LONGEST, true) + "\n";
    assertEquals(List.of(), problems(ok));
    String bad = "app: shop\nprocesses:\n  web:\n    command: run x '" + text(LONGEST + 1, true) + "'\n";
    assertEquals(List.of("app.yaml:4:20: error: processes.web.command: expected words of at most 131071 bytes in UTF-8, "
        + "the longest argument execve(2) passes (MAX_ARG_STRLEN), found 131072 bytes in word 3"), problems(bad));
    String list = "app: shop\nprocesses:\n  web:\n    command:\n      - run\n      - " + text(LONGEST + 1, false) + "\n";
    assertTrue(problems(list).get(0).startsWith("app.yaml:6:9: error: processes.web.command: expected words of at most"),
        problems(list).toString());
  }

  @Test
  void portExpansionCountsPerInstance() throws Exception {
    // With port 9999 the word is 131071 bytes; the second instance's 10000 makes it one byte longer.
    String word = text(LONGEST - 4, false) + "{port}";
    String yaml = "app: shop\nprocesses:\n  web:\n    command: run " + word + "\n    port: 9999\n    instances: 2\n";
    List<String> p = problems(yaml);
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("app.yaml:4:18: error: processes.web.command:"), p.get(0));
    assertTrue(p.get(0).endsWith("found 131072 bytes in word 2 (instance shop-10000)"), p.get(0));
    assertEquals(List.of(), problems(yaml.replace("instances: 2", "instances: 1")));
  }

  @Test
  void aVirtualenvOrLogDirThatMakesTooLongAnEntryOrFlagIsRefusedAtItsKey() throws Exception {
    // Such a path is past PATH_MAX too, long before it makes an entry or a flag too long.
    String venv = "/" + text(LONGEST, false);
    List<String> p = problems("app: shop\nvirtualenv: " + venv + "\nprocesses:\n  web:\n    command: run\n");
    assertEquals(2, p.size(), p.toString());
    assertTrue(p.contains("app.yaml:2:13: error: virtualenv: expected the entry VIRTUAL_ENV=value of at most 131071 bytes "
        + "in UTF-8, the longest environment string execve(2) passes (MAX_ARG_STRLEN), found 131084 bytes"), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("app.yaml:2:13: error: virtualenv: expected a path of at most 4095")),
        p.toString());
    List<String> log = problems("app: shop\nlog:\n  dir: /" + text(LONGEST, false)
        + "\nprocesses:\n  web:\n    command: run\n    server: gunicorn\n");
    // PATH_MAX, and the two gunicorn flags whose values are paths in log.dir: --log-file and --pid.
    assertEquals(3, log.size(), log.toString());
    assertTrue(log.stream().anyMatch(s -> s.startsWith("app.yaml:3:8: error: log.dir: expected a value that keeps the "
        + "server's argument --log-file=... within 131071 bytes")), log.toString());
    assertTrue(log.stream().anyMatch(s -> s.startsWith("app.yaml:3:8: error: log.dir: expected a value that keeps the "
        + "server's argument --pid=... within 131071 bytes")), log.toString());
  }

  /** A path of {@code bytes} bytes: names of 200 bytes under /srv, the last one shorter. */
  static String longPath(int bytes) {
    StringBuilder sb = new StringBuilder("/srv");
    while (sb.length() < bytes) {
      int left = bytes - sb.length();
      // Never leave a single byte for the last name, which would make it empty.
      int name = left <= 201 ? left - 1 : left == 202 ? 199 : 200;
      sb.append('/').append("d".repeat(name));
    }
    assertEquals(bytes, sb.length());
    return sb.toString();
  }

  @Test
  void pathsTheHostResolvesStayWithinPathMaxAndNameMax() throws Exception {
    String app = "app: shop\nprocesses:\n  web:\n    command: run\n";
    // directory: 4095 bytes pass, 4096 do not.
    assertEquals(List.of(), problems("directory: " + longPath(4095) + "\n" + app));
    assertEquals(List.of("app.yaml:1:12: error: directory: expected a path of at most 4095 bytes in UTF-8 (PATH_MAX, "
        + "path_resolution(7)), found 4096 bytes, in the working directory '" + longPath(4096).substring(0, 120) + "...'"),
        problems("directory: " + longPath(4096) + "\n" + app));
    assertEquals(List.of(), problems("directory: /srv/" + "n".repeat(255) + "\n" + app));
    assertEquals(1, problems("directory: /srv/" + "n".repeat(254) + "\u00e9\n" + app).size(), "bytes, not characters");
    // The run script is <bin_dir>/shop.sh: 4095 bytes with a bin_dir of 4087.
    assertEquals(List.of(), problems("bin_dir: " + longPath(4087) + "\n" + app));
    List<String> bin = problems("bin_dir: " + longPath(4088) + "\n" + app);
    assertEquals(1, bin.size(), bin.toString());
    assertTrue(bin.get(0).startsWith("app.yaml:1:10: error: bin_dir: expected a path of at most 4095 bytes"), bin.get(0));
    // The log file is <log.dir>/shop.log: a 252-byte folder name passes, its file name does not matter.
    assertEquals(List.of(), problems("log:\n  dir: /var/log/" + "l".repeat(255) + "\n" + app));
    List<String> log = problems("log:\n  dir: /var/log/" + "l".repeat(256) + "\n" + app);
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).startsWith("app.yaml:2:8: error: log.dir: expected names of at most 255 bytes"), log.get(0));
    // A relative program is resolved against the directory, and refused at the program word.
    String relative = "app: shop\ndirectory: " + longPath(4000) + "\nprocesses:\n  web:\n    command: bin/PROGRAM --x\n";
    List<String> program = problems(relative.replace("PROGRAM", "p".repeat(100)));
    assertEquals(1, program.size(), program.toString());
    assertTrue(program.get(0).startsWith("app.yaml:5:14: error: processes.web.command: expected a path of at most 4095"),
        program.get(0));
    assertEquals(List.of(), problems(relative.replace("PROGRAM", "p")));
  }

  @Test
  void argumentsAndEnvironmentTogetherStayUnderAQuarterOfTheStack() throws Exception {
    // One 100 000-byte word, repeated through YAML aliases: 21 words pass 2 MiB, 20 do not.
    StringBuilder yaml = new StringBuilder("app: shop\nprocesses:\n  web:\n    command:\n      - run\n      - &w "
        + text(100_000, false) + "\n");
    for (int i = 0; i < 19; i++) {
      yaml.append("      - *w\n");
    }
    assertEquals(List.of(), problems(yaml.toString()));
    yaml.append("      - *w\n");
    List<String> p = problems(yaml.toString());
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("app.yaml:5:7: error: processes.web.command: expected the arguments and environment "
        + "of a process to take at most 2097152 bytes together"), p.get(0));
  }

  @Test
  void aUnixSocketPathFitsSunPath() throws Exception {
    // "unix:" + a path of 107 bytes with port 9999, 108 with the second instance's 10000.
    String dir = "/run/" + "s".repeat(107 - "/run/".length() - "/app-9999.sock".length());
    String yaml = "app: shop\nprocesses:\n  web:\n    command: gunicorn shop.wsgi\n    server: gunicorn\n"
        + "    bind: unix:" + dir + "/app-{port}.sock\n    port: 9999\n    instances: 2\n";
    List<String> p = problems(yaml);
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("app.yaml:6:11: error: processes.web.bind: expected a unix socket path of at most 107 "
        + "bytes in UTF-8, what sun_path holds (unix(7)), found 108 bytes in '" + dir + "/app-10000.sock' (instance shop-10000)"),
        p.get(0));
    assertEquals(List.of(), problems(yaml.replace("instances: 2", "instances: 1")));
    // 107 characters, 108 bytes.
    String multibyte = "/run/" + "s".repeat(107 - "/run/".length() - "/app.sock".length() - 1) + "\u00e9/app.sock";
    assertEquals(1, problems("app: shop\nprocesses:\n  web:\n    command: gunicorn shop.wsgi\n    server: gunicorn\n"
        + "    bind: unix:" + multibyte + "\n").size());
  }

  @Test
  void everyTargetRefusesWithExitOneAndWritesNothing() throws Exception {
    for (Target target : Target.all()) {
      try (Cli cli = new Cli()) {
        String name = cli.put("app.yaml", withEnv("BIG", text(LONGEST - 3, false)));
        Cli.Result r = cli.run("render", name, "--target", target.id(), "--out", "out");
        assertEquals(1, r.exit(), target.id() + ": " + r.err());
        assertTrue(r.err().startsWith("app.yaml:3:8: error: environment.BIG: expected the entry BIG=value of at most"),
            target.id() + ": " + r.err().substring(0, Math.min(400, r.err().length())));
        assertTrue(cli.tree("/work/out").isEmpty(), "nothing is written");
      }
    }
  }
}
