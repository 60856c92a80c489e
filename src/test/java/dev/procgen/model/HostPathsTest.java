package dev.procgen.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostPathsTest {
  @Test
  void everySpellingOfASystemFolderIsOne() {
    assertEquals(Optional.of("/"), HostPaths.systemFolder("/"));
    assertEquals(Optional.of("/var/log"), HostPaths.systemFolder("/var/log/"));
    assertEquals(Optional.of("/var/run/user"), HostPaths.systemFolder("/var/run/user"));
    for (String f : List.of("/tmp", "/srv", "/usr/local/bin", "/etc/supervisor/conf.d", "/lib64", "/var/www", "/home")) {
      assertTrue(HostPaths.isSystemFolder(f), f);
      assertTrue(HostPaths.isSystemFolder(f + "/"), f + "/");
    }
  }

  @Test
  void theAppsOwnFoldersBelowThemAreNot() {
    for (String f : List.of("/var/log/shop", "/srv/shop", "/tmp/shop", "/VAR/LOG", "/home/deploy", "/usr/local/lib/shop/bin")) {
      assertFalse(HostPaths.isSystemFolder(f), f);
    }
  }

  @Test
  void theDefaultBinDirIsNeverASystemFolder() {
    // Only /var/log/<app> can be one (app: journal); the binder refuses those names.
    for (String app : List.of("bin", "lib", "local", "systemd", "journal", "supervisor")) {
      assertFalse(HostPaths.isSystemFolder(HostPaths.defaultBinDir(app)), app);
    }
    assertTrue(HostPaths.isSystemFolder(HostPaths.defaultLogDir("journal")));
  }
}
