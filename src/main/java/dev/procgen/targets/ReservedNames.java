package dev.procgen.targets;

import java.util.List;
import java.util.Set;

/** Names the init systems reserve (provisional list; replaced by the researched one). */
final class ReservedNames {
  static final String SYSTEMD_SPECIAL_SOURCE = "systemd.special(7)";
  static final String STOCK_SYSTEMD_SOURCE = "distribution packages";
  static final String UPSTART_SOURCE = "Ubuntu's upstart packages";
  static final String PREFIX_SOURCE = "systemd";
  static final Set<String> SYSTEMD_SPECIAL_UNITS = Set.of("default.target", "multi-user.target", "network.target",
      "basic.target", "getty.target");
  static final Set<String> STOCK_SYSTEMD_UNITS = Set.of("ssh.service", "cron.service");
  static final Set<String> STOCK_UPSTART_JOBS = Set.of("ssh", "cron", "rc", "rcS", "network-interface");
  static final List<String> RESERVED_PREFIXES = List.of("systemd-");

  private ReservedNames() {}
}
