package dev.procgen.output;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Creates folders one at a time, remembering which, so that a failed run can remove them again. */
final class Folders {
  private Folders() {}

  /**
   * Creates {@code folder} and its missing parents, and appends each one created, outermost first,
   * to {@code created}.
   *
   * @param shown the output folder as the user named it, for messages
   * @throws FileProblem if a part of the path is a file, or a folder cannot be created
   */
  static void create(Path folder, Path shown, List<Path> created) throws FileProblem {
    Deque<Path> missing = new ArrayDeque<>();
    Path p = folder;
    while (p != null) {
      BasicFileAttributes a = attributes(p);
      if (a != null) {
        if (!a.isDirectory()) {
          throw new FileProblem("cannot write to", shown, p.equals(folder)
              ? "expected a folder, found a file"
              : "expected a folder, found a file at " + FileProblem.shown(p));
        }
        break;
      }
      missing.push(p);
      p = p.getParent();
      if (p == null && !folder.isAbsolute()) {
        break; // the working directory exists
      }
    }
    for (Path m : missing) {
      try {
        Files.createDirectory(m);
        created.add(m);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(m)) {
          throw new FileProblem("cannot create the folder", m, "a file of that name exists");
        }
      } catch (IOException e) {
        throw new FileProblem("cannot create the folder", m, e);
      }
    }
  }

  /** Returns {@code p}'s attributes, following a symbolic link, or null when nothing is there. */
  private static BasicFileAttributes attributes(Path p) throws FileProblem {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      try {
        // A dangling symbolic link: creating the folder would fail with "file exists".
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException again) {
        return null;
      }
    } catch (IOException e) {
      throw new FileProblem("cannot read", p, e);
    }
  }

  /** Removes the folders in {@code created}, innermost first, each only if it is empty. */
  static void removeEmpty(List<Path> created) {
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(created.get(i));
      } catch (DirectoryNotEmptyException e) {
        return; // another run writes here now, or the user does
      } catch (IOException e) {
        return;
      }
    }
  }
}
