package dev.procgen.output;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
   * @throws FileProblem if an existing file cannot be read
   */
  public static List<Change> compare(Path dir, List<OutputWriter.Entry> entries, List<String> stale) throws FileProblem {
    Comparison comparison = new Comparison(dir);
    for (OutputWriter.Entry entry : entries) {
      comparison.add(entry);
    }
    List<String> paths = new ArrayList<>(entries.size());
    for (OutputWriter.Entry entry : entries) {
      paths.add(entry.relativePath());
    }
    return comparison.finish(paths, stale);
  }

  /**
   * A comparison that takes a run's files one at a time, as they are rendered, and keeps only the
   * differences.
   */
  public static final class Comparison {
    private final Path dir;
    private final Map<String, List<Change>> changes = new ConcurrentHashMap<>();

    /** Starts comparing with {@code dir}, the output folder as the user named it (diff labels use it). */
    public Comparison(Path dir) {
      this.dir = dir;
    }

    /**
     * Compares one file of the run with the folder. Several threads may call it at once.
     *
     * @throws FileProblem if the existing file cannot be read
     */
    public void add(OutputWriter.Entry entry) throws FileProblem {
      List<Change> found = compare(dir, entry);
      if (!found.isEmpty()) {
        changes.put(entry.relativePath(), found);
      }
    }

    /**
     * Returns every difference found, in {@code order}, then the removals of the stale files that
     * are still there.
     *
     * @param order every path the run produces, in its order
     * @param stale the files the run would remove, as paths below the folder
     */
    public List<Change> finish(List<String> order, List<String> stale) {
      List<Change> all = new ArrayList<>();
      for (String path : order) {
        all.addAll(changes.getOrDefault(path, List.of()));
      }
      for (String path : stale) {
        Path file = dir.resolve(path);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
          all.add(new Change(Kind.REMOVE, FileProblem.shown(file.normalize()), ""));
        }
      }
      return all;
    }
  }

  /** The file as differences name it: the output folder as the user named it, normalized. */
  private static String label(Path file) {
    return FileProblem.shown(file.normalize().toString().isEmpty() ? file : file.normalize());
  }

  /** Returns the differences between one file of the run and the folder: none, or a change and a mode. */
  private static List<Change> compare(Path dir, OutputWriter.Entry entry) throws FileProblem {
    List<Change> changes = new ArrayList<>(0);
    Path file = dir.resolve(entry.relativePath());
    Modes.Stat attributes;
    try {
      // One lstat for the kind and, where there are modes, the whole mode.
      attributes = Modes.lstat(file);
    } catch (NoSuchFileException e) {
      changes.add(new Change(Kind.CREATE, label(file), ""));
      return changes;
    } catch (IOException e) {
      throw new FileProblem("cannot read", file, e);
    }
    if (!attributes.isRegularFile()) {
      String label = label(file);
      changes.add(new Change(Kind.CHANGE, label, label + ": expected a regular file, found "
          + (attributes.isSymbolicLink() ? "a symbolic link" : attributes.isDirectory() ? "a folder" : "something else") + "\n"));
      return changes;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new FileProblem("cannot read", file, e);
    }
    if (!java.util.Arrays.equals(bytes, entry.content().getBytes(StandardCharsets.UTF_8))) {
      String label = label(file);
      String current;
      try {
        current = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        changes.add(new Change(Kind.CHANGE, label, "Binary file " + label + " differs: it holds bytes that are not UTF-8 text\n"));
        return changes;
      }
      List<String> before = visibleLines(current);
      List<String> after = visibleLines(entry.content());
      Patch<String> patch = DiffUtils.diff(before, after);
      List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(label, label, before, patch, 3);
      changes.add(new Change(Kind.CHANGE, label, String.join("\n", unified) + "\n"));
    }
    String mode = attributes.mode();
    if (!mode.isEmpty() && !mode.equals(entry.permissions())) {
      changes.add(new Change(Kind.MODE, label(file), mode + " -> " + entry.permissions()));
    }
    return changes;
  }

  /**
   * Splits text into lines for a diff in which every difference shows: a control character other
   * than a tab (a carriage return of a CRLF line ending, above all) is shown as its Unicode control
   * picture ({@code \r} as {@code ␍}, U+240D), and a last line without a newline is followed by
   * git's {@code \ No newline at end of file} line.
   */
  static List<String> visibleLines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      String line = visible(end < 0 ? text.substring(start) : text.substring(start, end));
      // The marker rides on the line it belongs to, so that the diff prints it right after that line.
      lines.add(end < 0 ? line + "\n\\ No newline at end of file" : line);
      start = end < 0 ? text.length() : end + 1;
    }
    return lines;
  }

  private static String visible(String line) {
    StringBuilder sb = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < 0x20 && c != '\t') {
        sb.append((char) (0x2400 + c));
      } else if (c == 0x7f) {
        sb.append('\u2421');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
