package dev.procgen;

import dev.procgen.cli.ProcgenCommand;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.List;

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
    String problem = fileNameProblem(System.getProperty("sun.jnu.encoding", ""), System.getProperty("user.dir", ""), args);
    int status;
    if (problem != null) {
      err.println("procgen: error: " + problem);
      status = 1;
    } else {
      status = run(FileSystems.getDefault(), out, err, args);
    }
    out.flush();
    err.flush();
    System.exit(status);
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
    boolean utf8 = jnuEncoding.equalsIgnoreCase("UTF-8") || jnuEncoding.equalsIgnoreCase("UTF8");
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
