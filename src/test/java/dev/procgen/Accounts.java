package dev.procgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Throwaway local accounts for tests that prove which user, group and supplementary groups a
 * process gets: created with shadow's {@code groupadd} and {@code useradd} under names that start
 * with {@code pgt-} and a random suffix, and deleted again on {@link #close}. Needs root; without
 * it the test is skipped locally and fails on CI.
 */
final class Accounts implements AutoCloseable {
  /**
   * Held while a test changes the host's /etc accounts or copies /etc (the bootstrap sandbox):
   * useradd's lock files come and go, and a copy that meets one half-way fails. The ITs of one
   * run share a JVM, so a monitor is enough.
   */
  static final Object HOST_ETC = new Object();

  private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
  private final List<String> users = new ArrayList<>();
  private final List<String> groups = new ArrayList<>();

  Accounts() {
    if (!"0".equals(Processes.output("id", "-u").strip())) {
      Tools.unavailable("creating test accounts needs root");
    }
    Tools.require("useradd", "Debian package passwd");
    Tools.require("groupadd", "Debian package passwd");
  }

  /**
   * Returns the host's {@code /etc/passwd} without the throwaway accounts, which other test
   * classes running at the same time may be adding or removing: what a test that must leave the
   * host's accounts alone compares before and after.
   */
  static String hostPasswd() {
    try {
      return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/etc/passwd")).stream()
          .filter(line -> !line.startsWith("pgt-")).map(line -> line + "\n").collect(java.util.stream.Collectors.joining());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Creates a group {@code pgt-<stem>-<suffix>} and returns its name. */
  String group(String stem) {
    String name = "pgt-" + stem + "-" + suffix;
    synchronized (HOST_ETC) {
      Processes.output("groupadd", name);
    }
    groups.add(name);
    return name;
  }

  /**
   * Creates a user {@code pgt-<stem>-<suffix>} without a home or login shell, whose primary group
   * is {@code primary} and who is listed as a member of {@code memberOf}, and returns its name.
   */
  String user(String stem, String primary, String... memberOf) {
    String name = "pgt-" + stem + "-" + suffix;
    List<String> command = new ArrayList<>(List.of("useradd", "-M", "-N", "-s", "/usr/sbin/nologin", "-g", primary));
    if (memberOf.length > 0) {
      command.addAll(List.of("-G", String.join(",", memberOf)));
    }
    command.add(name);
    synchronized (HOST_ETC) {
      Processes.output(command.toArray(String[]::new));
    }
    users.add(name);
    return name;
  }

  /** Returns a group's id, from {@code getent group}. */
  static int gid(String group) {
    return Integer.parseInt(Processes.output("getent", "group", group).strip().split(":")[2]);
  }

  /**
   * Returns the groups {@code initgroups(user, gid of group)} gives, sorted and without repeats:
   * what systemd's {@code User=} with {@code Group=} gives, from Python's {@code os.getgrouplist}.
   */
  static List<Integer> grouplist(String user, String group) {
    String out = Processes.output("/usr/bin/python3", "-c",
        "import os, sys; print(' '.join(str(g) for g in sorted(set(os.getgrouplist(sys.argv[1], int(sys.argv[2]))))))",
        user, Integer.toString(gid(group))).strip();
    return java.util.Arrays.stream(out.split(" ")).map(Integer::valueOf).toList();
  }

  /** Returns a user's id, from {@code id -u}. */
  static int uid(String user) {
    return Integer.parseInt(Processes.output("id", "-u", user).strip());
  }

  @Override
  public void close() {
    synchronized (HOST_ETC) {
      users.forEach(u -> Processes.command("userdel", u).mergeStderr().run());
      groups.forEach(g -> Processes.command("groupdel", g).mergeStderr().run());
    }
  }
}
