package dev.procgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A loop of HTTP clients in a separate Python process ({@code /usr/bin/python3}, standard library
 * only): a few threads send {@code GET url} one after another, each on a new connection, until
 * the test stops the loop (and at least a given number of requests were sent), and count every failure (a refused or reset connection, a timeout, a
 * status other than 200) and every distinct body. Because it is a process of its own, a test can
 * run it inside a private network namespace (a live Upstart's) through a command prefix such as
 * {@code nsenter}. It is bounded to 5 minutes whatever happens, and stopped by its PID.
 */
final class ClientLoop implements AutoCloseable {
  private static final String SCRIPT = """
      import os, sys, threading, time, urllib.request

      url, stop, out, threads, least = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
      deadline = time.monotonic() + 300
      lock = threading.Lock()
      ok = [0]
      failures = []
      bodies = {}


      def loop():
          while not (os.path.exists(stop) and ok[0] + len(failures) >= least) and time.monotonic() < deadline:
              try:
                  with urllib.request.urlopen(url, timeout=10) as r:
                      status, body = r.status, r.read().decode("utf-8", "replace")
              except Exception as e:
                  with lock:
                      failures.append(repr(e).replace("\\n", " "))
                  continue
              with lock:
                  if status == 200:
                      ok[0] += 1
                      bodies[body] = bodies.get(body, 0) + 1
                      if ok[0] == 1:
                          open(stop + ".answered", "w").close()
                  else:
                      failures.append("status %d" % status)


      workers = [threading.Thread(target=loop) for _ in range(threads)]
      for w in workers:
          w.start()
      for w in workers:
          w.join()
      with open(out + ".tmp", "w") as f:
          f.write("ok %d\\n" % ok[0])
          for message in failures:
              f.write("failure %s\\n" % message)
          for body, count in bodies.items():
              f.write("body %d %s\\n" % (count, body.replace("\\n", " ")))
      os.rename(out + ".tmp", out)
      """;

  /** What the loop saw: successful requests, failures in order, and how often each body came back. */
  record Summary(int ok, List<String> failures, Map<String, Integer> bodies) {
    /** Fails unless no request failed and at least {@code least} succeeded. */
    Summary assertNoFailure(int least, String during) {
      assertEquals(List.of(), failures, "requests failed during " + during + " (" + ok + " succeeded)");
      assertTrue(ok >= least, "the client loop must have run through " + during + ": only " + ok + " requests");
      return this;
    }
  }

  private final Path dir;
  private final Process process;

  private ClientLoop(Path dir, Process process) {
    this.dir = dir;
    this.process = process;
  }

  /**
   * Starts {@code threads} clients on {@code url}, with the loop's files in {@code dir} (which
   * must be visible under the same path to {@code wrap}'s command).
   *
   * @param least the fewest requests the loop sends before it heeds {@link #stop}
   * @param wrap turns the loop's command line into the one to run, for example inside a namespace
   */
  static ClientLoop start(Path dir, String url, int threads, int least, UnaryOperator<List<String>> wrap)
      throws Exception {
    Files.createDirectories(dir);
    Path script = Files.writeString(dir.resolve("client_loop.py"), SCRIPT);
    List<String> argv = new ArrayList<>(List.of("timeout", "-s", "KILL", "300", "/usr/bin/python3", script.toString(),
        url, dir.resolve("stop").toString(), dir.resolve("summary").toString(), Integer.toString(threads),
        Integer.toString(least)));
    return new ClientLoop(dir, Processes.command(wrap.apply(argv)).start(dir.resolve("client_loop.out")));
  }

  /** Starts {@code threads} clients on {@code url} on this host's network, to send at least {@code least} requests. */
  static ClientLoop start(Path dir, String url, int threads, int least) throws Exception {
    return start(dir, url, threads, least, UnaryOperator.identity());
  }

  /**
   * Waits until the loop has had its first answer (starting Python takes a while on a loaded
   * host), so that what the test does next happens while requests are running; fails after {@code
   * limit}.
   */
  ClientLoop awaitAnswer(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!Files.exists(dir.resolve("stop.answered"))) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        fail("the client loop had no answer within " + limit + ": " + Files.readString(dir.resolve("client_loop.out")));
      }
      Thread.sleep(20);
    }
    return this;
  }

  /** Stops the loop (every client ends its request in flight) and returns what it saw. */
  Summary stop() throws Exception {
    Files.writeString(dir.resolve("stop"), "");
    Path summary = dir.resolve("summary");
    if (!Processes.awaitExit(process.toHandle(), Duration.ofSeconds(60)) || !Files.exists(summary)) {
      Processes.stop(process, Duration.ZERO);
      fail("the client loop did not report: " + Files.readString(dir.resolve("client_loop.out")));
    }
    int ok = 0;
    List<String> failures = new ArrayList<>();
    Map<String, Integer> bodies = new TreeMap<>();
    for (String line : Files.readAllLines(summary)) {
      if (line.startsWith("ok ")) {
        ok = Integer.parseInt(line.substring(3));
      } else if (line.startsWith("failure ")) {
        failures.add(line.substring("failure ".length()));
      } else if (line.startsWith("body ")) {
        String[] f = line.split(" ", 3);
        bodies.put(f.length > 2 ? f[2] : "", Integer.parseInt(f[1]));
      }
    }
    return new Summary(ok, failures, bodies);
  }

  @Override
  public void close() {
    Processes.stop(process, Duration.ZERO);
  }
}
