package dev.procgen.model;

/**
 * Checks for paths on the target host, which are plain strings: they never resolve against the
 * file system of the machine that renders them.
 */
public final class HostPaths {
  private HostPaths() {}

  /**
   * Returns true when {@code path} is absolute, normalized and free of control characters: it
   * starts with {@code /} and has no empty, {@code .} or {@code ..} segment.
   */
  public static boolean isAbsoluteNormal(String path) {
    if (path == null || !path.startsWith("/")) {
      return false;
    }
    if (ControlChars.any(path)) {
      return false;
    }
    if (path.equals("/")) {
      return true;
    }
    String rest = path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
    for (String segment : rest.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** Throws {@link IllegalArgumentException} naming {@code key} unless {@link #isAbsoluteNormal}. */
  static void requireAbsolute(String path, String key) {
    if (!isAbsoluteNormal(path)) {
      throw new IllegalArgumentException(key + " must be an absolute normalized path: " + path);
    }
  }

  /** Joins a directory and a file name with exactly one slash. */
  public static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }
}
