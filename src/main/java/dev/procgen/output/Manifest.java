package dev.procgen.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The record of what procgen wrote in an output folder: {@code DIR/.procgen-manifest}, one
 * relative path per line, sorted, after a header comment, so that it diffs well.
 *
 * <p>A later run uses it to remove files that it wrote earlier and no longer produces; files that
 * are not in it were not written by procgen and are never touched.
 */
public final class Manifest {
  /** The manifest's file name inside the output folder. */
  public static final String FILE = ".procgen-manifest";

  private Manifest() {}

  /**
   * Reads the paths recorded in {@code dir}'s manifest; an empty list when there is none.
   *
   * @throws IOException if the manifest exists but cannot be read
   */
  public static List<String> read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<String> paths = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#") && isSafe(line)) {
        paths.add(line);
      }
    }
    return paths;
  }

  /**
   * Returns the manifest's text for {@code paths}.
   *
   * @param header the comment lines that start it (procgen's header), each ending in a newline
   */
  public static String text(String header, List<String> paths) {
    StringBuilder sb = new StringBuilder(header);
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
   * @param produced the paths the run writes, below {@code dir}
   * @throws IOException if the manifest exists but cannot be read
   */
  public static Update update(Path dir, java.util.Set<String> folders, List<String> produced) throws IOException {
    java.util.Set<String> recorded = new java.util.LinkedHashSet<>(produced);
    java.util.Set<String> producedSet = java.util.Set.copyOf(produced);
    List<String> stale = new ArrayList<>();
    for (String old : read(dir)) {
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

  /** A path read from a manifest is used only if it stays inside the folder. */
  private static boolean isSafe(String path) {
    if (path.startsWith("/") || path.contains("\\")) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
