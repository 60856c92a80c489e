package dev.procgen.output;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A file-system failure told as the user can act on it: one line {@code <what> <path>: <why>}, which
 * the CLI prints as {@code procgen: error: <what> <path>: <why>} with exit status 1.
 *
 * <p>It is an {@link IOException}, so that callers that already pass I/O failures on keep compiling;
 * the CLI tells it apart from a crash by its type.
 */
public final class FileProblem extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the problem.
   *
   * @param what what procgen tried, for example {@code cannot write}
   * @param path the file or folder, as the user named it
   * @param why the reason, for example {@code permission denied}
   */
  public FileProblem(String what, Path path, String why) {
    super(what + " " + shown(path) + ": " + why);
  }

  /** Creates the problem from the I/O failure that caused it; the reason is taken from it. */
  public FileProblem(String what, Path path, IOException cause) {
    super(what + " " + shown(path) + ": " + reason(cause), cause);
  }

  /**
   * Returns a path as messages show it: its text, with every control character and every
   * character that stands for bytes the file system's charset could not decode ({@code U+FFFD})
   * escaped, so that one path is one readable line.
   */
  public static String shown(Path path) {
    String text = path.toString();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\uFFFD') {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Returns why an I/O operation failed, in lower-case words without the path: the operating
   * system's reason ({@code strerror(3)}) where Java keeps it, otherwise the exception's kind.
   */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "not a folder";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file of that name exists";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "the folder is not empty";
    }
    if (e instanceof FileSystemLoopException) {
      return "a loop of symbolic links";
    }
    if (e instanceof CharacterCodingException) {
      return "expected UTF-8 text, found other bytes";
    }
    if (e instanceof FileProblem) {
      return e.getMessage();
    }
    String message = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    // "No space left on device", "Read-only file system": strerror's words, lower-cased at the start.
    return Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }
}
