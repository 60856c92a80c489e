package dev.procgen;

import dev.procgen.cli.ProcgenCommand;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code procgen} command's entry point. */
public final class Main {
  private Main() {}

  /**
   * Runs procgen on the real file system and exits with its status. Output is UTF-8 whatever the
   * locale, so that rendered files print the same bytes under {@code LANG=C}.
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    String jnu = System.getProperty("sun.jnu.encoding", "");
    if (!isUtf8(jnu) && System.getProperty(ARGS_FROM) == null) {
      Integer status = rerunUnderUtf8(args.length, err);
      if (status != null) {
        out.flush();
        err.flush();
        System.exit(status);
      }
    }
    String[] words = args;
    if (System.getProperty(ARGS_FROM) != null && isUtf8(jnu)) {
      words = argumentsFrom(System.getProperty(ARGS_FROM), args.length);
    }
    String problem = fileNameProblem(jnu, System.getProperty("user.dir", ""), words);
    int status;
    if (problem != null) {
      err.println("procgen: error: " + problem);
      status = 1;
    } else {
      status = run(FileSystems.getDefault(), out, err, words);
    }
    out.flush();
    err.flush();
    System.exit(status);
  }

  /** The property that tells a JVM started by {@link #rerunUnderUtf8} where its arguments' bytes are. */
  private static final String ARGS_FROM = "procgen.args.from";

  private static boolean isUtf8(String charset) {
    return charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("UTF8");
  }

  /**
   * Runs procgen again in a JVM started under the {@code C.UTF-8} locale, when this one was started
   * under a locale whose charset is not UTF-8 (as {@code java -jar} under {@code LANG=C} is), and
   * returns its exit status; returns null when that cannot be done, so that the caller reports the
   * file names it cannot carry instead.
   *
   * <p>Such a JVM has already lost the bytes of every non-ASCII argument, and cannot pass them on.
   * The new JVM reads them itself from the kernel's copy of this process's command line ({@code
   * /proc/PID/cmdline}, proc(5)): the last {@code count} NUL-terminated words. The working
   * directory and the environment pass on as bytes.
   *
   * @param count how many arguments procgen was given
   */
  private static Integer rerunUnderUtf8(int count, PrintStream err) {
    String classPath = System.getProperty("java.class.path", "");
    Optional<String> javaCommand = ProcessHandle.current().info().command();
    Path cmdline = Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "cmdline");
    if (javaCommand.isEmpty() || classPath.isEmpty() || classPath.chars().anyMatch(c -> c > 0x7f)
        || !Files.isReadable(cmdline)) {
      return null;
    }
    ProcessBuilder builder = new ProcessBuilder(javaCommand.get(), "-D" + ARGS_FROM + "=" + cmdline, "-cp", classPath,
        Main.class.getName());
    for (int i = 0; i < count; i++) {
      builder.command().add("-");
    }
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.inheritIO();
    try {
      Process child = builder.start();
      while (true) {
        try {
          return child.waitFor();
        } catch (InterruptedException e) {
          // Keep waiting: the child owns the terminal and the output folder until it ends.
        }
      }
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Returns the last {@code count} words of the NUL-separated command line in {@code cmdline},
   * decoded as UTF-8: the arguments of the JVM that started this one (see {@link #rerunUnderUtf8}).
   */
  static String[] argumentsFrom(String cmdline, int count) {
    try {
      byte[] bytes = Files.readAllBytes(Path.of(cmdline));
      List<String> words = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == 0) {
          words.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      if (words.size() < count) {
        throw new IllegalStateException("the command line in " + cmdline + " has fewer than " + count + " words");
      }
      return words.subList(words.size() - count, words.size()).toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns why the JVM cannot carry this run's file names, or null when it can.
   *
   * <p>Java decodes the command line, the working directory and every file name with one charset,
   * {@code sun.jnu.encoding}, which it takes from the locale ({@code LC_ALL}, {@code LC_CTYPE},
   * {@code LANG}) when it starts; {@code -Dsun.jnu.encoding} is not honoured on JDK 17. Under
   * {@code LANG=C} or {@code POSIX} that charset is ASCII: {@code café.yaml} arrives as {@code
   * caf\uFFFD\uFFFD.yaml} and names no file. {@code bin/procgen} starts the JVM with a UTF-8 locale;
   * this check stops a JVM started otherwise before it misreports a file. Under UTF-8, bytes that are
   * not UTF-8 arrive as {@code U+FFFD} and are refused too: no generated header could name them.
   *
   * @param jnuEncoding the JVM's file-name charset
   * @param workingDirectory the JVM's working directory as it decoded it
   * @param args the command line as it decoded it
   */
  static String fileNameProblem(String jnuEncoding, String workingDirectory, String... args) {
    boolean utf8 = isUtf8(jnuEncoding);
    List<String> named = new ArrayList<>(List.of(args));
    named.add(workingDirectory);
    for (int i = 0; i < named.size(); i++) {
      String word = named.get(i);
      boolean wrong = utf8 ? word.indexOf('\uFFFD') >= 0 : word.chars().anyMatch(c -> c > 0x7f);
      if (!wrong) {
        continue;
      }
      String what = (i == args.length ? "the working directory '" : "the argument '") + escaped(word) + "'";
      return utf8
          ? "cannot use " + what + ": expected a file name in UTF-8, found other bytes (shown as \\uFFFD); rename the file"
          : "cannot use " + what + ": this JVM reads file names as " + jnuEncoding + ", from the locale, "
              + "and cannot carry this one; run procgen through bin/procgen, or set LC_ALL=C.UTF-8";
    }
    return null;
  }

  private static String escaped(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c < 0x20 || c == 0x7f || c == '\uFFFD' ? String.format(java.util.Locale.ROOT, "\\u%04X", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }

  /**
   * Runs procgen without exiting, for tests and embedding.
   *
   * @param fs the file system that descriptor and output paths resolve in
   * @param out where rendered files and listings go
   * @param err where diagnostics go
   * @param args the command line
   * @return 0 for success, 1 for a bad descriptor or a failed render, 2 for a usage error
   */
  public static int run(FileSystem fs, PrintStream out, PrintStream err, String... args) {
    return ProcgenCommand.commandLine(fs, out, err).execute(args);
  }
}
