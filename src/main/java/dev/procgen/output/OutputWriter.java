package dev.procgen.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes rendered files below an output directory; the only step besides the CLI that touches the
 * file system.
 *
 * <p>Each file is written to a temporary file in its own directory and renamed into place, so a
 * reader never sees half a file, and its mode is set explicitly (0755 for executables, 0644
 * otherwise) so that it does not depend on the umask.
 */
public final class OutputWriter {
  private OutputWriter() {}

  /**
   * One file to write.
   *
   * @param relativePath the path below the output directory, {@code /}-separated, already checked
   *     to have no {@code ..} segment
   * @param content the file's text, written as UTF-8
   * @param executable whether the file gets mode 0755 rather than 0644
   */
  public record Entry(String relativePath, String content, boolean executable) {}

  /**
   * Writes every entry below {@code dir}, creating directories as needed.
   *
   * @return the paths written, in the order given
   * @throws IOException if a directory cannot be created or a file cannot be written
   */
  public static List<Path> write(Path dir, List<Entry> entries) throws IOException {
    List<Path> written = new ArrayList<>();
    for (Entry entry : entries) {
      Path target = dir.resolve(entry.relativePath());
      Path parent = target.getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
      try {
        Files.writeString(temp, entry.content(), StandardCharsets.UTF_8);
        PosixFileAttributeView posix = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
        if (posix != null) {
          posix.setPermissions(PosixFilePermissions.fromString(entry.executable() ? "rwxr-xr-x" : "rw-r--r--"));
        }
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
      written.add(target);
    }
    return written;
  }
}
