package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated run script hands its process exactly the argv and environment the descriptor wrote,
 * for hostile values, as real bash runs it.
 */
class RunScriptFidelityIT {
  @TempDir Path tmp;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void hostileArgvAndEnvironmentArriveExactly() throws Exception {
    Probe probe = Probe.install(tmp.resolve("probe"));
    List<String> args = new ArrayList<>(ShellQuotingIT.HOSTILE);
    args.addAll(HostileCorpus.values());
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      env.put(String.format("P_%02d", i), args.get(i));
    }
    StringBuilder yaml = new StringBuilder();
    yaml.append("app: probe\n")
        .append("directory: ").append(tmp).append('\n')
        .append("bin_dir: ").append(tmp.resolve("bin")).append('\n')
        .append("log:\n  dir: ").append(tmp.resolve("logs")).append('\n')
        .append("environment:\n")
        // The probe exits at once, so the run script ends.
        .append("  PROBE_EXIT: \"0\"\n");
    env.forEach((k, v) -> yaml.append("  ").append(k).append(": ").append(RunScriptIT.yamlDoubleQuoted(v)).append('\n'));
    yaml.append("processes:\n  probe:\n    command:\n")
        .append("      - ").append(RunScriptIT.yamlDoubleQuoted(probe.program().toString())).append('\n');
    for (String a : args) {
      yaml.append("      - ").append(RunScriptIT.yamlDoubleQuoted(a)).append('\n');
    }
    Path descriptor = tmp.resolve("app.yaml");
    Files.writeString(descriptor, yaml.toString());

    Path out = tmp.resolve("out");
    Cli.renderOnDisk(descriptor.toString(), "--target", "bash", "--out", out.toString());

    Path shellcheck = Tools.require("shellcheck", "Debian package shellcheck");
    RunScriptShellcheckIT.assertClean(List.of(shellcheck.toString(), out.resolve("bash/probe.sh").toString()));

    Processes.Result run = Processes.command(out.resolve("bash/probe.sh").toString()).mergeStderr().run();
    assertEquals(0, run.exit(), run.out() + Files.readString(tmp.resolve("logs/probe.log")));

    Probe.Report report = probe.await("probe");
    assertEquals(probe.program().toString(), report.program());
    assertEquals(args, report.args());
    assertEquals(tmp.toString(), report.cwd(), "the run script changes into the descriptor's directory");
    Map<String, String> received = new TreeMap<>(report.env());
    received.keySet().removeIf(k -> !k.startsWith("P_"));
    assertEquals(new TreeMap<>(env), received);
  }
}
