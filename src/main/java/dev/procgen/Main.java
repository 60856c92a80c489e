package dev.procgen;

import dev.procgen.cli.ProcgenCommand;
import dev.procgen.compiler.Compiler;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;

/** The {@code procgen} command's entry point. */
public final class Main {
  private Main() {}

  /**
   * Runs procgen on the real file system and exits with its status. Output is UTF-8 whatever the
   * locale, so that rendered files print the same bytes under {@code LANG=C}.
   */
  public static void main(String[] arguments) {
    if (renders(arguments)) {
      Compiler.prepareInBackground();
    }
    String[] args = arguments;
    // Standard output is buffered, since a run of many apps lists thousands of files; standard
    // error is not, and writes what standard output holds first, so that the two keep their order
    // when they go to one place (2>&1). A shutdown hook flushes what a signal would otherwise lose.
    PrintStream out = new PrintStream(new java.io.BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
        false, StandardCharsets.UTF_8);
    FileOutputStream stderr = new FileOutputStream(FileDescriptor.err);
    PrintStream err = new PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) throws java.io.IOException {
        out.flush();
        stderr.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws java.io.IOException {
        out.flush();
        stderr.write(b, off, len);
      }
    }, true, StandardCharsets.UTF_8);
    Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
      @Override
      public void run() {
        out.flush();
      }
    }, "procgen-flush"));
    String jnu = System.getProperty("sun.jnu.encoding", "");
    args = rerunArguments(System.getenv(RERUN_ARGV), args);
    // Not only the arguments: a folder of descriptors or an output folder may hold any name.
    OptionalInt rerun = isUtf8(jnu) ? OptionalInt.empty() : rerunUnderUtf8(args.length);
    String problem = rerun.isPresent() ? null : fileNameProblem(jnu, System.getProperty("user.dir", ""), args);
    int status;
    if (rerun.isPresent()) {
      status = rerun.getAsInt();
    } else if (problem != null) {
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
   * Tells whether a command line names a subcommand that renders (render, check, diff), for which
   * the templates and SnakeYAML are worth preparing on another thread; help, version and usage
   * errors need neither. A word that only looks like one (a descriptor named {@code render}) costs
   * one idle thread, never a different result.
   */
  private static boolean renders(String[] args) {
    for (String a : args) {
      if (a.equals("render") || a.equals("check") || a.equals("diff")) {
        return true;
      }
    }
    return false;
  }

  /** The variable that carries the command line's bytes, in hex, to the JVM {@link #rerunUnderUtf8} starts. */
  static final String RERUN_ARGV = "PROCGEN_UTF8_ARGV";

  private static boolean isUtf8(String charset) {
    return charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("UTF8");
  }

  /**
   * Runs procgen again in a JVM whose file-name charset is UTF-8, for a JVM that reads file names
   * in another charset (ASCII under {@code LANG=C} or {@code POSIX}). The new JVM
   * gets {@code LC_ALL=C.UTF-8}; the command line's bytes come from {@code /proc/self/cmdline}
   * (proc(5)), since this JVM has already turned each byte above 0x7F into U+FFFD, and travel
   * hex-encoded in {@link #RERUN_ARGV}, because this JVM could pass no other byte to a process.
   * The working directory is inherited as the kernel holds it, not by name.
   *
   * @param argc how many arguments procgen was given: the last {@code argc} words of the command line
   * @return the new JVM's exit status, or empty when it cannot be started (not Linux, no
   *     {@code /proc}, a run that is already the rerun, a Java path or class path that is not
   *     ASCII), and the caller reports the problem instead
   */
  static OptionalInt rerunUnderUtf8(int argc) {
    if (System.getenv(RERUN_ARGV) != null) {
      return OptionalInt.empty();
    }
    try {
      byte[] cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
      List<byte[]> words = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < cmdline.length; i++) {
        if (cmdline[i] == 0) {
          words.add(Arrays.copyOfRange(cmdline, start, i));
          start = i + 1;
        }
      }
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String classPath = System.getProperty("java.class.path", "");
      if (words.size() < argc || !isAscii(java) || !isAscii(classPath) || classPath.isEmpty()) {
        return OptionalInt.empty();
      }
      List<String> hex = new ArrayList<>();
      for (byte[] word : words.subList(words.size() - argc, words.size())) {
        hex.add(HexFormat.of().formatHex(word));
      }
      // The JVM's own words (its options, then -jar and the jar, or the class path and this class)
      // again, so that the new JVM runs as this one did, with bin/procgen's options and class-data
      // archive; when one is not ASCII, the class path and this class alone.
      List<String> command = new ArrayList<>(List.of(java));
      for (byte[] word : words.subList(1, words.size() - argc)) {
        String w = new String(word, StandardCharsets.ISO_8859_1);
        if (!isAscii(w)) {
          command = new ArrayList<>(List.of(java, "-XX:-UsePerfData", "-cp", classPath, Main.class.getName()));
          break;
        }
        command.add(w);
      }
      if (command.size() == 1) {
        command.addAll(List.of("-XX:-UsePerfData", "-cp", classPath, Main.class.getName()));
      }
      ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
      pb.environment().put("LC_ALL", "C.UTF-8");
      pb.environment().put(RERUN_ARGV, argc + ":" + String.join(",", hex));
      return OptionalInt.of(pb.start().waitFor());
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /**
   * Returns the arguments {@link #rerunUnderUtf8} handed over in {@code carried} ({@code
   * COUNT:HEX,HEX,...}, each word's bytes decoded as UTF-8, where a byte that is not UTF-8 becomes
   * U+FFFD for {@link #fileNameProblem} to refuse), or {@code args} when nothing was handed over.
   * A rerun whose JVM still does not read UTF-8 (no C.UTF-8 locale) gets them too, and {@link
   * #fileNameProblem} then refuses a name it cannot carry.
   */
  static String[] rerunArguments(String carried, String[] args) {
    if (carried == null) {
      return args;
    }
    int colon = carried.indexOf(':');
    int argc = Integer.parseInt(carried.substring(0, colon));
    String[] words = argc == 0 ? new String[0] : carried.substring(colon + 1).split(",", -1);
    String[] decoded = new String[argc];
    for (int i = 0; i < argc; i++) {
      decoded[i] = new String(HexFormat.of().parseHex(words[i]), StandardCharsets.UTF_8);
    }
    return decoded;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
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
      boolean wrong = utf8 ? word.indexOf('\uFFFD') >= 0 : !isAscii(word);
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
    return ProcgenCommand.commandLine(fs, out, err, args.length > 0 ? args[0] : null).execute(args);
  }
}
