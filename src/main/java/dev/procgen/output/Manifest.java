package dev.procgen.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The record of what procgen wrote in an output folder: {@code DIR/.procgen-manifest}, procgen's
 * header, a format line, then one relative path per line, sorted, so that it diffs well.
 *
 * <p>A later run uses it to remove files that it wrote earlier and no longer produces; files that
 * are not in it were not written by procgen and are never touched. Because it decides what is
 * removed, a manifest that is not exactly what procgen writes (other bytes than UTF-8, no header,
 * another format, a path outside the folder or outside a target's folder, a path twice) is refused
 * with the line that is wrong, never read in part.
 */
public final class Manifest {
  /** The manifest's file name inside the output folder. */
  public static final String FILE = ".procgen-manifest";
  /** The format this procgen writes and reads. */
  public static final int FORMAT = 1;
  /** The comment line that names the format; a manifest without it is of format 1. */
  static final String FORMAT_PREFIX = "# procgen manifest format ";

  private Manifest() {}

  /**
   * Reads the paths recorded in {@code dir}'s manifest; an empty list when there is none.
   *
   * @param folders the folders (target ids) a manifest path may start with
   * @throws FileProblem if the manifest cannot be read, or is not one procgen wrote: it names the
   *     manifest and, for a wrong line, the line's number
   */
  public static List<String> read(Path dir, Set<String> folders) throws FileProblem {
    Path file = dir.resolve(FILE);
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new FileProblem("cannot read the manifest", file, e);
    }
    if (!attributes.isRegularFile()) {
      throw new FileProblem("cannot use the manifest", file, "expected a regular file, found "
          + (attributes.isSymbolicLink() ? "a symbolic link" : attributes.isDirectory() ? "a folder" : "something else"));
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new FileProblem("cannot read the manifest", file, e);
    }
    List<String> lines = lines(file, bytes);
    if (!Headers.isGenerated(String.join("\n", lines.subList(0, Math.min(lines.size(), Headers.MARKER_LINES))))) {
      throw problem(file, 1, "expected procgen's header ('" + Headers.MARKER + " from ...'), found other text");
    }
    List<String> paths = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int number = i + 1;
      if (line.startsWith(FORMAT_PREFIX)) {
        String format = line.substring(FORMAT_PREFIX.length());
        if (!format.equals(Integer.toString(FORMAT))) {
          throw problem(file, number, "expected format " + FORMAT + ", found format '" + escaped(format)
              + "', which this procgen cannot read");
        }
        continue;
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!isSafe(line) || !folders.contains(folderOf(line))) {
        throw problem(file, number, "expected a path below one of the folders " + String.join(", ", new TreeSet<>(folders))
            + ", found '" + escaped(line) + "'");
      }
      Integer first = seen.putIfAbsent(line, number);
      if (first != null) {
        throw problem(file, number, "expected each path once, found '" + escaped(line) + "' again (first on line " + first + ")");
      }
      paths.add(line);
    }
    return paths;
  }

  /** Splits the manifest into lines, each decoded as UTF-8 strictly, so that a bad byte has a line. */
  private static List<String> lines(Path file, byte[] bytes) throws FileProblem {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i == bytes.length && start == i) {
          break;
        }
        try {
          lines.add(StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, start, i - start)).toString());
        } catch (CharacterCodingException e) {
          throw problem(file, lines.size() + 1, "expected UTF-8 text, found other bytes");
        }
        start = i + 1;
      }
    }
    return lines;
  }

  private static FileProblem problem(Path file, int line, String why) {
    return new FileProblem("cannot use the manifest", file, "line " + line + ": " + why
        + "; correct it, or delete the manifest (the next render writes a new one, but leaves files it no longer produces in place)");
  }

  /** Shows control characters as {@code \\uXXXX}, so that a wrong line prints as one line. */
  private static String escaped(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04X", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.toString();
  }

  /**
   * Returns the manifest's text for {@code paths}.
   *
   * @param header the comment lines that start it (procgen's header), each ending in a newline
   */
  public static String text(String header, List<String> paths) {
    StringBuilder sb = new StringBuilder(header).append(FORMAT_PREFIX).append(FORMAT).append('\n');
    for (String p : new TreeSet<>(paths)) {
      sb.append(p).append('\n');
    }
    return sb.toString();
  }

  /**
   * What a run records in a folder's manifest, and what it removes.
   *
   * @param recorded every path the new manifest lists: the run's own files, and the files of
   *     folders the run did not render, which earlier runs wrote
   * @param stale files the manifest recorded in a folder the run rendered that the run no longer
   *     produces
   */
  public record Update(List<String> recorded, List<String> stale) {}

  /**
   * Works out a run's manifest and stale files from {@code dir}'s current manifest.
   *
   * @param folders the folders (target ids) the run renders: it owns every file in them
   * @param known every folder a manifest path may start with (every target's id)
   * @param produced the paths the run writes, below {@code dir}
   * @throws FileProblem if the manifest exists but cannot be read or is not procgen's
   */
  public static Update update(Path dir, Set<String> folders, Set<String> known, List<String> produced) throws FileProblem {
    Set<String> recorded = new LinkedHashSet<>(produced);
    Set<String> producedSet = Set.copyOf(produced);
    List<String> stale = new ArrayList<>();
    for (String old : read(dir, known)) {
      if (!folders.contains(folderOf(old))) {
        recorded.add(old); // another target's files, from another run: still procgen's.
      } else if (!producedSet.contains(old)) {
        stale.add(old);
      }
    }
    return new Update(List.copyOf(recorded), List.copyOf(stale));
  }

  /** Returns the folder a manifest path belongs to, its first segment: the target's id. */
  public static String folderOf(String path) {
    int slash = path.indexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /**
   * Returns whether {@code path} is a relative path of at least two segments that stays inside
   * its folder: no leading {@code /}, no backslash, no empty, {@code .} or {@code ..} segment, no
   * control character.
   */
  static boolean isSafe(String path) {
    if (path.startsWith("/") || path.contains("\\") || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return false;
    }
    String[] segments = path.split("/", -1);
    if (segments.length < 2) {
      return false;
    }
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
