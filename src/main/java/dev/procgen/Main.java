package dev.procgen;

import dev.procgen.cli.ProcgenCommand;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;

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
    int status = run(FileSystems.getDefault(), out, err, args);
    out.flush();
    err.flush();
    System.exit(status);
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
