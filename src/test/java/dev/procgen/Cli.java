package dev.procgen;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Runs the real command line against an in-memory Unix file system whose working dir is /work. */
public final class Cli implements AutoCloseable {
  /** The in-memory file system. */
  public final FileSystem fs;

  private final String workingDirectory;

  /** A file system whose working directory is /work. */
  public Cli() {
    this("/work");
  }

  /** A file system whose working directory is {@code workingDirectory}. */
  public Cli(String workingDirectory) {
    this(workingDirectory, Long.MAX_VALUE);
  }

  /**
   * A file system whose working directory is {@code workingDirectory} and that holds at most
   * {@code maxBytes}, in blocks of 512 bytes: a disk that can fill up.
   */
  public Cli(String workingDirectory, long maxBytes) {
    this.workingDirectory = workingDirectory;
    Configuration.Builder config = Configuration.unix().toBuilder()
        .setWorkingDirectory(workingDirectory)
        .setAttributeViews("basic", "owner", "posix", "unix");
    if (maxBytes != Long.MAX_VALUE) {
      config.setBlockSize(512).setMaxSize(maxBytes);
    }
    this.fs = Jimfs.newFileSystem(config.build());
  }

  /**
   * What one run printed and returned.
   *
   * @param exit the exit status
   * @param out standard output
   * @param err standard error
   */
  public record Result(int exit, String out, String err) {}

  /** Copies a file from the real disk to {@code /work/<name>} and returns its name. */
  public String put(Path source, String name) {
    try {
      // Bytes, not text: a golden case may hold bytes that are not UTF-8 on purpose.
      Path p = fs.getPath(workingDirectory).resolve(name);
      Files.createDirectories(p.getParent());
      Files.write(p, Files.readAllBytes(source));
      return name;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code text} to {@code <working dir>/<name>} (or to {@code name} if absolute) and returns the name. */
  public String put(String name, String text) {
    try {
      Path p = fs.getPath(workingDirectory).resolve(name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text, StandardCharsets.UTF_8);
      return name;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs procgen with {@code args}. */
  public Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(fs, o, e, args);
    }
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Runs {@code procgen render ARGS} on the real file system, for tests that hand the output to
   * real tools, and fails the test unless it succeeds.
   */
  /** Runs {@code procgen render ARGS} on the real file system and returns its exit status and output. */
  public static Result renderOnDiskResult(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("render"));
    all.addAll(java.util.List.of(args));
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(java.nio.file.FileSystems.getDefault(), o, e, all.toArray(String[]::new));
    }
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  public static void renderOnDisk(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("render"));
    all.addAll(java.util.List.of(args));
    int exit;
    try (PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(java.nio.file.FileSystems.getDefault(), o, e, all.toArray(String[]::new));
    }
    org.junit.jupiter.api.Assertions.assertEquals(0, exit, () -> err.toString(StandardCharsets.UTF_8));
  }

  /** Returns every regular file below {@code dir} by its relative path, with its bytes as text. */
  public Map<String, String> tree(String dir) {
    Map<String, String> files = new TreeMap<>();
    Path root = fs.getPath(dir);
    if (!Files.exists(root)) {
      return files;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
