package dev.procgen;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A real supervisord (Debian package {@code supervisor}) started in the foreground on a config in
 * a temp dir, so that the test owns its PID; never the system's supervisord.
 */
final class Supervisord implements AutoCloseable {
  private final Path config;
  private final Process process;
  private final Path console;

  private Supervisord(Path config, Process process, Path console) {
    this.config = config;
    this.process = process;
    this.console = console;
  }

  /** Starts {@code supervisord -n -c config}, logging its console to {@code console}. */
  static Supervisord start(Path config, Path console) throws IOException {
    Path supervisord = Tools.require("supervisord", "Debian package supervisor");
    Tools.require("supervisorctl", "Debian package supervisor");
    Process p = Processes.command(supervisord.toString(), "-n", "-c", config.toString()).start(console);
    return new Supervisord(config, p, console);
  }

  /** Runs supervisorctl against this supervisord and returns its output; bounded to 30 s. */
  String ctl(String... args) {
    List<String> command = new ArrayList<>(List.of("supervisorctl", "-c", config.toString()));
    command.addAll(List.of(args));
    // No exit status check: supervisorctl status exits with 3 while a program is not running.
    return Processes.command(command).mergeStderr().run().out();
  }

  /** Returns process name to state and PID (0 when not running), from {@code supervisorctl status}. */
  Map<String, String[]> status() throws IOException, InterruptedException {
    Map<String, String[]> states = new LinkedHashMap<>();
    for (String line : ctl("status").split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2 && !line.isBlank()) {
        String pid = "0";
        for (int i = 2; i + 1 < f.length; i++) {
          if (f[i].equals("pid")) {
            pid = f[i + 1].replace(",", "");
          }
        }
        // supervisorctl shows group:name as plain name when both are the same.
        String name = f[0].contains(":") ? f[0] : f[0] + ":" + f[0];
        states.put(name, new String[] {f[1], pid});
      }
    }
    return states;
  }

  /** Polls {@link #status} until {@code done} holds, or fails after {@code limit}. */
  Map<String, String[]> awaitStatus(Predicate<Map<String, String[]>> done, Duration limit, String what)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    Map<String, String[]> last = Map.of();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("supervisord exited with " + process.exitValue() + " while waiting for " + what + ":\n"
            + Files.readString(console));
      }
      last = status();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    StringBuilder sb = new StringBuilder();
    last.forEach((k, v) -> sb.append(k).append(' ').append(String.join(" ", v)).append('\n'));
    fail("timed out after " + limit + " waiting for " + what + "; last status:\n" + sb);
    return last;
  }

  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(30));
  }

  static boolean allIn(Map<String, String[]> status, List<String> names, String state) {
    return names.stream().allMatch(n -> status.containsKey(n) && status.get(n)[0].equals(state));
  }

  /** Copies a rendered supervisor folder (supervisord.conf and conf.d) into {@code home}. */
  static Path install(Path renderedSupervisorDir, Path home) throws IOException {
    Files.createDirectories(home.resolve("conf.d"));
    try (var files = Files.walk(renderedSupervisorDir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Path target = home.resolve(renderedSupervisorDir.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target);
      }
    }
    return home.resolve("supervisord.conf");
  }

  /**
   * Installs the app configs of a render without {@code supervisor.home} ({@code conf.d/}) under
   * a stand-in for the system supervisord in {@code home}: a main config of Debian's shape whose
   * socket, log, pidfile and child logs are in {@code home}, never in {@code /var}.
   */
  static Path installSystemLayout(Path renderedSupervisorDir, Path home) throws IOException {
    Files.createDirectories(home.resolve("conf.d"));
    try (var files = Files.list(renderedSupervisorDir.resolve("conf.d"))) {
      for (Path p : files.toList()) {
        Files.copy(p, home.resolve("conf.d").resolve(p.getFileName().toString()));
      }
    }
    String h = home.toString().replace("%", "%%");
    return Files.writeString(home.resolve("supervisord.conf"), String.join("\n",
        "[unix_http_server]", "file=" + h + "/supervisor.sock", "chmod=0700", "",
        "[supervisord]", "logfile=" + h + "/supervisord.log", "pidfile=" + h + "/supervisord.pid",
        "childlogdir=" + h, "",
        "[rpcinterface:supervisor]", "supervisor.rpcinterface_factory=supervisor.rpcinterface:make_main_rpcinterface", "",
        "[supervisorctl]", "serverurl=unix://" + h + "/supervisor.sock", "",
        "[include]", "files=conf.d/*.conf", ""));
  }
}
