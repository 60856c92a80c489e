package dev.procgen.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The lock that serializes the runs that write one output folder: an exclusive {@code fcntl(2)}
 * lock ({@link FileChannel#tryLock()}) on {@code DIR/.procgen-lock}, held from before the run
 * reads the folder's manifest until after it has written the new one.
 *
 * <p>The lock file exists only while a run holds it: the holder removes it when it is done, so a
 * run, failed or not, leaves no lock file behind. A run that opened the file before its removal
 * would otherwise lock a file no longer in the folder; so the holder first writes one byte into it,
 * and a run that finds that byte, or no file at the name, after it took the lock lets go and opens
 * the file anew. On a full disk, where the byte cannot be written, the file is removed all the
 * same.
 *
 * <p>The output folder is created here when it does not exist (with any missing parents), and
 * removed again on {@link #close()} unless the run {@linkplain #commit() committed}.
 */
public final class OutputLock implements AutoCloseable {
  /** The lock file's name inside the output folder. */
  public static final String FILE = ".procgen-lock";
  /** How long {@link #acquire(Path)} waits for another run. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  private static final long POLL_MILLIS = 50;

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final List<Path> created;
  private boolean committed;

  private OutputLock(Path file, FileChannel channel, FileLock lock, List<Path> created) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.created = created;
  }

  /** Takes {@code dir}'s lock, waiting up to {@link #WAIT}. */
  public static OutputLock acquire(Path dir) throws FileProblem {
    return acquire(dir, WAIT);
  }

  /**
   * Takes {@code dir}'s lock, creating {@code dir} if needed.
   *
   * @param wait how long to wait for another run to let go
   * @throws FileProblem if {@code dir} is not a folder, cannot be created or written, or another
   *     run holds the lock longer than {@code wait}
   */
  public static OutputLock acquire(Path dir, Duration wait) throws FileProblem {
    List<Path> created = new ArrayList<>();
    Path file = dir.resolve(FILE);
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        Folders.create(dir, dir, created);
        FileChannel channel;
        try {
          channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
              StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue; // the folder went away with the run that created it: create it again.
        } catch (IOException e) {
          throw new FileProblem("cannot write to", dir, e);
        }
        FileLock lock = null;
        try {
          lock = tryLock(channel);
          while (lock == null && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            lock = tryLock(channel);
          }
          if (lock == null) {
            channel.close();
            throw new FileProblem("cannot lock", file, "another procgen run holds it (waited "
                + wait.toSeconds() + " s)");
          }
          if (channel.size() == 0 && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new OutputLock(file, channel, lock, created);
          }
          // The previous holder removed this file after us opening it: open the folder's one anew.
          lock.release();
          channel.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          channel.close();
          throw new FileProblem("cannot lock", file, "interrupted while waiting for another procgen run");
        } catch (IOException e) {
          channel.close();
          throw e instanceof FileProblem fp ? fp : new FileProblem("cannot lock", file, e);
        }
      }
    } catch (IOException e) {
      Folders.removeEmpty(created);
      throw e instanceof FileProblem fp ? fp : new FileProblem("cannot lock", file, e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // another thread of this JVM holds it
    }
  }

  /** Keeps the folders this lock created when it is released: the run succeeded. */
  public void commit() {
    committed = true;
  }

  /**
   * Removes the lock file and lets go; unless the run committed, also removes the output folder
   * and its parents if this lock created them and they are empty.
   */
  @Override
  public void close() throws FileProblem {
    try {
      try {
        try {
          channel.write(ByteBuffer.wrap(new byte[] {'x'}), 0);
        } catch (IOException e) {
          // A full disk has no block for the byte. The file goes all the same: a lock file left
          // behind, and the folder it keeps from being removed, would change DIR for good. A
          // waiter that opened it before finds it gone (see acquire); only one that another run
          // beat to a new file could then overlap, and only on that full disk.
        }
        Files.deleteIfExists(file);
      } finally {
        lock.release();
        channel.close();
      }
    } catch (IOException e) {
      throw new FileProblem("cannot remove the lock file", file, e);
    } finally {
      if (!committed) {
        Folders.removeEmpty(created);
      }
    }
  }
}
