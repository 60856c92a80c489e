package dev.procgen.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A descriptor's manifest file name: its folders mirror the descriptor's, and two names never share one. */
class ManifestNameTest {
  private static final List<String> NAMES = List.of(
      "deploy/app.yaml", "app.yaml", "/srv/deploy/app.yaml", "srv/deploy/app.yaml", "%2Fsrv/deploy/app.yaml",
      "../deploy/app.yaml", "%2E%2E/deploy/app.yaml", "./app.yaml", "%2E/app.yaml", "deploy//app.yaml",
      "deploy/%2Fapp.yaml", "deploy/.hidden.yaml", "deploy/%2Ehidden.yaml", "deploy/app.yaml/", "x.files/a.yaml",
      "x%2Efiles/a.yaml", "x", "x.files", "a\\b.yaml", "a%5Cb.yaml", "ta\tb.yaml", "ta%09b.yaml", "caf\u00e9.yaml",
      "caf%C3%A9.yaml", "100%.yaml", "%unknown", "/", "//", ".", "..");

  @Test
  void everyNameGetsItsOwnFileAndComesBack() {
    Map<String, String> seen = new HashMap<>();
    for (String name : NAMES) {
      String file = Manifest.fileOf(name);
      String previous = seen.put(file, name);
      assertEquals(null, previous, name + " and " + previous + " share " + file);
      assertNotEquals(Manifest.FOLDER + "/" + Manifest.UNKNOWN, file, name);
      String escaped = Manifest.escapeName(name);
      assertEquals(name, Manifest.unescapeName(escaped), escaped);
      for (String segment : file.split("/", -1)) {
        assertFalse(segment.isEmpty() || segment.equals("..") || segment.equals("."), file);
        assertTrue(segment.equals(".procgen") || !segment.startsWith("."), file);
        assertTrue(segment.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '\\'), file);
      }
      // No folder of one manifest is another's manifest file.
      String[] segments = file.split("/");
      for (int i = 0; i < segments.length - 1; i++) {
        assertFalse(segments[i].endsWith(Manifest.SUFFIX), file);
      }
    }
  }

  @Test
  void foldersMirrorTheDescriptorsPath() {
    assertEquals(".procgen/deploy/app.yaml.files", Manifest.fileOf("deploy/app.yaml"));
    assertEquals(".procgen/%2Fsrv/deploy/app.yaml.files", Manifest.fileOf("/srv/deploy/app.yaml"));
    assertEquals(".procgen/%2E./deploy/app.yaml.files", Manifest.fileOf("../deploy/app.yaml"));
    assertEquals(".procgen/d%C3%A9p%25t/caf\u00e9.yaml.files".replace("%C3%A9", "\u00e9"), Manifest.fileOf("d\u00e9p%t/caf\u00e9.yaml"));
    assertEquals(".procgen/x%2Efiles/a.yaml.files", Manifest.fileOf("x.files/a.yaml"));
  }
}
