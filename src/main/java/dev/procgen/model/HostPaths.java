package dev.procgen.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks for paths on the target host, which are plain strings: they never resolve against the
 * file system of the machine that renders them.
 */
public final class HostPaths {
  private HostPaths() {}

  /**
   * The folders a host's system owns, which the bootstrap script must never create, chown or chmod
   * as the app's. Sources: the Filesystem Hierarchy Standard 3.0 (https://refspecs.linuxfoundation.org/FHS_3.0/fhs-3.0.html),
   * chapter 3 (the root filesystem: {@code /bin /boot /dev /etc /home /lib<qual> /media /mnt /opt
   * /root /run /sbin /srv /tmp}, {@code /etc/opt}, {@code /etc/X11}), chapter 4 ({@code /usr} and
   * its subfolders, {@code /usr/local} and its subfolders), chapter 5 ({@code /var} and its
   * subfolders) and chapter 6 ({@code /proc}, {@code /sys}); Debian Policy 9.1 and 9.3 (merged
   * {@code /usr}, {@code /etc/init.d}, {@code /etc/rc?.d}, {@code /var/www}, {@code /var/backups});
   * RHEL's layout ({@code /etc/rc.d}, {@code /etc/sysconfig}, {@code /usr/libexec}, {@code
   * /etc/supervisord.d}); the init systems' own folders (init(5) {@code /etc/init},
   * systemd.unit(5) unit paths, the Debian supervisor package's {@code /etc/supervisor/conf.d} and
   * {@code /var/log/supervisor}); and the folders that systemd and the package managers keep under
   * {@code /var} ({@code /var/log/journal}, systemd.exec(5)'s {@code /var/lib/private} for
   * DynamicUser=, {@code /var/log/apt}, {@code /var/log/audit}).
   */
  private static final List<String> SYSTEM_FOLDERS = List.of(
      "/", "/bin", "/boot", "/boot/efi", "/dev", "/dev/shm", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32",
      "/lost+found", "/media", "/mnt", "/opt", "/proc", "/root", "/run", "/run/lock", "/run/shm", "/run/user",
      "/run/systemd", "/sbin", "/snap", "/srv", "/sys", "/tmp",
      // /etc: FHS 3.7 and the init systems' configuration folders
      "/etc/opt", "/etc/X11", "/etc/sgml", "/etc/xml", "/etc/default", "/etc/sysconfig", "/etc/init", "/etc/init.d",
      "/etc/rc.d", "/etc/rc.d/init.d", "/etc/rc0.d", "/etc/rc1.d", "/etc/rc2.d", "/etc/rc3.d", "/etc/rc4.d",
      "/etc/rc5.d", "/etc/rc6.d", "/etc/rcS.d", "/etc/systemd", "/etc/systemd/system", "/etc/systemd/user",
      "/etc/supervisor", "/etc/supervisor/conf.d", "/etc/supervisord.d", "/etc/cron.d", "/etc/cron.daily",
      "/etc/cron.hourly", "/etc/cron.weekly", "/etc/cron.monthly", "/etc/logrotate.d", "/etc/profile.d",
      "/etc/security", "/etc/ssh", "/etc/sudoers.d", "/etc/pam.d", "/etc/skel", "/etc/ssl", "/etc/network",
      "/etc/apt", "/etc/yum.repos.d", "/etc/ld.so.conf.d",
      // /usr: FHS 4
      "/usr", "/usr/bin", "/usr/games", "/usr/include", "/usr/lib", "/usr/lib32", "/usr/lib64", "/usr/libx32",
      "/usr/libexec", "/usr/local", "/usr/sbin", "/usr/share", "/usr/src", "/usr/share/doc", "/usr/share/man",
      "/usr/share/info", "/usr/share/misc", "/usr/lib/systemd", "/usr/lib/systemd/system", "/lib/systemd",
      "/lib/systemd/system",
      "/usr/local/bin", "/usr/local/etc", "/usr/local/games", "/usr/local/include", "/usr/local/lib",
      "/usr/local/lib64", "/usr/local/libexec", "/usr/local/man", "/usr/local/sbin", "/usr/local/share",
      "/usr/local/src",
      // /var: FHS 5
      "/var", "/var/account", "/var/backups", "/var/cache", "/var/crash", "/var/games", "/var/lib", "/var/local",
      "/var/lock", "/var/log", "/var/mail", "/var/opt", "/var/run", "/var/spool", "/var/tmp", "/var/www", "/var/yp",
      "/var/spool/cron", "/var/spool/mail", "/var/lib/misc", "/var/lib/systemd", "/var/lib/private",
      "/var/cache/private", "/var/log/private", "/var/log/journal", "/var/log/apt", "/var/log/audit",
      "/var/log/installer", "/var/log/supervisor", "/var/log/upstart");

  private static final Set<String> SYSTEM = systemFolders();

  private static Set<String> systemFolders() {
    Set<String> all = new LinkedHashSet<>(SYSTEM_FOLDERS);
    // /var/run is a link to /run on every current Debian, Ubuntu and RHEL host (FHS 5.13), so a
    // folder below /run has a second name.
    for (String f : SYSTEM_FOLDERS) {
      if (f.startsWith("/run/")) {
        all.add("/var" + f);
      }
    }
    all.add("/var/lock");
    return Set.copyOf(all);
  }

  /**
   * Returns true when {@code path} is absolute, normalized and free of control characters: it
   * starts with {@code /} and has no empty, {@code .} or {@code ..} segment.
   */
  public static boolean isAbsoluteNormal(String path) {
    if (path == null || !path.startsWith("/")) {
      return false;
    }
    if (ControlChars.any(path)) {
      return false;
    }
    if (path.equals("/")) {
      return true;
    }
    String rest = path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
    for (String segment : rest.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the system folder that {@code path} names, in its canonical spelling, if it names one
   * (the list and its sources are in this class's source, SYSTEM_FOLDERS). {@code path} must be {@link
   * #isAbsoluteNormal}, so a trailing slash is the only other spelling of the same folder; no other
   * is possible ({@code //}, {@code .} and {@code ..} are refused before). Case is significant:
   * Linux file systems are case-sensitive, so {@code /VAR/LOG} is not {@code /var/log}. Symbolic
   * links on a host cannot be seen from here; the link {@code /var/run} to {@code /run} is in the
   * list under both names, and so are merged {@code /usr}'s {@code /bin}, {@code /lib} and {@code
   * /sbin}.
   */
  public static Optional<String> systemFolder(String path) {
    String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return SYSTEM.contains(p) ? Optional.of(p) : Optional.empty();
  }

  /**
   * The folders whose whole subtree the kernel, the boot loader or logind manages, so no folder
   * below them can be the app's own: {@code /proc} and {@code /sys} (FHS 3.0 chapter 6; proc(5),
   * sysfs(5): virtual file systems, where mkdir fails or creates a kernel object, such as a
   * cgroup below {@code /sys/fs/cgroup}), {@code /dev} (FHS 3.6; a devtmpfs, with {@code
   * /dev/shm} and {@code /dev/mqueue} as tmpfs and mqueue, all recreated empty at boot), {@code
   * /boot} (FHS 3.5: the boot loader's files, often a FAT {@code /boot/efi} that has no owners,
   * so chown fails) and {@code /run/user} (pam_systemd(8): each {@code /run/user/<uid>} is a
   * tmpfs that logind creates at login and removes at logout).
   */
  private static final List<String> MANAGED_TREES = List.of("/proc", "/sys", "/dev", "/boot", "/run/user", "/var/run/user");

  /**
   * Returns the managed tree (the list and its sources are in this class's source,
   * MANAGED_TREES) that {@code path} lies strictly below, if any; {@code path} must be {@link
   * #isAbsoluteNormal}. The tree's own root is a {@link #systemFolder}.
   */
  public static Optional<String> managedTree(String path) {
    String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    for (String tree : MANAGED_TREES) {
      if (p.startsWith(tree + "/")) {
        return Optional.of(tree);
      }
    }
    return Optional.empty();
  }

  /** Returns true when {@link #systemFolder} finds that {@code path} names a system folder. */
  public static boolean isSystemFolder(String path) {
    return systemFolder(path).isPresent();
  }

  /** Returns the log folder an app gets when its descriptor sets no {@code log.dir}: {@code /var/log/<app>}. */
  public static String defaultLogDir(String app) {
    return "/var/log/" + app;
  }

  /** Returns the folder of the run scripts when the descriptor sets no {@code bin_dir}: {@code /usr/local/lib/<app>/bin}. */
  public static String defaultBinDir(String app) {
    return "/usr/local/lib/" + app + "/bin";
  }

  /** Applies {@link #requireAbsolute(String, String)} to {@code path} when it is present. */
  static void requireAbsolute(Optional<String> path, String key) {
    if (path.isPresent()) {
      requireAbsolute(path.get(), key);
    }
  }

  /** Throws {@link IllegalArgumentException} naming {@code key} unless {@link #isAbsoluteNormal}. */
  static void requireAbsolute(String path, String key) {
    if (!isAbsoluteNormal(path)) {
      throw new IllegalArgumentException(key + " must be an absolute normalized path: " + path);
    }
  }

  /** Joins a directory and a file name with exactly one slash. */
  public static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }
}
