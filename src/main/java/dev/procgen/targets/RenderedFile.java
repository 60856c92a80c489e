package dev.procgen.targets;

import java.util.List;
import java.util.Objects;

/**
 * One file a target renders: its path below the target's folder, its exact text and its mode.
 *
 * @param path a relative path with {@code /} separators and no {@code .} or {@code ..} segment,
 *     for example {@code django-project.conf} or {@code conf.d/chat.conf}
 * @param content the file's text: {@code \n} line endings, ending in exactly one newline
 * @param executable true for run scripts and boot hooks (mode 0755), false otherwise (0644)
 * @param sources the descriptors the file was rendered from, as {@link
 *     dev.procgen.model.Origin#source} names them
 * @param shared true for a file that every app of the run shares (supervisord's main
 *     configuration): its text depends only on what those apps have in common, and its header
 *     names none of them, so that adding or removing an app leaves its bytes alone
 */
public record RenderedFile(String path, String content, boolean executable, List<String> sources, boolean shared) {

  /** A file of the apps in {@code sources} alone, not shared with others. */
  public RenderedFile(String path, String content, boolean executable, List<String> sources) {
    this(path, content, executable, sources, false);
  }

  /** Checks the path's shape and the single trailing newline; throws IllegalArgumentException. */
  public RenderedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
    sources = List.copyOf(sources);
    if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException("not a relative file path: " + path);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("not a normalized relative path: " + path);
      }
    }
    if (!content.endsWith("\n") || content.endsWith("\n\n")) {
      throw new IllegalArgumentException("rendered text must end in exactly one newline: " + path);
    }
  }
}
