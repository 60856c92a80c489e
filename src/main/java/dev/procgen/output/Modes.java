package dev.procgen.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A file's kind and whole mode from one {@code lstat(2)}, the setuid, setgid and sticky bits
 * included: {@link PosixFilePermissions} knows only the nine permission bits, so a run script
 * made setuid by hand would pass for mode 0755.
 */
final class Modes {
  private Modes() {}

  /**
   * What one {@code lstat} says about a path.
   *
   * @param mode the mode as {@code ls -l} spells it ({@code rwsr-xr-x}: {@code s}/{@code S} for
   *     setuid and setgid, {@code t}/{@code T} for sticky); empty on a file system without modes.
   *     For a mode without those bits it is {@link PosixFilePermissions#toString}'s text.
   */
  record Stat(boolean isRegularFile, boolean isDirectory, boolean isSymbolicLink, String mode) {}

  /**
   * Reads {@code path}'s kind and mode without following a symbolic link.
   *
   * @throws java.nio.file.NoSuchFileException if nothing is there
   * @throws IOException if it cannot be read
   */
  static Stat lstat(Path path) throws IOException {
    if (path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
      Map<String, Object> a = Files.readAttributes(path, "unix:mode,isRegularFile,isDirectory,isSymbolicLink",
          LinkOption.NOFOLLOW_LINKS);
      return new Stat((Boolean) a.get("isRegularFile"), (Boolean) a.get("isDirectory"), (Boolean) a.get("isSymbolicLink"),
          text((Integer) a.get("mode")));
    }
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      var a = Files.readAttributes(path, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new Stat(a.isRegularFile(), a.isDirectory(), a.isSymbolicLink(), PosixFilePermissions.toString(a.permissions()));
    }
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return new Stat(a.isRegularFile(), a.isDirectory(), a.isSymbolicLink(), "");
  }

  /** Spells the low twelve bits of {@code mode} as {@code ls -l} does, without the file kind. */
  static String text(int mode) {
    char[] c = "rwxrwxrwx".toCharArray();
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << (8 - i))) == 0) {
        c[i] = '-';
      }
    }
    special(c, 2, (mode & 04000) != 0, 's');
    special(c, 5, (mode & 02000) != 0, 's');
    special(c, 8, (mode & 01000) != 0, 't');
    return new String(c);
  }

  private static void special(char[] c, int at, boolean set, char letter) {
    if (set) {
      c[at] = c[at] == 'x' ? letter : Character.toUpperCase(letter);
    }
  }
}
