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
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.DirectoryStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Writes rendered files below an output directory; the only step besides the CLI that touches the
 * file system.
 *
 * <p>A run is all or nothing. Files arrive one at a time ({@link Staging#add}, from several
 * threads at once), and each is checked as it arrives: no path may pass through a symbolic link
 * below the output directory, and no existing file may be replaced unless procgen generated it (or
 * the caller forces it). A file whose bytes and mode are already what the run would write is left
 * alone; any other is written in full to a temporary file in its own folder. Nothing the user
 * sees changes until {@link Staging#commit}: it refuses the run if any file was refused, renames every
 * stale file to a temporary name beside it, and then renames the new files into place, the
 * manifests last. If any step fails, or the run ends without a commit, everything is undone: the
 * replaced files come back (each was kept under a second name, a hard link or else a copy), the
 * stale files get their names back, and the temporary files and the folders this run created are
 * removed. A full disk, an unwritable folder or a file that cannot be read therefore leave the
 * folder exactly as it was. Modes are set explicitly (0755 for executables, 0644 otherwise), so
 * they do not depend on the umask.
 *
 * <p>Files are not flushed to the disk one by one ({@code fsync}): like the working tree that
 * {@code git checkout} writes, the output can be rendered again from the descriptors at any time,
 * and a flush per file made a run of 16,000 files several times slower. Errors that the kernel
 * reports when the data is written (a full disk: ext4, XFS, Btrfs and tmpfs reserve the blocks at
 * {@code write(2)}) or closed (NFS) still undo the run.
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
   * or nothing: {@link #stage}, {@link Staging#add} for each entry, then {@link Staging#commit}.
   *
   * @param dir the output folder, which exists (see {@link OutputLock#acquire})
   * @param entries the files to write, the manifests last
   * @param stale paths below {@code dir} that an earlier run wrote and this one no longer produces
   * @param generated tells whether an existing file's text is procgen's own output
   * @param force replace existing files even if {@code generated} says they are not procgen's
   * @throws UnsafeOutputException if a path goes through a symbolic link, or would replace a file
   *     that procgen did not generate; nothing is changed then
   * @throws FileProblem if a file cannot be read or written; nothing is changed then
   */
  public static Outcome write(Path dir, List<Entry> entries, List<String> stale, Predicate<String> generated, boolean force)
      throws UnsafeOutputException, FileProblem {
    try (Staging staging = stage(dir, generated, force)) {
      for (Entry entry : entries) {
        staging.add(entry);
      }
      List<String> order = new ArrayList<>(entries.size());
      for (Entry entry : entries) {
        order.add(entry.relativePath());
      }
      return staging.commit(order, stale);
    }
  }

  /**
   * Starts a run that writes below {@code dir}; close it to undo everything it did unless it was
   * committed.
   *
   * @param dir the output folder, which exists (see {@link OutputLock#acquire})
   * @param generated tells whether an existing file's text is procgen's own output
   * @param force replace existing files even if {@code generated} says they are not procgen's
   */
  public static Staging stage(Path dir, Predicate<String> generated, boolean force) {
    return new Staging(dir, generated, force);
  }

  /** One run's files on their way into the output folder; see {@link OutputWriter}. */
  public static final class Staging implements AutoCloseable {
    private final Path dir;
    private final Predicate<String> generated;
    private final boolean force;
    private final Transaction transaction;
    /** Each file taken so far, by its path below the folder. */
    private final Map<String, Staged> staged = new ConcurrentHashMap<>();
    /** Why a file was refused, by its path below the folder. */
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    /** Folders below {@code dir} found to be real folders, not symbolic links. */
    private final Set<Path> realFolders = ConcurrentHashMap.newKeySet();
    /** Folders that may not be listed. */
    private final Set<Path> unlistable = ConcurrentHashMap.newKeySet();
    /** The names each folder held before this run, read once per folder; empty for a folder that did not exist. */
    private final Map<Path, Set<String>> listings = new ConcurrentHashMap<>();
    private boolean finished;

    private Staging(Path dir, Predicate<String> generated, boolean force) {
      this.dir = dir;
      this.generated = generated;
      this.force = force;
      this.transaction = new Transaction(dir);
    }

    /**
     * Takes one file of the run: checks it, and writes it to a temporary file unless the folder
     * already holds exactly these bytes with this mode. Several threads may call it at once.
     *
     * @throws FileProblem if a file or folder cannot be read or written; the caller then closes
     *     this staging, which undoes what it did
     */
    public void add(Entry entry) throws FileProblem {
      String path = entry.relativePath();
      if (!Manifest.isSafe("x/" + path)) {
        problems.put(path, shown(dir, path) + ": error: expected a path inside " + dir + ", found one outside it");
        return;
      }
      Path target = dir.resolve(path);
      byte[] bytes = entry.content().getBytes(StandardCharsets.UTF_8);
      Existing existing = inspect(target, bytes);
      if (existing.problem() != null) {
        problems.put(path, existing.problem());
        return;
      }
      if (existing.bytes() != null && Arrays.equals(existing.bytes(), bytes) && existing.mode().equals(entry.permissions())) {
        staged.put(path, new Staged(target, null, true));
        return;
      }
      staged.put(path, new Staged(target, transaction.writeTemp(target, bytes, entry.permissions()), existing.bytes() != null));
    }

    /**
     * Puts every file taken into place and removes the stale files that procgen still owns.
     *
     * @param order every path taken, in the order of the run: the files are renamed into place
     *     in this order (the manifests last) and {@link Outcome#written} lists them so
     * @param stale paths below the folder that an earlier run wrote and this one no longer produces
     * @throws UnsafeOutputException if a file was refused; nothing is changed then
     * @throws FileProblem if a file cannot be read, renamed or removed; nothing is changed then
     */
    public Outcome commit(List<String> order, List<String> stale) throws UnsafeOutputException, FileProblem {
      List<String> refused = new ArrayList<>();
      for (String path : order) {
        String problem = problems.get(path);
        if (problem != null) {
          refused.add(problem);
        }
      }
      if (refused.size() != problems.size()) {
        throw new IllegalArgumentException("the order does not list every file taken");
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
      if (!refused.isEmpty()) {
        throw new UnsafeOutputException(refused);
      }
      List<Staged> files = new ArrayList<>();
      for (String path : order) {
        Staged s = staged.get(path);
        if (s == null) {
          throw new IllegalArgumentException("not taken: " + path);
        }
        files.add(s);
      }
      transaction.finish(files, doomed);
      finished = true;
      List<Path> written = new ArrayList<>(files.size());
      for (Staged f : files) {
        written.add(display(f.target()));
      }
      return new Outcome(List.copyOf(written), displayed(doomed), displayed(kept));
    }

    /** Undoes everything this run did unless it was committed. */
    @Override
    public void close() {
      if (!finished) {
        finished = true;
        transaction.undo();
      }
    }

    /**
     * Returns why {@code target} may not be written, or what it holds now: no bytes for a file
     * that does not exist. Only a name its folder's listing holds is read. A file that holds
     * exactly {@code wanted}, procgen's own text, needs no look for procgen's header.
     */
    private Existing inspect(Path target, byte[] wanted) throws FileProblem {
      Path current = dir;
      for (Path part : dir.relativize(target.getParent())) {
        current = current.resolve(part);
        if (realFolders.contains(current)) {
          continue;
        }
        BasicFileAttributes a = attributesOrNull(current);
        if (a == null) {
          return Existing.NONE; // the folder is new, so is the file
        }
        if (a.isSymbolicLink()) {
          return Existing.refused(throughLink(dir, current));
        }
        if (!a.isDirectory()) {
          return Existing.refused(display(current) + ": error: expected a folder, found a file");
        }
        realFolders.add(current);
      }
      Set<String> names = listing(target.getParent());
      if (names != null && !names.contains(target.getFileName().toString())) {
        return Existing.NONE;
      }
      Modes.Stat a;
      try {
        a = Modes.lstat(target);
      } catch (NoSuchFileException e) {
        return Existing.NONE;
      } catch (IOException e) {
        throw new FileProblem("cannot read", display(target), e);
      }
      if (a.isSymbolicLink()) {
        return Existing.refused(throughLink(dir, target));
      }
      if (!a.isRegularFile()) {
        return Existing.refused(display(target) + ": error: expected a regular file to replace, found something else");
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(target);
      } catch (IOException e) {
        throw new FileProblem("cannot read", display(target), e);
      }
      // A file that is not UTF-8 is not procgen's, so it is refused like any hand-written file.
      if (!force && !Arrays.equals(bytes, wanted) && !generated.test(strictUtf8(bytes).orElse(""))) {
        return Existing.refused(display(target) + ": error: expected a file procgen generated (with its 'Generated by "
            + "procgen' header), found one it did not; it is left untouched (use --force to replace it)");
      }
      return new Existing(bytes, a.mode(), null);
    }

    /**
     * The names in {@code folder} when this run first looked, read once; null for a folder that
     * may be written but not listed (mode 0300), whose files are then looked up one by one.
     */
    private Set<String> listing(Path folder) throws FileProblem {
      if (unlistable.contains(folder)) {
        return null;
      }
      Set<String> names = listings.get(folder);
      if (names != null) {
        return names;
      }
      Set<String> found = new HashSet<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        for (Path p : entries) {
          found.add(p.getFileName().toString());
        }
      } catch (NoSuchFileException e) {
        // created by another file of this run a moment ago: it held nothing before
      } catch (java.nio.file.AccessDeniedException e) {
        unlistable.add(folder);
        return null;
      } catch (IOException e) {
        throw new FileProblem("cannot read", display(folder), e);
      } catch (java.nio.file.DirectoryIteratorException e) {
        throw new FileProblem("cannot read", display(folder), e.getCause());
      }
      Set<String> before = listings.putIfAbsent(folder, found);
      return before != null ? before : found;
    }
  }

  /**
   * What a path holds before the run: its bytes (null for nothing) and mode (as {@link
   * Modes#lstat} gives it, empty without POSIX modes), or why it may not be written.
   */
  private record Existing(byte[] bytes, String mode, String problem) {
    static final Existing NONE = new Existing(null, "", null);

    static Existing refused(String problem) {
      return new Existing(null, "", problem);
    }
  }

  /**
   * One file taken for the run.
   *
   * @param target where it goes
   * @param temp the temporary file with its new text, or null when the file holds that already
   * @param replaces whether a file is there now, which the run replaces
   */
  private record Staged(Path target, Path temp, boolean replaces) {}

  private static BasicFileAttributes attributesOrNull(Path p) throws FileProblem {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new FileProblem("cannot read", display(p), e);
    }
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

  /**
   * The journal of one run's changes, which undoes them all when a step fails. Temporary files
   * and folders may be created from several threads at once; the rest runs on one.
   */
  private static final class Transaction {
    private final Path dir;
    /** Folders this run created, outermost first; guarded by itself. */
    private final List<Path> createdFolders = new ArrayList<>();
    /** Folders known to exist, created by this run or found. */
    private final Set<Path> folders = ConcurrentHashMap.newKeySet();
    /** Temporary files that exist now and go away on {@link #undo}. */
    private final Set<Path> temps = ConcurrentHashMap.newKeySet();
    private final AtomicLong counter = new AtomicLong();
    /** Whether the umask leaves each mode whole, by mode; see {@link #umaskKeeps}. */
    private final Map<String, Boolean> umaskKeeps = new ConcurrentHashMap<>();
    /** Stale files renamed aside: their temporary name, by their own name. */
    private final Map<Path, Path> trashed = new LinkedHashMap<>();
    /** Files renamed into place: the second name of the file they replaced, or null for a new file. */
    private final Map<Path, Path> placed = new LinkedHashMap<>();
    private final List<Path> backups = new ArrayList<>();

    Transaction(Path dir) {
      this.dir = dir;
    }

    /**
     * Renames the staged files into place in order, after the stale files are renamed aside; undoes
     * everything if a step fails.
     */
    void finish(List<Staged> files, List<Path> doomed) throws FileProblem {
      try {
        List<Path> kept = new ArrayList<>();
        for (Staged file : files) {
          kept.add(file.temp() != null && file.replaces() && exists(file.target()) ? secondName(file.target()) : null);
        }
        for (Path file : doomed) {
          Path aside = temporaryName(file, ".removed");
          move(file, aside, "cannot remove");
          trashed.put(file, aside);
        }
        for (int i = 0; i < files.size(); i++) {
          Staged file = files.get(i);
          if (file.temp() != null) {
            move(file.temp(), file.target(), "cannot replace");
            placed.put(file.target(), kept.get(i));
          }
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

    /**
     * Writes {@code bytes} to a new temporary file beside {@code target}, with the mode {@code
     * permissions}, and returns it. A hidden temporary name even in a folder this run created: a
     * run killed before its commit (which nothing can undo) leaves no file under a real name.
     */
    Path writeTemp(Path target, byte[] bytes, String permissions) throws FileProblem {
      Path folder = target.getParent();
      if (!folders.contains(folder)) {
        synchronized (createdFolders) {
          Folders.create(folder, dir, createdFolders);
        }
        folders.add(folder);
      }
      Path temp = temporaryName(target, ".tmp");
      boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
      Set<PosixFilePermission> mode = PosixFilePermissions.fromString(permissions);
      // Created with its mode, which the umask may narrow: then it is set again below.
      FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
          : new FileAttribute<?>[0];
      try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS), attributes)) {
        temps.add(temp);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      } catch (IOException e) {
        throw new FileProblem("cannot write", display(target), e);
      }
      if (posix && !umaskKeeps(permissions, temp)) {
        try {
          Files.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(mode);
        } catch (IOException e) {
          throw new FileProblem("cannot set the mode of", display(target), e);
        }
      }
      return temp;
    }

    /**
     * Returns whether the process's umask leaves the mode {@code permissions} whole, found once per
     * mode from the first file created with it ({@code temp}); the umask is the same for the
     * whole process.
     */
    private boolean umaskKeeps(String permissions, Path temp) throws FileProblem {
      Boolean keeps = umaskKeeps.get(permissions);
      if (keeps == null) {
        try {
          keeps = PosixFilePermissions.toString(Files.getPosixFilePermissions(temp, LinkOption.NOFOLLOW_LINKS))
              .equals(permissions);
        } catch (IOException e) {
          throw new FileProblem("cannot read the mode of", display(temp), e);
        }
        umaskKeeps.putIfAbsent(permissions, keeps);
      }
      return keeps;
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
          + Long.toString(counter.getAndIncrement(), 36) + suffix);
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
    void undo() {
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
      for (Path temp : temps) {
        deleteQuietly(temp);
      }
      for (Path backup : backups) {
        deleteQuietly(backup);
      }
      synchronized (createdFolders) {
        Folders.removeEmpty(createdFolders);
      }
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

  /** Each path as {@link #display} shows it, in order. */
  private static List<Path> displayed(List<Path> paths) {
    List<Path> shown = new ArrayList<>(paths.size());
    for (Path p : paths) {
      shown.add(display(p));
    }
    return List.copyOf(shown);
  }

  /** The path as listings and messages show it: normalized, so that {@code --out .} lists {@code upstart/x}. */
  private static Path display(Path p) {
    Path n = p.normalize();
    return n.toString().isEmpty() ? p : n;
  }

  private static String shown(Path dir, String relative) {
    return FileProblem.shown(dir) + "/" + relative;
  }

  /** The message that refuses a path below {@code dir} that is a symbolic link. */
  private static String throughLink(Path dir, Path link) {
    return display(link) + ": error: expected a real file or folder below " + dir
        + ", found a symbolic link; procgen never writes through one";
  }

  /** Decodes {@code bytes} as strict UTF-8 (RFC 3629), or returns empty when they are not UTF-8. */
  private static java.util.Optional<String> strictUtf8(byte[] bytes) {
    try {
      return java.util.Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      return java.util.Optional.empty();
    }
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
        return throughLink(dir, current);
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
      text = strictUtf8(Files.readAllBytes(target)).orElse(""); // not UTF-8: not procgen's, refused below
    } catch (IOException e) {
      throw new FileProblem("cannot read", display(target), e);
    }
    if (!generated.test(text)) {
      return display(target) + ": error: expected a file procgen generated (with its 'Generated by procgen' header), "
          + "found one it did not; it is left untouched (use --force to replace it)";
    }
    return null;
  }
}
