package dev.procgen.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Writes rendered files below an output directory; the only step besides the CLI that touches the
 * file system.
 *
 * <p>It checks every file before it writes any: no path may pass through a symbolic link below
 * the output directory, and no existing file may be replaced unless procgen generated it (or the
 * caller forces it). Then it writes every file to a temporary file in its own directory, and only
 * when all of them are written does it rename them into place, so a failure leaves no partial
 * set and a reader never sees half a file. Modes are set explicitly (0755 for executables, 0644
 * otherwise), so they do not depend on the umask.
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
  public record Entry(String relativePath, String content, boolean executable) {
    /** Returns the file's POSIX mode: {@code rwxr-xr-x} (0755) or {@code rw-r--r--} (0644). */
    public String permissions() {
      return executable ? "rwxr-xr-x" : "rw-r--r--";
    }
  }

  /** Thrown when the output cannot be written safely; nothing was written. */
  public static final class UnsafeOutputException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    UnsafeOutputException(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    /** Returns one message per refused path, each {@code <path>: error: <what>}. */
    public List<String> problems() {
      return problems;
    }
  }

  /**
   * Writes every entry below {@code dir}, creating directories as needed.
   *
   * @param generated tells whether an existing file's text is procgen's own output
   * @param force replace existing files even when {@code generated} says they are not procgen's
   * @return the paths written, in the order given
   * @throws UnsafeOutputException if a path goes through a symlink, or would replace a file that
   *     procgen did not generate; nothing is written then
   * @throws IOException if writing fails; files already renamed into place stay, temporary files
   *     are removed
   */
  public static List<Path> write(Path dir, List<Entry> entries, Predicate<String> generated, boolean force)
      throws IOException, UnsafeOutputException {
    List<String> problems = new ArrayList<>();
    List<Path> targets = new ArrayList<>();
    for (Entry entry : entries) {
      Path target = dir.resolve(entry.relativePath()).normalize();
      if (!target.startsWith(dir.normalize())) {
        problems.add(target + ": error: expected a path inside " + dir + ", found one outside it");
        continue;
      }
      String problem = check(dir, target, generated, force);
      if (problem != null) {
        problems.add(problem);
      }
      targets.add(target);
    }
    if (!problems.isEmpty()) {
      throw new UnsafeOutputException(problems);
    }

    List<Path> temps = new ArrayList<>();
    try {
      for (int i = 0; i < entries.size(); i++) {
        Entry entry = entries.get(i);
        Path parent = targets.get(i).getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + targets.get(i).getFileName(), ".tmp");
        temps.add(temp);
        Files.writeString(temp, entry.content(), StandardCharsets.UTF_8);
        PosixFileAttributeView posix = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
        if (posix != null) {
          posix.setPermissions(PosixFilePermissions.fromString(entry.permissions()));
        }
      }
      for (int i = 0; i < entries.size(); i++) {
        try {
          Files.move(temps.get(i), targets.get(i), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temps.get(i), targets.get(i), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      for (Path temp : temps) {
        Files.deleteIfExists(temp);
      }
    }
    return targets;
  }

  /**
   * The outcome of removing stale files.
   *
   * @param removed the files removed
   * @param kept files left in place because they no longer carry procgen's header: someone
   *     took them over by hand
   */
  public record Removal(List<Path> removed, List<Path> kept) {}

  /**
   * Removes files that procgen wrote earlier and no longer produces, and then any folder below
   * {@code dir} that this leaves empty. A file that no longer carries procgen's header, or that
   * is reached through a symbolic link, is kept.
   *
   * @param stale paths below {@code dir}, from the manifest
   * @throws IOException if a file cannot be removed
   */
  public static Removal remove(Path dir, List<String> stale, Predicate<String> generated) throws IOException {
    List<Path> removed = new ArrayList<>();
    List<Path> kept = new ArrayList<>();
    for (String path : stale) {
      Path file = dir.resolve(path);
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      if (check(dir, file, generated, false) != null) {
        kept.add(file);
        continue;
      }
      Files.delete(file);
      removed.add(file);
      for (Path parent = file.getParent(); parent != null && !parent.equals(dir) && parent.startsWith(dir);
          parent = parent.getParent()) {
        try (var entries = Files.list(parent)) {
          if (entries.findAny().isPresent()) {
            break;
          }
        }
        Files.delete(parent);
      }
    }
    return new Removal(removed, kept);
  }

  /** Returns why {@code target} may not be written, or null when it may. */
  private static String check(Path dir, Path target, Predicate<String> generated, boolean force) throws IOException {
    Path relative = dir.normalize().relativize(target);
    Path current = dir.normalize();
    for (Path part : relative) {
      current = current.resolve(part);
      if (Files.isSymbolicLink(current)) {
        return current + ": error: expected a real file or folder below " + dir
            + ", found a symbolic link; procgen never writes through one";
      }
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
    }
    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return target + ": error: expected a regular file to replace, found something else";
    }
    if (!force && !generated.test(Files.readString(target, StandardCharsets.UTF_8))) {
      return target + ": error: expected a file procgen generated (with its 'Generated by procgen' header), "
          + "found one it did not; it is left untouched (use --force to replace it)";
    }
    return null;
  }
}
