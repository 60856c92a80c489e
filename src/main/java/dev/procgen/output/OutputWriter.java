package dev.procgen.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Writes rendered files below an output directory; the only step besides the CLI that touches the
 * file system.
 *
 * <p>A run is all or nothing. First every file is checked, and nothing is changed: no path may
 * pass through a symbolic link below the output directory, no existing file may be replaced
 * unless procgen generated it (or the caller forces it), and every file to replace or remove is
 * read. Then every file is written in full to a temporary file in its own folder (flushed to the
 * disk), and every stale file is renamed to a temporary name beside it. Only then are the new
 * files renamed into place, the manifest last. If any step fails, everything is undone: the
 * replaced files come back (each was kept under a second name, a hard link or else a copy), the stale
 * files get their names back, and the temporary files and the folders this run created are
 * removed. A full disk, an unwritable folder or a file that cannot be read therefore leave the
 * folder exactly as it was. Modes are set explicitly (0755 for executables, 0644 otherwise), so
 * they do not depend on the umask.
 *
 * <p>The caller holds the folder's {@link OutputLock}, so that two runs never interleave.
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
   * What a run changed.
   *
   * @param written the files written, in the order given
   * @param removed stale files removed
   * @param kept stale files left in place because they no longer carry procgen's header, or are
   *     reached through a symbolic link: someone took them over by hand
   */
  public record Outcome(List<Path> written, List<Path> removed, List<Path> kept) {}

  /**
   * Writes every entry below {@code dir} and removes the stale files that procgen still owns, all
   * or nothing.
   *
   * @param dir the output folder, which exists (see {@link OutputLock#acquire})
   * @param entries the files to write, the manifest last
   * @param stale paths below {@code dir} that an earlier run wrote and this one no longer produces
   * @param generated tells whether an existing file's text is procgen's own output
   * @param force replace existing files even when {@code generated} says they are not procgen's
   * @throws UnsafeOutputException if a path goes through a symbolic link, or would replace a file
   *     that procgen did not generate; nothing is changed then
   * @throws FileProblem if a file cannot be read or written; nothing is changed then
   */
  public static Outcome write(Path dir, List<Entry> entries, List<String> stale, Predicate<String> generated, boolean force)
      throws UnsafeOutputException, FileProblem {
    List<String> problems = new ArrayList<>();
    List<Path> targets = new ArrayList<>();
    for (Entry entry : entries) {
      if (!Manifest.isSafe("x/" + entry.relativePath())) {
        problems.add(shown(dir, entry.relativePath()) + ": error: expected a path inside " + dir + ", found one outside it");
        continue;
      }
      Path target = dir.resolve(entry.relativePath());
      String problem = check(dir, target, generated, force);
      if (problem != null) {
        problems.add(problem);
      }
      targets.add(target);
    }
    List<Path> doomed = new ArrayList<>();
    List<Path> kept = new ArrayList<>();
    for (String path : stale) {
      Path file = dir.resolve(path);
      if (!Manifest.isSafe("x/" + path) || !exists(file)) {
        continue;
      }
      if (check(dir, file, text -> true, false) != null) {
        kept.add(file);
      } else if (generated.test(readText(file, "cannot read the stale file"))) {
        doomed.add(file);
      } else {
        kept.add(file);
      }
    }
    if (!problems.isEmpty()) {
      throw new UnsafeOutputException(problems);
    }
    new Transaction(dir).run(entries, targets, doomed);
    return new Outcome(targets.stream().map(OutputWriter::display).toList(),
        doomed.stream().map(OutputWriter::display).toList(), kept.stream().map(OutputWriter::display).toList());
  }

  /**
   * Fails unless {@code dir} is a folder (a symbolic link to one counts: the user named it) or does
   * not exist yet.
   *
   * @param what what procgen was about to do, for example {@code cannot write to}
   * @throws FileProblem naming {@code dir} and what is there instead
   */
  public static void requireFolder(Path dir, String what) throws FileProblem {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(dir, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new FileProblem(what, dir, e);
    }
    if (!a.isDirectory()) {
      throw new FileProblem(what, dir, "expected a folder, found a file");
    }
  }

  /** The journal of one run's changes, which undoes them all when a step fails. */
  private static final class Transaction {
    private final Path dir;
    private final List<Path> createdFolders = new ArrayList<>();
    /** Temporary files that exist now and go away on {@link #undo}. */
    private final java.util.Set<Path> temps = new java.util.LinkedHashSet<>();
    private long counter;
    /** Stale files renamed aside: their temporary name, by their own name. */
    private final Map<Path, Path> trashed = new LinkedHashMap<>();
    /** Files renamed into place: the second name of the file they replaced, or null for a new file. */
    private final Map<Path, Path> placed = new LinkedHashMap<>();
    private final List<Path> backups = new ArrayList<>();

    Transaction(Path dir) {
      this.dir = dir;
    }

    void run(List<Entry> entries, List<Path> targets, List<Path> doomed) throws FileProblem {
      List<Path> staged = new ArrayList<>();
      try {
        for (int i = 0; i < entries.size(); i++) {
          Path target = targets.get(i);
          Folders.create(target.getParent(), dir, createdFolders);
          staged.add(writeTemp(target, entries.get(i)));
        }
        List<Path> kept = new ArrayList<>();
        for (Path target : targets) {
          kept.add(exists(target) ? secondName(target) : null);
        }
        for (Path file : doomed) {
          Path aside = temporaryName(file, ".removed");
          move(file, aside, "cannot remove");
          trashed.put(file, aside);
        }
        for (int i = 0; i < entries.size(); i++) {
          move(staged.get(i), targets.get(i), "cannot replace");
          placed.put(targets.get(i), kept.get(i));
        }
      } catch (FileProblem e) {
        undo();
        throw e;
      }
      // Done: nothing below can leave the folder half-changed, so failures only leave litter.
      for (Path backup : backups) {
        deleteQuietly(backup);
      }
      for (Map.Entry<Path, Path> t : trashed.entrySet()) {
        deleteQuietly(t.getValue());
        removeEmptyParents(t.getKey());
      }
    }

    private Path writeTemp(Path target, Entry entry) throws FileProblem {
      Path temp = temporaryName(target, ".tmp");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS)) {
        temps.add(temp);
        ByteBuffer bytes = ByteBuffer.wrap(entry.content().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        // A disk that fills up may say so only when the data reaches it.
        channel.force(true);
      } catch (IOException e) {
        throw new FileProblem("cannot write", display(target), e);
      }
      try {
        PosixFileAttributeView posix = Files.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (posix != null) {
          posix.setPermissions(PosixFilePermissions.fromString(entry.permissions()));
        }
      } catch (IOException e) {
        throw new FileProblem("cannot set the mode of", display(target), e);
      }
      return temp;
    }

    /**
     * Gives {@code target}'s current file a second name, so that {@link #undo} can bring it back: a
     * hard link, or a copy where the file system or {@code fs.protected_hardlinks} refuses one (a
     * file another account owns). A restored copy belongs to the account that ran procgen.
     */
    private Path secondName(Path target) throws FileProblem {
      Path backup = temporaryName(target, ".old");
      try {
        Files.createLink(backup, target);
      } catch (UnsupportedOperationException | IOException e) {
        try {
          Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException copy) {
          deleteQuietly(backup);
          throw new FileProblem("cannot keep a copy of", display(target), copy);
        }
      }
      backups.add(backup);
      return backup;
    }

    private Path temporaryName(Path target, String suffix) {
      return target.resolveSibling("." + target.getFileName() + "." + Long.toUnsignedString(System.nanoTime(), 36)
          + Long.toString(counter++, 36) + suffix);
    }

    private void move(Path from, Path to, String what) throws FileProblem {
      try {
        try {
          Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new FileProblem(what, display(what.equals("cannot remove") ? from : to), e);
      }
      temps.remove(from);
    }

    /** Undoes every change so far, in reverse; what cannot be undone is left for the user to see. */
    private void undo() {
      List<Path> order = new ArrayList<>(placed.keySet());
      for (int i = order.size() - 1; i >= 0; i--) {
        Path target = order.get(i);
        Path backup = placed.get(target);
        try {
          if (backup != null) {
            Files.move(backup, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            backups.remove(backup);
          } else {
            Files.deleteIfExists(target);
          }
        } catch (IOException e) {
          // best effort: the rest is still undone
        }
      }
      for (Map.Entry<Path, Path> t : trashed.entrySet()) {
        try {
          Files.move(t.getValue(), t.getKey(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          // best effort
        }
      }
      temps.forEach(OutputWriter::deleteQuietly);
      backups.forEach(OutputWriter::deleteQuietly);
      Folders.removeEmpty(createdFolders);
    }

    /** Removes the folders below {@code dir} that removing {@code file} left empty. */
    private void removeEmptyParents(Path file) {
      for (Path parent = file.getParent(); parent != null && !parent.equals(dir) && parent.startsWith(dir);
          parent = parent.getParent()) {
        try {
          Files.delete(parent);
        } catch (IOException e) {
          return; // not empty, or not ours to remove
        }
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // litter at worst: a hidden temporary file
    }
  }

  private static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }

  /** The path as listings and messages show it: normalized, so that {@code --out .} lists {@code upstart/x}. */
  private static Path display(Path p) {
    Path n = p.normalize();
    return n.toString().isEmpty() ? p : n;
  }

  private static String shown(Path dir, String relative) {
    return FileProblem.shown(dir) + "/" + relative;
  }

  /** Reads a file that exists as strict UTF-8. */
  private static String readText(Path file, String what) throws FileProblem {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new FileProblem(what, display(file), e);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new FileProblem(what, display(file), "expected UTF-8 text, found other bytes"
          + (what.contains("stale") ? " (procgen wrote this file, no longer produces it, and cannot tell whether it is"
              + " still its own; remove it or restore it)" : ""));
    }
  }

  /** Returns why {@code target} may not be written, or null when it may. */
  private static String check(Path dir, Path target, Predicate<String> generated, boolean force) throws FileProblem {
    Path relative = dir.relativize(target);
    Path current = dir;
    for (Path part : relative) {
      current = current.resolve(part);
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException e) {
        throw new FileProblem("cannot read", display(current), e);
      }
      if (a.isSymbolicLink()) {
        return display(current) + ": error: expected a real file or folder below " + dir
            + ", found a symbolic link; procgen never writes through one";
      }
      if (!current.equals(target) && !a.isDirectory()) {
        return display(current) + ": error: expected a folder, found a file";
      }
    }
    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return display(target) + ": error: expected a regular file to replace, found something else";
    }
    if (force) {
      return null;
    }
    String text;
    try {
      text = readText(target, "cannot read");
    } catch (FileProblem e) {
      if (e.getCause() != null) {
        throw e;
      }
      text = ""; // not UTF-8: not procgen's, so refused below like any hand-written file
    }
    if (!generated.test(text)) {
      return display(target) + ": error: expected a file procgen generated (with its 'Generated by procgen' header), "
          + "found one it did not; it is left untouched (use --force to replace it)";
    }
    return null;
  }
}
