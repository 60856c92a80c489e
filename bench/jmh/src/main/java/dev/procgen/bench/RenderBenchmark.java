package dev.procgen.bench;

import dev.procgen.compiler.Compiler;
import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.output.FileProblem;
import dev.procgen.targets.Installable;
import dev.procgen.targets.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-process render of {@code apps} descriptors for every target, to memory: reading,
 * validating, planning, checking and rendering, as {@code procgen render DIR --target all} does
 * before it writes. It leaves the JVM's start out, so that a regression in the pipeline shows
 * apart from it ({@code bench/cold-start.sh} measures whole runs).
 *
 * <p>Each descriptor is the cold-start benchmark's app ({@code bench/cold-start/app.yaml}) under its
 * own name: two processes, one of them with two instances on consecutive ports.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class RenderBenchmark {
  @Param({"1", "100"})
  public int apps;

  private Path dir;
  private List<Path> descriptors;

  @Setup(Level.Trial)
  public void write() throws IOException {
    dir = Files.createTempDirectory("procgen-jmh");
    descriptors = new ArrayList<>();
    for (int i = 0; i < apps; i++) {
      String name = String.format("shop%03d", i);
      descriptors.add(Files.writeString(dir.resolve(name + ".yaml"), ""
          + "app: " + name + "\n"
          + "directory: /srv/" + name + "\n"
          + "environment:\n"
          + "  FOO: bar\n"
          + "processes:\n"
          + "  web:\n"
          + "    command: gunicorn app:application --bind 127.0.0.1:{port}\n"
          + "    instances: 2\n"
          + "    port: " + (5000 + 10 * i) + "\n"
          + "  worker:\n"
          + "    command: python worker.py\n"));
    }
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Returns the run's files, so that none of the work can be left out. */
  @Benchmark
  public Compiler.Compilation renderAllTargets() throws DescriptorException, FileProblem {
    return Compiler.compile(descriptors, Target.all(), new Compiler.Options(Installable.all().get(0), Optional.empty()));
  }
}
