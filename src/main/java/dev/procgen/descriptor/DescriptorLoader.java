package dev.procgen.descriptor;

import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.App;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads descriptor files and turns them into apps, collecting every problem across all files:
 * {@link #loadOne} for each file (several may load at once), then {@link #combine}.
 */
public final class DescriptorLoader {
  private DescriptorLoader() {}

  /**
   * What one descriptor gave: its app, or the problems that kept it from being one.
   *
   * @param app the app, or null when {@code problems} is not empty
   * @param problems every problem of the file, in the order of its text
   */
  public record Loaded(App app, List<Diagnostic> problems) {}

  /**
   * Reads and validates one descriptor, on its own: it touches no state that another descriptor's
   * load shares, so several may load at once.
   *
   * @param file the descriptor; named in messages exactly as given
   * @param source how generated files name this descriptor
   */
  public static Loaded loadOne(Path file, String source) {
    String name = file.toString();
    try {
      return new Loaded(DescriptorValidator.load(name, source, read(file)), List.of());
    } catch (DescriptorException e) {
      return new Loaded(null, e.diagnostics());
    } catch (NoSuchFileException e) {
      return new Loaded(null, List.of(Diagnostic.ofFile(name, "cannot read the descriptor: no such file")));
    } catch (IOException e) {
      return new Loaded(null, List.of(Diagnostic.ofFile(name, "cannot read the descriptor: " + reason(e))));
    }
  }

  /**
   * Returns the apps of descriptors loaded one by one ({@link #loadOne}), in order, after checking
   * that no two share a name.
   *
   * @throws DescriptorException with every file's problems, in the files' order, each app that
   *     reuses an earlier app's name reported where its own problems would be
   */
  public static List<App> combine(List<Loaded> loaded) throws DescriptorException {
    List<App> apps = new ArrayList<>();
    // Earlier apps by name, so that a run of many descriptors finds duplicates without comparing every pair.
    Map<String, List<App>> byName = new HashMap<>();
    List<Diagnostic> problems = new ArrayList<>();
    for (Loaded one : loaded) {
      if (one.app() == null) {
        problems.addAll(one.problems());
        continue;
      }
      App app = one.app();
      for (App other : byName.getOrDefault(app.name(), List.of())) {
        problems.add(Diagnostic.at(app.origin(), "app", "app: expected a name no other descriptor of this run uses, found '"
            + app.name() + "', which " + other.origin().file() + " uses too"));
      }
      apps.add(app);
      List<App> named = byName.get(app.name());
      if (named == null) {
        named = new ArrayList<>();
        byName.put(app.name(), named);
      }
      named.add(app);
    }
    if (!problems.isEmpty()) {
      throw new DescriptorException(problems);
    }
    return apps;
  }

  /** Why a descriptor could not be read, without the path (Java's messages often are the path alone). */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    String why = e instanceof java.nio.file.FileSystemException fse ? fse.getReason() : e.getMessage();
    if (why == null || why.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return Character.toLowerCase(why.charAt(0)) + why.substring(1);
  }

  private static String read(Path file) throws IOException, DescriptorException {
    if (Files.isDirectory(file)) {
      throw new DescriptorException(List.of(Diagnostic.ofFile(file.toString(), "cannot read the descriptor: it is a directory")));
    }
    long size = Files.size(file);
    if (size > DescriptorParser.MAX_BYTES) {
      throw new DescriptorException(List.of(Diagnostic.ofFile(file.toString(),
          "expected a descriptor of at most " + DescriptorParser.MAX_BYTES + " bytes, found " + size + " bytes")));
    }
    return decode(file.toString(), Files.readAllBytes(file));
  }

  /**
   * Decodes a descriptor's bytes as UTF-8 (RFC 3629, which also excludes encoded surrogates and
   * overlong forms, as Java's strict decoder does).
   *
   * @throws DescriptorException at the line and column (in code points, from 1) of the first byte
   *     that is not UTF-8, with that line shown where each such byte reads as U+FFFD
   */
  static String decode(String name, byte[] bytes) throws DescriptorException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      decoder.flush(out);
      return out.flip().toString();
    }
    int bad = in.position();
    int lineStart = bad;
    while (lineStart > 0 && bytes[lineStart - 1] != '\n') {
      lineStart--;
    }
    int lineEnd = bad;
    while (lineEnd < bytes.length && bytes[lineEnd] != '\n') {
      lineEnd++;
    }
    int line = 1;
    for (int i = 0; i < lineStart; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    String before = new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8);
    String shown = new String(bytes, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
    if (shown.endsWith("\r")) {
      shown = shown.substring(0, shown.length() - 1);
    }
    StringBuilder found = new StringBuilder();
    for (int i = bad; i < bad + result.length(); i++) {
      found.append(found.length() == 0 ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xff));
    }
    // Columns count characters (code points), as SnakeYAML's marks do everywhere else.
    throw new DescriptorException(List.of(new Diagnostic(name, line, before.codePointCount(0, before.length()) + 1,
        "cannot read the descriptor: expected UTF-8 text, found " + (result.length() == 1 ? "the byte " : "the bytes ")
            + found + (result.length() == 1 ? ", which is" : ", which are") + " not UTF-8 (save the file as UTF-8)",
        shown)));
  }
}
