package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A generated run script, run by real bash, hands its process exactly the environment it was
 * started with and the plan's variables over it: every name the descriptor may hold, bash's own
 * special and readonly variables (bash(1), "Shell Variables") and the script's own settings
 * included, each with a hostile value; nothing of bash's own is added or changed.
 */
class RunScriptEnvironmentIT {
  /**
   * bash's special variables (bash(1), "Shell Variables": those bash sets, reads, makes readonly
   * or rewrites when it imports them), the run script's own variables, and a few that change how
   * bash itself runs or that every program reads.
   */
  static final List<String> SPECIAL_NAMES = List.of(
      "_", "SHLVL", "RANDOM", "SRANDOM", "LINENO", "SECONDS", "EPOCHSECONDS", "EPOCHREALTIME", "PWD", "OLDPWD",
      "GROUPS", "FUNCNAME", "UID", "EUID", "PPID", "SHELLOPTS", "BASHOPTS", "BASH", "BASHPID", "BASH_ENV",
      "BASH_VERSION", "BASH_VERSINFO", "BASH_ARGV", "BASH_ARGC", "BASH_ARGV0", "BASH_SOURCE", "BASH_LINENO",
      "BASH_REMATCH", "BASH_SUBSHELL", "BASH_COMMAND", "BASH_EXECUTION_STRING", "BASH_ALIASES", "BASH_CMDS",
      "BASH_XTRACEFD", "BASH_COMPAT", "BASH_LOADABLES_PATH", "BASH_MONOSECONDS", "BASH_TRAPSIG", "IFS", "PS1",
      "PS2", "PS3", "PS4", "HOSTNAME", "HOSTTYPE", "MACHTYPE", "OSTYPE", "HISTFILE", "HISTCMD", "HISTSIZE",
      "HISTCONTROL", "ENV", "CDPATH", "POSIXLY_CORRECT", "TMOUT", "OPTIND", "OPTARG", "OPTERR", "DIRSTACK",
      "PIPESTATUS", "COMP_WORDBREAKS", "COMP_WORDS", "COLUMNS", "LINES", "MAIL", "MAILCHECK", "MAILPATH",
      "GLOBIGNORE", "FUNCNEST", "TIMEFORMAT", "PROMPT_COMMAND", "EXECIGNORE", "CHILD_MAX", "auto_resume",
      "histchars", "HOME", "SHELL", "TERM", "USER", "GROUP", "LOGFILE", "LOGDIR", "LOGLEVEL", "NUM_WORKERS",
      "BIND_ADDRESS", "PROJECTDIR", "PROJECTENV", "inherited", "variable", "VIRTUAL_ENV");

  /**
   * What the run script's caller (an init system, or a person at a shell) exports: names that bash
   * rewrites or drops when it imports them, which the process must still receive unchanged.
   */
  static final Map<String, String> CALLER = Map.ofEntries(
      Map.entry("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
      Map.entry("TERM", "linux"),
      // A UTF-8 locale, or python (the probe) would add LC_CTYPE itself (PEP 538).
      Map.entry("LANG", "C.UTF-8"),
      Map.entry("SHLVL", "7"),
      Map.entry("PWD", "/caller's folder"),
      Map.entry("OLDPWD", "/caller's old folder"),
      Map.entry("_", "/caller/program"),
      Map.entry("IFS", "x y"),
      Map.entry("PS4", "caller> "),
      Map.entry("PS1", "caller$ "),
      Map.entry("RANDOM", "4"),
      Map.entry("LINENO", "99"),
      Map.entry("SECONDS", "12"),
      Map.entry("OPTIND", "5"),
      Map.entry("BASH_VERSION", "0.1"),
      Map.entry("SHELLOPTS", "braceexpand:hashall:interactive-comments"),
      Map.entry("USER", "the caller"),
      Map.entry("LOGFILE", "/caller.log"),
      Map.entry("inherited", "the caller's"));

  /** An init system's environment (Upstart's, for example): none of the names bash makes itself. */
  static final Map<String, String> MINIMAL_CALLER = Map.of(
      "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM", "linux", "LANG", "C.UTF-8");

  /** The names bash exports of its own accord, whatever its caller gave it. */
  static final List<String> BASH_MADE = List.of("_", "SHLVL", "PWD", "OLDPWD");

  /** Who sets the names the caller sets too. */
  enum Caller {
    /** {@link #CALLER} exports them, and the descriptor sets them too: the descriptor's values win. */
    OVERRIDDEN,
    /** {@link #CALLER} exports them, and the descriptor does not: the caller's values arrive unchanged. */
    KEPT,
    /** {@link #MINIMAL_CALLER}, and the descriptor leaves out {@link #BASH_MADE}: they do not arrive at all. */
    MINIMAL
  }

  @TempDir Path tmp;

  /**
   * Without a virtualenv the descriptor also sets {@code PATH} and {@code PORT}; with one, a
   * gunicorn preset sets the script's {@code USER}, {@code GROUP} and the other settings, and the
   * virtualenv's python is found on the plan's {@code PATH}. See {@link Caller} for the names
   * the descriptor leaves to the caller.
   */
  @ParameterizedTest(name = "virtualenv: {0}, caller: {1}")
  @CsvSource({"false, OVERRIDDEN", "true, OVERRIDDEN", "false, KEPT", "true, KEPT", "false, MINIMAL", "true, MINIMAL"})
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void everyNameReachesTheProcessWithTheDescriptorsValue(boolean virtualenv, Caller mode) throws Exception {
    Map<String, String> caller = mode == Caller.MINIMAL ? MINIMAL_CALLER : CALLER;
    Probe probe = Probe.install(tmp.resolve("probe"));
    Path program = probe.linkAt(tmp.resolve("programs/" + Probe.ALL_ENV));
    Path directory = Files.createDirectories(tmp.resolve("app dir"));
    Path venv = virtualenv ? Tools.virtualenv(tmp.resolve("venv"), false) : null;
    int port = RunScriptIT.freePort();

    List<String> values = new ArrayList<>(ShellQuotingIT.HOSTILE);
    values.addAll(HostileCorpus.values());
    Map<String, String> environment = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(SPECIAL_NAMES);
    if (mode == Caller.KEPT) {
      names.removeAll(CALLER.keySet());
    } else if (mode == Caller.MINIMAL) {
      names.removeAll(BASH_MADE);
    }
    for (int i = 0; i < names.size(); i++) {
      environment.put(names.get(i), values.get(i % values.size()));
    }
    if (!virtualenv) {
      environment.put("PATH", values.get(names.size() % values.size()));
      // The probe names its report after PORT.
      environment.put("PORT", Integer.toString(port));
    }
    for (int i = 0; i < values.size(); i++) {
      environment.put(String.format("P_%02d", i), values.get(i));
    }

    StringBuilder yaml = new StringBuilder()
        .append("app: allenv\n")
        .append("directory: ").append(RunScriptIT.yamlDoubleQuoted(directory.toString())).append('\n')
        .append("bin_dir: ").append(tmp.resolve("bin")).append('\n')
        .append("log:\n  dir: ").append(tmp.resolve("logs")).append("\n  level: info\n");
    if (virtualenv) {
      yaml.append("virtualenv: ").append(venv).append('\n').append("user: root\n");
    }
    yaml.append("environment:\n");
    environment.forEach((k, v) -> yaml.append("  ").append(RunScriptIT.yamlDoubleQuoted(k)).append(": ")
        .append(RunScriptIT.yamlDoubleQuoted(v)).append('\n'));
    yaml.append("processes:\n  probe:\n");
    if (virtualenv) {
      // "python" is looked up on the plan's PATH, which starts with the virtualenv's bin.
      yaml.append("    command: [python, ").append(RunScriptIT.yamlDoubleQuoted(program.toString())).append("]\n")
          .append("    server: gunicorn\n    workers: 2\n    port: ").append(port).append('\n');
    } else {
      yaml.append("    command: [").append(RunScriptIT.yamlDoubleQuoted(program.toString())).append(", an, argument]\n");
    }
    Path script = render(yaml.toString(), "allenv.sh");

    // The probe stays alive like a service; the run script's PID is the probe's.
    Path console = tmp.resolve("console.log");
    Process run = Processes.command(script.toString()).in(tmp).clearEnv().env(caller).start(console);
    Probe.Report report;
    try {
      report = probe.await(Integer.toString(port));
      assertTrue(run.isAlive(), "the run script execs the program in place: " + Files.readString(console));
    } finally {
      Processes.stop(run, Duration.ofSeconds(10));
    }

    Map<String, String> expected = new TreeMap<>(caller);
    if (virtualenv) {
      expected.put("VIRTUAL_ENV", venv.toString());
      expected.put("PATH", venv.resolve("bin") + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
      expected.put("PORT", Integer.toString(port));
    }
    expected.putAll(environment);
    assertEquals(expected, new TreeMap<>(report.env()),
        "the process gets the caller's environment, the plan's variables over it, and nothing else");
    assertEquals(directory.toString(), report.cwd(), "the run script changes into the descriptor's directory");
    if (virtualenv) {
      assertEquals(venv.toString(), report.prefix(), "the virtualenv's python runs the program");
      assertEquals(List.of("--workers=2", "--user=root", "--group=root", "--bind=127.0.0.1:" + port,
          "--log-level=info", "--log-file=" + tmp.resolve("logs/allenv.log"), "--pid=" + tmp.resolve("logs/allenv.pid"),
          "--capture-output"), report.args());
    } else {
      assertEquals(program.toString(), report.program());
      assertEquals(List.of("an", "argument"), report.args());
    }
  }

  /**
   * GNU env takes any operand with {@code =} for an assignment, and a lone {@code -} for {@code -i}:
   * a program so named still runs, with its arguments and environment.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void programsThatEnvWouldMistakeForOperandsRun() throws Exception {
    Probe probe = Probe.install(tmp.resolve("probe"));
    Path absolute = probe.linkAt(tmp.resolve("a=b/" + Probe.ALL_ENV + "=1"));
    Path onPath = tmp.resolve("path=dir");
    probe.linkAt(onPath.resolve(Probe.ALL_ENV + "-x=y"));
    probe.linkAt(onPath.resolve("-"));
    // The program word, and the path the probe then runs as: a script sees the path that the
    // lookup on PATH found (execve(2), "Interpreter scripts").
    Map<String, Path> programs = new LinkedHashMap<>();
    programs.put(absolute.toString(), absolute);
    programs.put(Probe.ALL_ENV + "-x=y", onPath.resolve(Probe.ALL_ENV + "-x=y"));
    programs.put("-", onPath.resolve("-"));
    for (Map.Entry<String, Path> p : programs.entrySet()) {
      String yaml = "app: odd\n"
          + "bin_dir: " + tmp.resolve("bin") + "\n"
          + "log:\n  dir: " + tmp.resolve("logs") + "\n"
          + "environment:\n"
          + "  PATH: " + RunScriptIT.yamlDoubleQuoted(onPath.toString()) + "\n"
          + "  P_A: \"x=y\"\n"
          + "processes:\n  probe:\n    command: [" + RunScriptIT.yamlDoubleQuoted(p.getKey()) + ", \"--\", \"a=b\"]\n";
      Path script = render(yaml, "odd.sh");
      Processes.Result run = Processes.command(script.toString()).in(tmp).clearEnv()
          .env(Map.of("PROBE_EXIT", "0")).mergeStderr().run();
      assertEquals(0, run.exit(), p.getKey() + ": " + run.out() + Files.readString(tmp.resolve("logs/odd.log")));
      String name = p.getValue().getFileName().toString();
      Probe.Report report = probe.await(name);
      assertEquals(p.getValue().toString(), report.program(), "the program the descriptor named runs");
      assertEquals(List.of("--", "a=b"), report.args());
      assertEquals("x=y", report.env().get("P_A"));
      if (name.startsWith(Probe.ALL_ENV)) {
        assertEquals(onPath.toString(), report.env().get("PATH"));
      }
    }
  }

  /** Without its virtualenv the script stops, as sourcing the missing {@code activate} did, and runs nothing. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aMissingVirtualenvStopsTheScript() throws Exception {
    Probe probe = Probe.install(tmp.resolve("probe"));
    Path venv = tmp.resolve("no venv");
    Path script = render("app: novenv\n"
        + "virtualenv: " + RunScriptIT.yamlDoubleQuoted(venv.toString()) + "\n"
        + "bin_dir: " + tmp.resolve("bin") + "\n"
        + "log:\n  dir: " + tmp.resolve("logs") + "\n"
        + "processes:\n  probe:\n    command: [" + RunScriptIT.yamlDoubleQuoted(probe.program().toString()) + "]\n",
        "novenv.sh");
    Processes.Result run = Processes.command(script.toString()).in(tmp).clearEnv().env(MINIMAL_CALLER)
        .env("PROBE_EXIT", "0").mergeStderr().run();
    assertEquals(1, run.exit(), run.out());
    assertEquals(script + ": virtualenv " + venv + " not found\n", run.out());
    assertEquals(0, probe.starts("probe"));
  }

  private int renders;

  private Path render(String yaml, String scriptName) throws Exception {
    Path descriptor = tmp.resolve("app.yaml");
    Files.writeString(descriptor, yaml);
    Path out = tmp.resolve("out" + ++renders);
    Cli.renderOnDisk(descriptor.toString(), "--target", "bash", "--out", out.toString());
    Path script = out.resolve("bash/" + scriptName);
    Path shellcheck = Tools.require("shellcheck", "Debian package shellcheck");
    RunScriptShellcheckIT.assertClean(List.of(shellcheck.toString(), script.toString()));
    return script;
  }
}
