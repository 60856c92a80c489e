package dev.procgen;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs many procgen command lines in one JVM, so that {@link DeterminismIT} starts one JVM per
 * environment rather than one per case. It has no test dependencies: it runs with the packaged
 * jar and the test classes on the class path.
 *
 * <p>{@code RenderCases JOBS}: each line of the file {@code JOBS} is one command line, its words
 * separated by tabs, the first word being the file that receives its stdout; each runs through
 * {@link Main#run} with the UTF-8 streams {@link Main#main} uses. When the first word is {@code
 * -} (only allowed on the last line), the command goes through {@link Main#main} itself: its
 * stdout is this JVM's and its status is this JVM's exit status, so the packaged entry point is
 * covered too. A failed command line is named on stderr and makes the exit status 1.
 */
final class RenderCases {
  private RenderCases() {}

  public static void main(String[] args) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] words = lines.get(i).split("\t", -1);
      String[] command = Arrays.copyOfRange(words, 1, words.length);
      if (words[0].equals("-")) {
        if (i != lines.size() - 1) {
          throw new IllegalArgumentException("only the last command line may go to stdout: " + lines.get(i));
        }
        if (failed.isEmpty()) {
          Main.main(command);
        }
        break;
      }
      int status;
      try (PrintStream out = new PrintStream(new FileOutputStream(words[0]), true, StandardCharsets.UTF_8)) {
        status = Main.run(FileSystems.getDefault(), out, err, command);
      }
      if (status != 0) {
        failed.add("exit " + status + ": procgen " + String.join(" ", command));
      }
    }
    if (!failed.isEmpty()) {
      err.println("RenderCases: " + failed.size() + " command lines failed:\n" + String.join("\n", failed));
      System.exit(1);
    }
  }
}
