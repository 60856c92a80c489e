package dev.procgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder's complete state for before/after comparisons: every entry below it (hidden ones and
 * empty folders included) by relative path, with its kind, mode and bytes, never following a link.
 */
public final class Snapshots {
  private Snapshots() {}

  /** Returns the state of {@code root} and everything below it; an empty map when it does not exist. */
  public static Map<String, String> of(Path root) {
    Map<String, String> state = new TreeMap<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return state;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        String key = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          state.put(key, "link -> " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          state.put(key, "folder " + mode);
        } else {
          state.put(key, "file " + mode + " " + HexFormat.of().formatHex(Files.readAllBytes(p)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return state;
  }
}
