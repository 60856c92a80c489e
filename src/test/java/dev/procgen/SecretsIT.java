package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets by name, with their values in the secrets file on the host: the probe receives exactly
 * each value (quotes, {@code $}, backslashes, {@code %}, {@code ;}, {@code #}, spaces at either
 * end, non-ASCII) through the bash run script, a real supervisord and a live systemd 252; a secret
 * that is missing or empty stops the process from starting with a message that names it; and no
 * generated file holds a value.
 */
class SecretsIT {
  /** The secrets, by name (the probe records P_* variables), with values that every format treats specially. */
  private static final Map<String, String> SECRETS = new LinkedHashMap<>();

  static {
    SECRETS.put("P_QUOTES", "it's \"quoted\" `x`");
    SECRETS.put("P_DOLLAR", "$HOME ${HOME} $$ $(id)");
    SECRETS.put("P_BACKSLASH", "C:\\path\\n \\\\ end\\");
    SECRETS.put("P_PERCENT", "50% %(here)s %i %%");
    SECRETS.put("P_PUNCT", "a;b #c & | < > * ? ! ~ { } [ ] ( ) =");
    SECRETS.put("P_SPACES", "  both ends  ");
    SECRETS.put("P_UNICODE", "grüße, 日本語, 🚀");
    SECRETS.put("P_URL", "postgres://app:s3cr=t@db:5432/app?sslmode=require");
  }

  @TempDir Path tmp;

  /** Writes one line of the secrets file: the value in double quotes, with \ before " \ ` and $. */
  static String line(String name, String value) {
    StringBuilder sb = new StringBuilder(name).append("=\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\' || c == '`' || c == '$') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  /** Writes the secrets file, with a comment, a plain and a single-quoted line besides. */
  private Path secretsFile(Path file, Map<String, String> values) throws Exception {
    List<String> lines = new ArrayList<>(List.of("# the app's secrets", ""));
    values.forEach((name, value) -> lines.add(line(name, value)));
    lines.add("P_PLAIN=  plain words, no quotes  ");
    lines.add("  P_SINGLE='single \"quoted\" $HOME \\ value'");
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static Map<String, String> expected() {
    Map<String, String> all = new LinkedHashMap<>(SECRETS);
    all.put("P_PLAIN", "plain words, no quotes");
    all.put("P_SINGLE", "single \"quoted\" $HOME \\ value");
    return all;
  }

  private String yaml(String app, Path probe, Path secrets, String extra) {
    StringBuilder y = new StringBuilder("app: " + app + "\nbin_dir: " + tmp.resolve("bin-" + app) + "\nlog:\n  dir: "
        + tmp.resolve("logs-" + app) + "\nenvironment:\n  P_PLAIN_ENV: visible\nsecrets:\n");
    for (String name : expected().keySet()) {
      y.append("  - ").append(name).append('\n');
    }
    y.append("secrets_file: ").append(secrets).append('\n').append(extra);
    y.append("processes:\n  web:\n    command: ").append(probe).append('\n');
    return y.toString();
  }

  private Path render(String app, String yaml, String... targets) throws Exception {
    Path file = Files.writeString(tmp.resolve(app + ".yaml"), yaml);
    Path out = tmp.resolve("out-" + app);
    List<String> args = new ArrayList<>(List.of(file.toString()));
    for (String t : targets) {
      args.addAll(List.of("--target", t));
    }
    args.addAll(List.of("--out", out.toString()));
    Cli.renderOnDisk(args.toArray(String[]::new));
    return out;
  }

  /** Installs the app's run scripts in its bin_dir (mode 755), which its supervisord programs run, and makes log.dir. */
  private void installForSupervisord(Path out, String app) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin-" + app));
    try (Stream<Path> scripts = Files.list(out.resolve("bash"))) {
      for (Path script : scripts.toList()) {
        Path installed = Files.copy(script, bin.resolve(script.getFileName()));
        Files.setPosixFilePermissions(installed, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    Files.createDirectories(tmp.resolve("logs-" + app));
  }

  private static void assertValues(Probe.Report report) {
    for (Map.Entry<String, String> e : expected().entrySet()) {
      assertEquals(e.getValue(), report.env().get(e.getKey()), "the process's " + e.getKey());
    }
    assertEquals("visible", report.env().get("P_PLAIN_ENV"));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void noGeneratedFileHoldsAValueAndTheRunScriptPassesEachExactly() throws Exception {
    Probe probe = Probe.install(tmp.resolve("probe"));
    Path secrets = secretsFile(tmp.resolve("e tc %i's/secrets.env"), SECRETS);
    Path out = render("sealed", yaml("sealed", probe.program(), secrets, ""), "all");
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        for (String value : expected().values()) {
          assertFalse(text.contains(value.strip()), f + " holds the value of a secret: " + value);
        }
      }
    }

    Path script = out.resolve("bash/sealed.sh");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Processes.Result r = Processes.command(script.toString()).env("PROBE_EXIT", "0").run();
    assertEquals(0, r.exit(), r.out() + r.err());
    assertValues(probe.await("probe"));

    // A missing secret, and an empty one: the script stops before the exec, naming it, and prints no value.
    Map<String, String> partial = new LinkedHashMap<>(SECRETS);
    partial.remove("P_DOLLAR");
    partial.put("P_URL", "");
    secretsFile(secrets, partial);
    Processes.Result missing = Processes.command(script.toString()).env("PROBE_EXIT", "0").run();
    assertEquals(1, missing.exit(), missing.out() + missing.err());
    assertTrue(missing.err().contains("secret P_DOLLAR is missing or empty in " + secrets), missing.err());
    assertEquals(1, probe.starts("probe"), "the process never started without its secret");
    partial.put("P_DOLLAR", "x");
    secretsFile(secrets, partial);
    Processes.Result empty = Processes.command(script.toString()).env("PROBE_EXIT", "0").run();
    assertEquals(1, empty.exit());
    assertTrue(empty.err().contains("secret P_URL is missing or empty"), empty.err());
    for (String value : SECRETS.values()) {
      assertFalse((empty.out() + empty.err()).contains(value.strip()), "a message shows no value");
    }

    // A line that is no setting is skipped, as systemd skips it: the secret is then missing.
    Files.writeString(secrets, "P_URL postgres://x\n" + String.join("\n", partial.keySet().stream()
        .filter(k -> !k.equals("P_URL")).map(k -> line(k, partial.get(k))).toList()) + "\n");
    Processes.Result skipped = Processes.command(script.toString()).env("PROBE_EXIT", "0").run();
    assertEquals(1, skipped.exit());
    assertTrue(skipped.err().contains("secret P_URL is missing or empty"), skipped.err());
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void supervisordRunsTheRunScriptWhichReadsTheSecrets() throws Exception {
    Probe probe = Probe.install(tmp.resolve("probe"));
    Path secrets = secretsFile(tmp.resolve("e tc %i's/secrets.env"), SECRETS);
    Path home = tmp.resolve("home");
    Path out = render("supered", yaml("supered", probe.program(), secrets, "supervisor:\n  home: " + home + "\n"),
        "supervisor", "bash");
    installForSupervisord(out, "supered");
    try (Supervisord supervisord = Supervisord.start(Supervisord.install(out.resolve("supervisor"), home),
        tmp.resolve("supervisord.console"))) {
      assertValues(probe.await("probe"));
      supervisord.ctl("stop", "supered:*");
      // Without one of them, supervisord cannot start the program, and the log names the secret.
      Map<String, String> partial = new LinkedHashMap<>(SECRETS);
      partial.remove("P_PUNCT");
      secretsFile(secrets, partial);
      supervisord.ctl("start", "supered:*");
      supervisord.awaitStatus(s -> s.containsKey("supered:supered") && List.of("FATAL", "BACKOFF")
          .contains(s.get("supered:supered")[0]), Duration.ofSeconds(60), "the program cannot start");
      Path log = tmp.resolve("logs-supered/supered.log");
      assertTrue(Files.readString(log).contains("secret P_PUNCT is missing or empty in " + secrets), Files.readString(log));
      assertEquals(1, probe.starts("probe"), "the process never started without its secret");
    }
  }

  /**
   * gunicorn with secrets under supervisord: the program runs the run script with --stdout, the
   * app answers with the secret's exact value, and gunicorn's own log goes to supervisord's log
   * file (stderr), not to a second writer of that file.
   */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void gunicornUnderSupervisordGetsItsSecretAndLogsThroughSupervisord() throws Exception {
    if (Processes.command("/usr/bin/python3", "-c", "import gunicorn").mergeStderr().run().exit() != 0) {
      Tools.unavailable("gunicorn is not importable by /usr/bin/python3 (Debian package python3-gunicorn)");
    }
    Path app = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(app.resolve("hello.py"), """
        import os


        def application(environ, start_response):
            body = os.environ["P_QUOTES"].encode("utf-8")
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
            return [body]
        """);
    Path venv = Tools.virtualenv(tmp.resolve("venv"), true);
    Path secrets = secretsFile(tmp.resolve("etc/secrets.env"), SECRETS);
    int port = RunScriptIT.freePort();
    Path home = tmp.resolve("home");
    String yaml = "app: guni\ndirectory: " + app + "\nvirtualenv: " + venv + "\nbin_dir: " + tmp.resolve("bin-guni")
        + "\nlog:\n  dir: " + tmp.resolve("logs-guni") + "\nsupervisor:\n  home: " + home + "\nsecrets: [P_QUOTES]\n"
        + "secrets_file: " + secrets + "\nprocesses:\n  web:\n    command: python -m gunicorn hello:application\n"
        + "    server: gunicorn\n    bind: 127.0.0.1:" + port + "\n";
    Path out = render("guni", yaml, "supervisor", "bash");
    installForSupervisord(out, "guni");
    try (Supervisord supervisord = Supervisord.start(Supervisord.install(out.resolve("supervisor"), home),
        tmp.resolve("supervisord.console"))) {
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10)).build();
      String body = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (body == null) {
        try {
          body = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
          if (System.nanoTime() > deadline) {
            fail("gunicorn never answered: " + supervisord.ctl("status") + Files.readString(tmp.resolve("logs-guni/guni.log")));
          }
          Thread.sleep(200);
        }
      }
      assertEquals(SECRETS.get("P_QUOTES"), body, "the app reads its secret exactly");
      Path log = tmp.resolve("logs-guni/guni.log");
      assertTrue(Files.readString(log).contains("Booting worker"), "gunicorn logs through supervisord: " + Files.readString(log));
      // Its PID, once supervisord counts it as started (a STARTING line has none).
      String pid = supervisord.awaitStatus(st -> Supervisord.allIn(st, List.of("guni:guni"), "RUNNING"),
          Duration.ofSeconds(60), "gunicorn running").get("guni:guni")[1];
      String cmdline = Files.readString(Path.of("/proc", pid, "cmdline")).replace('\0', ' ');
      assertTrue(cmdline.contains("--log-file=- "), "gunicorn writes its log to stderr, which supervisord captures: " + cmdline);
    }
  }

  /**
   * A secrets file written every way systemd's EnvironmentFile= reads (plain, quoted, escaped,
   * continued, commented, repeated, malformed): live systemd 252 and the run script give the
   * process the same value for every name, and the value this test states.
   */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void systemdAndTheRunScriptReadEveryLineTheSameWay() throws Exception {
    LiveSystemd.requireTools();
    String file = String.join("\n",
        "P_A=plain value   ",
        "P_B = spaced key",
        "   P_C=leading white space",
        "P_D=\"double \\\"q\\\" \\\\ \\$ \\` \\n keep\"",
        "P_E='single \"q\" \\ $x'",
        "P_F=unquoted \"quote\" and 's' mid",
        "P_G=back\\slash\\ esc\\\\ and \\$",
        "P_H=\"multi",
        "line\"",
        "P_J=\"a\"b'c'd",
        "P_K=\"x\" \"y\"",
        "P_L=continued \\",
        "line",
        "# a comment \\",
        "; another",
        "P_M=#not a comment",
        "P_N=value # not a comment either",
        "P_P=first",
        "P_P=second",
        "P_T=tab\there",
        "not a setting",
        "P_Z=\"unterminated");
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("P_A", "plain value");
    expected.put("P_B", "spaced key");
    expected.put("P_C", "leading white space");
    expected.put("P_D", "double \"q\" \\ $ ` \\n keep");
    expected.put("P_E", "single \"q\" \\ $x");
    expected.put("P_F", "unquoted \"quote\" and 's' mid");
    expected.put("P_G", "backslash esc\\ and $");
    expected.put("P_H", "multi\nline");
    expected.put("P_J", "ab'c'd");
    expected.put("P_K", "xy");
    expected.put("P_L", "continued line");
    expected.put("P_M", "#not a comment");
    expected.put("P_N", "value # not a comment either");
    expected.put("P_P", "second");
    expected.put("P_T", "tab\there");
    expected.put("P_Z", "unterminated");
    Probe probe = Probe.install(tmp.resolve("probe"));
    Path secrets = Files.writeString(Files.createDirectories(tmp.resolve("etc")).resolve("secrets.env"), file);
    StringBuilder yaml = new StringBuilder("app: same\nhardening: off\nbin_dir: " + tmp.resolve("bin-same") + "\nlog:\n  dir: "
        + tmp.resolve("logs-same") + "\nsecrets: [" + String.join(", ", expected.keySet()) + "]\nsecrets_file: " + secrets
        + "\nprocesses:\n  web:\n    command: " + probe.program() + "\n");
    Path out = render("same", yaml.toString(), "systemd", "bash");

    Path script = out.resolve("bash/same.sh");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Processes.Result r = Processes.command(script.toString()).env("PROBE_EXIT", "0").run();
    assertEquals(0, r.exit(), r.out() + r.err());
    Map<String, String> byScript = new LinkedHashMap<>();
    Probe.Report scripted = probe.await("probe");
    expected.keySet().forEach(k -> byScript.put(k, scripted.env().get(k)));

    Path units = Files.createDirectories(tmp.resolve("units"));
    for (Path u : Files.list(out.resolve("systemd")).toList()) {
      Files.copy(u, units.resolve(u.getFileName()));
    }
    Map<String, String> bySystemd = new LinkedHashMap<>();
    try (LiveSystemd systemd = LiveSystemd.boot(tmp, units)) {
      systemd.systemctl("start", "same-web.service");
      Probe.Report served = probe.await("probe", 2).get(1);
      expected.keySet().forEach(k -> bySystemd.put(k, served.env().get(k)));
      assertFalse(served.env().containsKey("P_V") || served.env().containsKey("P_W"),
          "systemd drops a value with a control character other than a tab or a line break");
      systemd.systemctl("stop", "same-web.service");
    }
    assertEquals(bySystemd, byScript, "systemd and the run script read the file the same way");
    assertEquals(expected, byScript);
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void systemdReadsTheSecretsFileAndRefusesToStartWithoutOne() throws Exception {
    LiveSystemd.requireTools();
    Probe probe = Probe.install(tmp.resolve("probe"));
    Path secrets = secretsFile(tmp.resolve("e tc %i's/secrets.env"), SECRETS);
    Path out = render("unitary", yaml("unitary", probe.program(), secrets, "hardening: off\n"), "systemd");
    Path units = Files.createDirectories(tmp.resolve("units"));
    for (Path u : Files.list(out.resolve("systemd")).toList()) {
      Files.copy(u, units.resolve(u.getFileName()));
    }
    try (LiveSystemd systemd = LiveSystemd.boot(tmp, units)) {
      systemd.systemctl("start", "unitary-web.service");
      assertValues(probe.await("probe"));
      systemd.systemctl("stop", "unitary-web.service");

      Map<String, String> partial = new LinkedHashMap<>(SECRETS);
      partial.remove("P_SPACES");
      secretsFile(secrets, partial);
      systemd.exec("systemctl", "start", "unitary-web.service");
      systemd.await(s -> s.equals("failed") || s.equals("activating"), Duration.ofSeconds(30), "the start fails",
          "is-active", "unitary-web.service");
      String journal = systemd.exec("journalctl", "--no-pager", "-u", "unitary-web.service");
      assertTrue(journal.contains("secret P_SPACES is missing or empty in " + secrets), journal);
      assertEquals(1, probe.starts("probe"), "the process never started without its secret");
      systemd.exec("systemctl", "stop", "unitary-web.service");
    }
  }
}
