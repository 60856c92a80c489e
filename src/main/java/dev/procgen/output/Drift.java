package dev.procgen.output;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares what a run would write with what an output folder holds, without writing anything:
 * the heart of {@code procgen check} and {@code procgen diff}.
 */
public final class Drift {
  private Drift() {}

  /** What differs for one file. */
  public enum Kind {
    /** The file would be created. */
    CREATE,
    /** The file's text would change; the detail is a unified diff. */
    CHANGE,
    /** The file's mode would change; the detail names both modes. */
    MODE,
    /** The file would be removed: procgen wrote it earlier and no longer produces it. */
    REMOVE
  }

  /**
   * One difference.
   *
   * @param kind what differs
   * @param path the file, as a path below the output folder
   * @param detail a unified diff for {@link Kind#CHANGE}, the modes for {@link Kind#MODE},
   *     otherwise empty
   */
  public record Change(Kind kind, String path, String detail) {}

  /**
   * Returns every difference between {@code dir} and a run's files, in the order of {@code
   * entries}, then the removals.
   *
   * @param dir the output folder as the user named it (diff labels use it)
   * @param entries the files the run would write
   * @param stale the files the run would remove, as paths below {@code dir}
   * @throws IOException if an existing file cannot be read
   */
  public static List<Change> compare(Path dir, List<OutputWriter.Entry> entries, List<String> stale) throws IOException {
    List<Change> changes = new ArrayList<>();
    for (OutputWriter.Entry entry : entries) {
      Path file = dir.resolve(entry.relativePath());
      String label = dir.resolve(entry.relativePath()).toString();
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        changes.add(new Change(Kind.CREATE, label, ""));
        continue;
      }
      String current = Files.readString(file, StandardCharsets.UTF_8);
      if (!current.equals(entry.content())) {
        List<String> before = current.lines().toList();
        List<String> after = entry.content().lines().toList();
        Patch<String> patch = DiffUtils.diff(before, after);
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(label, label, before, patch, 3);
        changes.add(new Change(Kind.CHANGE, label, String.join("\n", unified) + "\n"));
      }
      PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (posix != null) {
        String mode = PosixFilePermissions.toString(posix.readAttributes().permissions());
        String wanted = entry.permissions();
        if (!mode.equals(wanted)) {
          changes.add(new Change(Kind.MODE, label, mode + " -> " + wanted));
        }
      }
    }
    for (String path : stale) {
      if (Files.exists(dir.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
        changes.add(new Change(Kind.REMOVE, dir.resolve(path).toString(), ""));
      }
    }
    return changes;
  }
}
