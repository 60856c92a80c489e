package dev.procgen.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The record of what procgen wrote in an output folder: one manifest per descriptor, {@code
 * DIR/.procgen/<the descriptor's name, escaped>.files}, holding procgen's header, the line {@code #
 * procgen manifest format 3}, then the paths of the files that descriptor owns, one per line,
 * sorted, so that adding, changing or removing one app touches only its own manifest. A file that
 * several apps share is listed in each one's manifest. Files whose owner is unknown are listed in
 * {@link #UNKNOWN}. See {@link #escapeName} for how a name becomes a path (docs/workflow.md).
 *
 * <p>The old single manifest {@code DIR/.procgen-manifest} is still read: format 2 follows each
 * path with a tab and the descriptors that own it; format 1 recorded no owners, so its files count
 * as owned by an unknown descriptor, pruned only by a run that covers a folder. A run removes it
 * and writes the per-descriptor manifests instead.
 *
 * <p>A later run uses the manifests to remove files that it wrote earlier and no longer produces;
 * files that are not in them were not written by procgen and are never touched. Because they
 * decide what is removed, a manifest that is not exactly what procgen writes (other bytes than
 * UTF-8, no header, another format, a path outside the folder or outside a target's folder, a path
 * twice, a file below {@code .procgen/} that is no manifest) is refused with the file and line that
 * are wrong, never read in part.
 */
public final class Manifest {
  /** The old single manifest's file name inside the output folder, still read and then removed. */
  public static final String FILE = ".procgen-manifest";
  /** The newest format of the old single manifest. */
  public static final int FORMAT = 2;
  /** The comment line that names the format; a manifest without it is of format 1. */
  static final String FORMAT_PREFIX = "# procgen manifest format ";

  private Manifest() {}

  /**
   * Reads the paths recorded in {@code dir}'s manifests, sorted; an empty list when there is none.
   *
   * @param folders the folders (target ids) a manifest path may start with
   * @throws FileProblem if the manifest cannot be read, or is not one procgen wrote: it names the
   *     manifest and, for a wrong line, the line's number
   */
  public static List<String> read(Path dir, Set<String> folders) throws FileProblem {
    return List.copyOf(readOwned(dir, folders).keySet());
  }

  /**
   * Reads the paths recorded in {@code dir}'s manifests with the descriptors that own each,
   * sorted by path; an empty map when there is none. A path of a format 1 manifest, which did
   * not record owners, has an empty list: its owner is unknown.
   *
   * @param folders the folders (target ids) a manifest path may start with
   * @throws FileProblem if the manifest cannot be read, or is not one procgen wrote: it names the
   *     manifest and, for a wrong line, the line's number
   */
  public static Map<String, List<String>> readOwned(Path dir, Set<String> folders) throws FileProblem {
    return readState(dir, folders).owned();
  }

  /** Reads the old single manifest {@code DIR/.procgen-manifest} (format 1 or 2); an empty map when there is none. */
  private static Map<String, List<String>> readLegacy(Path dir, Set<String> folders) throws FileProblem {
    Path file = dir.resolve(FILE);
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return Map.of();
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
    Map<String, List<String>> paths = new LinkedHashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    int format = 1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int number = i + 1;
      if (line.startsWith(FORMAT_PREFIX)) {
        String given = line.substring(FORMAT_PREFIX.length());
        if (!given.equals("1") && !given.equals(Integer.toString(FORMAT))) {
          throw problem(file, number, "expected format 1 or " + FORMAT + ", found format '" + escaped(given)
              + "', which this procgen cannot read");
        }
        format = Integer.parseInt(given);
        continue;
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String path = line;
      List<String> owners = new ArrayList<>();
      int tab = line.indexOf('\t');
      if (format >= 2 && tab >= 0) {
        path = line.substring(0, tab);
        for (String owner : line.substring(tab + 1).split("\t", -1)) {
          String decoded = unescapeOwner(owner);
          if (decoded == null || decoded.isEmpty() || owners.contains(decoded)) {
            throw problem(file, number, "expected the descriptors that own '" + escaped(path)
                + "', each once and separated by one tab, found '" + escaped(line.substring(tab + 1)) + "'");
          }
          owners.add(decoded);
        }
      }
      if (!isSafe(path) || !folders.contains(folderOf(path))) {
        throw problem(file, number, "expected a path below one of the folders " + String.join(", ", new TreeSet<>(folders))
            + ", found '" + escaped(path) + "'");
      }
      Integer first = seen.putIfAbsent(path, number);
      if (first != null) {
        throw problem(file, number, "expected each path once, found '" + escaped(path) + "' again (first on line " + first + ")");
      }
      paths.put(path, List.copyOf(owners));
    }
    return paths;
  }

  /** The folder, inside the output folder, that holds one manifest per descriptor. */
  public static final String FOLDER = ".procgen";
  /** The ending of a descriptor's manifest file. */
  public static final String SUFFIX = ".files";
  /** The format of a descriptor's manifest. */
  public static final int OWNER_FORMAT = 3;
  /**
   * The manifest of files whose descriptor is unknown (taken over from a format 1 manifest), below
   * {@link #FOLDER}. No descriptor's name escapes to it: {@link #escapeName} writes {@code %} as
   * {@code %25}, so a name never has a {@code %} that {@code un} follows.
   */
  public static final String UNKNOWN = "%unknown" + SUFFIX;

  /**
   * What an output folder's manifests record.
   *
   * @param owned every recorded path with its owners (empty: unknown), sorted by path
   * @param listed the paths each manifest file there is lists, sorted, by the manifest's path below
   *     the output folder ({@code .procgen/deploy/app.yaml.files}, and {@link #FILE} for the old
   *     single manifest)
   */
  public record State(Map<String, List<String>> owned, Map<String, List<String>> listed) {}

  /**
   * Reads every manifest of {@code dir}: the descriptors' manifests below {@code DIR/.procgen/}
   * and the old single manifest {@code DIR/.procgen-manifest}, if there is one.
   *
   * @param folders the folders (target ids) a manifest path may start with
   * @throws FileProblem if a manifest cannot be read, or is not one procgen wrote: it names the
   *     manifest and, for a wrong line, the line's number
   */
  public static State readState(Path dir, Set<String> folders) throws FileProblem {
    List<Listing> listings = new ArrayList<>();
    for (Path file : manifests(dir)) {
      listings.add(readManifest(dir, file, folders));
    }
    return readState(dir, folders, listings);
  }

  /**
   * One descriptor's manifest as read.
   *
   * @param file the manifest's path below the output folder, for example {@code
   *     .procgen/deploy/app.yaml.files}
   * @param owner the descriptor it belongs to, or null for {@link #UNKNOWN}
   * @param paths the paths it lists, in its order, each once
   */
  public record Listing(String file, String owner, List<String> paths) {}

  /**
   * Returns the descriptors' manifests below {@code DIR/.procgen/}, sorted, for {@link
   * #readManifest}; none when the folder does not exist.
   *
   * @throws FileProblem if {@code DIR/.procgen} is not a folder, or holds something that is not a
   *     regular file or folder
   */
  public static List<Path> manifests(Path dir) throws FileProblem {
    Path root = dir.resolve(FOLDER);
    BasicFileAttributes rootAttributes = attributesOrNull(root);
    List<Path> files = new ArrayList<>();
    if (rootAttributes != null) {
      if (!rootAttributes.isDirectory()) {
        throw new FileProblem("cannot use the manifests", root, "expected a folder, found "
            + (rootAttributes.isSymbolicLink() ? "a symbolic link" : "a file"));
      }
      collect(root, files);
    }
    return files;
  }

  /**
   * Reads one of {@link #manifests}, strictly. It depends on nothing but the file, so several may
   * be read at once.
   *
   * @param folders the folders (target ids) a manifest path may start with
   * @throws FileProblem if the manifest cannot be read, is not named as procgen names manifests, or
   *     is not one procgen wrote: it names the manifest and, for a wrong line, the line's number
   */
  public static Listing readManifest(Path dir, Path file, Set<String> folders) throws FileProblem {
    Path root = dir.resolve(FOLDER);
    String relative = slashes(root.relativize(file));
    String owner = null;
    if (!relative.equals(UNKNOWN)) {
      owner = relative.endsWith(SUFFIX) ? unescapeName(relative.substring(0, relative.length() - SUFFIX.length())) : null;
      if (owner == null || !escapeName(owner).equals(relative.substring(0, relative.length() - SUFFIX.length()))) {
        throw new FileProblem("cannot use the manifest", file, "expected only procgen's manifests below " + FOLDER
            + " (a descriptor's name, escaped, then " + SUFFIX + "), found this file; remove it");
      }
    }
    return new Listing(FOLDER + "/" + relative, owner, readOwnerFile(file, folders));
  }

  /**
   * Returns the state of {@code dir}'s manifests from the descriptors' manifests already read
   * ({@link #readManifest} of each of {@link #manifests}, in that order) and the old single
   * manifest, which this reads.
   *
   * @throws FileProblem if the old single manifest cannot be read or is not procgen's
   */
  public static State readState(Path dir, Set<String> folders, List<Listing> listings) throws FileProblem {
    Map<String, Set<String>> owned = new TreeMap<>();
    Map<String, List<String>> listed = new TreeMap<>();
    Map<String, List<String>> legacy = readLegacy(dir, folders);
    if (Files.exists(dir.resolve(FILE), LinkOption.NOFOLLOW_LINKS)) {
      listed.put(FILE, List.copyOf(new TreeSet<>(legacy.keySet())));
    }
    for (Map.Entry<String, List<String>> e : legacy.entrySet()) {
      ownersOf(owned, e.getKey()).addAll(e.getValue());
    }
    for (Listing listing : listings) {
      for (String path : listing.paths()) {
        Set<String> owners = ownersOf(owned, path);
        if (listing.owner() != null) {
          owners.add(listing.owner());
        }
      }
      listed.put(listing.file(), List.copyOf(new TreeSet<>(listing.paths())));
    }
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (Map.Entry<String, Set<String>> e : owned.entrySet()) {
      result.put(e.getKey(), List.copyOf(e.getValue()));
    }
    return new State(result, listed);
  }

  /** The owners recorded for {@code path} so far, a new empty set the first time. */
  private static Set<String> ownersOf(Map<String, Set<String>> owned, String path) {
    Set<String> owners = owned.get(path);
    if (owners == null) {
      owners = new TreeSet<>();
      owned.put(path, owners);
    }
    return owners;
  }

  /** Lists the files below {@code folder}, sorted, skipping hidden names (a crashed run's temporary files). */
  private static void collect(Path folder, List<Path> files) throws FileProblem {
    List<Path> children = new ArrayList<>();
    try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
      for (Path child : s) {
        children.add(child);
      }
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      throw new FileProblem("cannot read the manifests", folder,
          e instanceof IOException io ? io : ((java.nio.file.DirectoryIteratorException) e).getCause());
    }
    java.util.Collections.sort(children);
    for (Path child : children) {
      if (child.getFileName().toString().startsWith(".")) {
        continue;
      }
      BasicFileAttributes a = attributesOrNull(child);
      if (a == null) {
        continue;
      }
      if (a.isDirectory()) {
        collect(child, files);
      } else if (a.isRegularFile()) {
        files.add(child);
      } else {
        throw new FileProblem("cannot use the manifest", child, "expected a regular file, found "
            + (a.isSymbolicLink() ? "a symbolic link" : "something else"));
      }
    }
  }

  private static BasicFileAttributes attributesOrNull(Path p) throws FileProblem {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new FileProblem("cannot read the manifest", p, e);
    }
  }

  /**
   * Reads one descriptor's manifest strictly: procgen's header, the line {@code # procgen manifest
   * format 3}, then one path per line, each once. Returns the paths it lists, in its order.
   */
  private static List<String> readOwnerFile(Path file, Set<String> folders) throws FileProblem {
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
    boolean format = false;
    Map<String, Integer> seen = new HashMap<>();
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int number = i + 1;
      if (line.startsWith(FORMAT_PREFIX)) {
        String given = line.substring(FORMAT_PREFIX.length());
        if (!given.equals(Integer.toString(OWNER_FORMAT))) {
          throw problem(file, number, "expected format " + OWNER_FORMAT + ", found format '" + escaped(given)
              + "', which this procgen cannot read");
        }
        format = true;
        continue;
      }
      if (line.startsWith("#") && !format) {
        continue;
      }
      if (!format) {
        throw problem(file, number, "expected the line '" + FORMAT_PREFIX + OWNER_FORMAT + "' before the paths, found '"
            + escaped(line) + "'");
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
    if (!format) {
      throw problem(file, lines.size(), "expected the line '" + FORMAT_PREFIX + OWNER_FORMAT + "', found none");
    }
    return paths;
  }

  /**
   * Returns the path, below the output folder, of {@code owner}'s manifest: {@code
   * .procgen/<escaped name>.files}, or {@link #UNKNOWN} for none.
   */
  public static String fileOf(String owner) {
    return FOLDER + "/" + (owner == null ? UNKNOWN : escapeName(owner) + SUFFIX);
  }

  /**
   * Escapes a descriptor's name into a relative path whose folders mirror the name's, such that
   * two names never give the same path and no segment is hidden, empty, {@code .} or {@code ..}:
   * {@code %}, a backslash, a control character and a {@code /} that does not separate two
   * non-empty segments (the leading one of an absolute name) are written as {@code %XX} (their
   * UTF-8 bytes in upper-case hex), and so are a segment's leading {@code .} and the {@code .} of a
   * folder segment that ends in {@code .files} (so a folder never has a manifest's name).
   */
  public static String escapeName(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 8);
    int segmentStart = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/') {
        boolean separates = i > 0 && i < name.length() - 1 && name.charAt(i - 1) != '/' && name.charAt(i + 1) != '/';
        if (separates) {
          escapeFolderEnding(sb, segmentStart);
          sb.append('/');
          segmentStart = sb.length();
        } else {
          sb.append("%2F");
        }
      } else if (c == '%' || c == '\\' || c < 0x20 || c == 0x7f || (c == '.' && sb.length() == segmentStart)) {
        sb.append(String.format(java.util.Locale.ROOT, "%%%02X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Writes the {@code .} of a folder segment that ends in {@code .files} as {@code %2E}. */
  private static void escapeFolderEnding(StringBuilder sb, int segmentStart) {
    if (sb.length() - segmentStart > SUFFIX.length() && sb.substring(sb.length() - SUFFIX.length()).equals(SUFFIX)) {
      sb.replace(sb.length() - SUFFIX.length(), sb.length() - SUFFIX.length() + 1, "%2E");
    }
  }

  /** Reverses {@link #escapeName}; null when {@code text} has a {@code %} that two hex digits do not follow. */
  static String unescapeName(String text) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] != '%') {
        bytes.write(raw[i]);
        continue;
      }
      if (i + 2 >= raw.length) {
        return null;
      }
      int hi = Character.digit(raw[i + 1], 16);
      int lo = Character.digit(raw[i + 2], 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      bytes.write(hi * 16 + lo);
      i += 2;
    }
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }

  private static String slashes(Path p) {
    return p.toString().replace(p.getFileSystem().getSeparator(), "/");
  }

  /**
   * Reads a descriptor's name from a line of the old single manifest, which wrote a backslash and
   * every control character as {@code \\uXXXX}; null when {@code text} is not what it wrote.
   */
  static String unescapeOwner(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return null;
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (i + 6 > text.length() || text.charAt(i + 1) != 'u') {
        return null;
      }
      try {
        sb.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
      } catch (NumberFormatException e) {
        return null;
      }
      i += 5;
    }
    return sb.toString();
  }

  /** Splits the manifest into lines, decoded as UTF-8 strictly; a bad byte is reported at its line. */
  private static List<String> lines(Path file, byte[] bytes) throws FileProblem {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    String text;
    try {
      text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int line = 1;
      int start = 0;
      for (int i = 0; i <= bytes.length; i++) {
        if (i == bytes.length || bytes[i] == '\n') {
          try {
            decoder.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
          } catch (CharacterCodingException bad) {
            break;
          }
          line++;
          start = i + 1;
        }
      }
      throw problem(file, line, "expected UTF-8 text, found other bytes");
    }
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        lines.add(text.substring(start));
        break;
      }
      lines.add(text.substring(start, end));
      start = end + 1;
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
   * What a run records in a folder's manifests, and what it removes.
   *
   * @param recorded every path the manifests list after the run, with its owners: the run's own
   *     files, and the files of other apps and other target folders, which earlier runs wrote
   * @param stale files the manifests recorded in a folder the run rendered that no descriptor
   *     produces any longer: every owner was rendered by this run (or was deleted from a folder
   *     the run covers) and none produced it, or the owner is unknown and the run covers a folder
   * @param others for each file the run produces that other descriptors, not in this run, own
   *     too: those descriptors (a shared file, or a clash between two apps)
   * @param manifests the descriptors' manifests to write: each rendered descriptor's, and any
   *     other whose list of files changes (sorted by path)
   * @param obsolete the manifests to remove: those of descriptors that own no file any longer, and
   *     the old single manifest {@link #FILE}
   */
  public record Update(Map<String, List<String>> recorded, List<String> stale, Map<String, List<String>> others,
      List<OutputWriter.Entry> manifests, List<String> obsolete) {}

  /**
   * Works out a run's manifests and stale files from a folder's manifests, already read ({@link
   * #readState}). Only the files of the run's own descriptors are replaced or pruned; another
   * app's file stays as it is recorded, unless its descriptor is gone.
   *
   * @param state the folder's manifests
   * @param folders the folders (target ids) the run renders
   * @param produced the paths the run writes, below the folder, with the descriptors each was
   *     rendered from
   * @param handled tells whether the run speaks for a descriptor: it renders it, or the descriptor
   *     was in a folder the run covers and no longer exists
   * @param coversFolder whether the run covers a folder of descriptors, so that it may prune files
   *     whose owner is unknown (from a format 1 manifest)
   * @param rendered the descriptors the run renders: their manifests are always among {@link
   *     Update#manifests}, so that check and diff compare them
   * @param header gives the header lines (each ending in a newline) of a descriptor's manifest
   *     from the descriptor (null for {@link #UNKNOWN}) and the paths it lists
   */
  public static Update update(State state, Set<String> folders, Map<String, List<String>> produced,
      java.util.function.Predicate<String> handled, boolean coversFolder, Set<String> rendered,
      java.util.function.BiFunction<String, List<String>, String> header) {
    Map<String, List<String>> recorded = new LinkedHashMap<>(produced);
    Map<String, List<String>> others = new LinkedHashMap<>();
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, List<String>> old : state.owned().entrySet()) {
      String path = old.getKey();
      List<String> owners = old.getValue();
      List<String> remaining = new ArrayList<>();
      for (String owner : owners) {
        if (!handled.test(owner)) {
          remaining.add(owner);
        }
      }
      remaining = List.copyOf(remaining);
      if (!folders.contains(folderOf(path))) {
        recorded.put(path, owners); // another target's files, from another run: still procgen's.
      } else if (produced.containsKey(path)) {
        if (!remaining.isEmpty()) {
          others.put(path, remaining);
          Set<String> all = new TreeSet<>(produced.get(path));
          all.addAll(remaining);
          recorded.put(path, List.copyOf(all));
        }
      } else if (owners.isEmpty() ? coversFolder : remaining.isEmpty()) {
        stale.add(path);
      } else {
        recorded.put(path, owners.isEmpty() ? owners : remaining);
      }
    }
    // One manifest per owner, each listing that owner's files, sorted.
    Map<String, List<String>> byManifest = new TreeMap<>();
    Map<String, String> ownerOf = new HashMap<>();
    for (Map.Entry<String, List<String>> e : new TreeMap<>(recorded).entrySet()) {
      List<String> owners = e.getValue().isEmpty() ? java.util.Collections.singletonList(null) : e.getValue();
      for (String owner : owners) {
        String file = fileOf(owner);
        List<String> paths = byManifest.get(file);
        if (paths == null) {
          paths = new ArrayList<>();
          byManifest.put(file, paths);
        }
        paths.add(e.getKey());
        ownerOf.put(file, owner);
      }
    }
    List<OutputWriter.Entry> manifests = new ArrayList<>();
    for (Map.Entry<String, List<String>> m : byManifest.entrySet()) {
      String owner = ownerOf.get(m.getKey());
      StringBuilder text = new StringBuilder(header.apply(owner, m.getValue()))
          .append(FORMAT_PREFIX).append(OWNER_FORMAT).append('\n');
      for (String path : m.getValue()) {
        text.append(path).append('\n');
      }
      // Another descriptor's manifest is written only when the files it owns change (a file of an
      // unknown owner taken over, a deleted descriptor's file pruned): its text is not compared.
      if ((owner != null && rendered.contains(owner)) || !m.getValue().equals(state.listed().get(m.getKey()))) {
        manifests.add(new OutputWriter.Entry(m.getKey(), text.toString(), false));
      }
    }
    List<String> obsolete = new ArrayList<>();
    for (String file : state.listed().keySet()) {
      if (!byManifest.containsKey(file)) {
        obsolete.add(file);
      }
    }
    obsolete = List.copyOf(obsolete);
    return new Update(recorded, List.copyOf(stale), others, List.copyOf(manifests), obsolete);
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
    int segments = 0;
    int start = 0;
    for (int i = 0; i <= path.length(); i++) {
      char c = i < path.length() ? path.charAt(i) : '/';
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return false;
      }
      if (c == '/') {
        int length = i - start;
        if (length == 0 || (length == 1 && path.charAt(start) == '.')
            || (length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.')) {
          return false; // also a leading '/': an empty first segment
        }
        segments++;
        start = i + 1;
      }
    }
    return segments >= 2;
  }
}
