package dev.procgen.output;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names paths the way generated files mention them: relative to the repository that holds them,
 * so that the same checkout renders the same bytes from any working directory, and two checkouts
 * in different places render the same bytes too.
 */
public final class RepoPaths {
  private RepoPaths() {}

  /**
   * Returns {@code path} relative to the nearest enclosing folder that has a {@code .git} entry,
   * with {@code /} separators. Outside a repository, a relative path is returned normalized as
   * given; an absolute one is returned absolute when {@code keepAbsolute} (an install location
   * such as {@code /etc/systemd/system}), and otherwise as its file name alone, so that no
   * rendering machine's folders leak into the output.
   */
  public static String display(Path path, boolean keepAbsolute) {
    Path absolute = path.toAbsolutePath().normalize();
    for (Path dir = absolute.getParent(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".git"))) {
        String relative = slashes(dir.relativize(absolute));
        return relative.isEmpty() ? "." : relative;
      }
    }
    if (!path.isAbsolute()) {
      String normal = slashes(path.normalize());
      return normal.isEmpty() ? "." : normal;
    }
    return keepAbsolute || absolute.getFileName() == null ? slashes(absolute) : absolute.getFileName().toString();
  }

  private static String slashes(Path p) {
    return p.toString().replace(p.getFileSystem().getSeparator(), "/");
  }
}
