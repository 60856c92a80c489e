package dev.procgen.targets;

import java.util.List;

/**
 * The one list of targets: adding a target means one line here (and one {@code permits} entry).
 * Targets are stateless, so one instance of each serves every run.
 */
final class Registry {
  static final Upstart UPSTART = new Upstart();
  static final Systemd SYSTEMD = new Systemd();
  static final Supervisor SUPERVISOR = new Supervisor();
  static final RcLocal RCLOCAL = new RcLocal();
  static final Bash BASH = new Bash();
  static final Logrotate LOGROTATE = new Logrotate();
  static final Nginx NGINX = new Nginx();
  static final Rollout ROLLOUT = new Rollout();
  static final Bootstrap BOOTSTRAP = new Bootstrap();

  /** Every target, in documented order. */
  static final List<Target> ALL = List.of(UPSTART, SYSTEMD, SUPERVISOR, RCLOCAL, BASH, LOGROTATE, NGINX, ROLLOUT, BOOTSTRAP);
  /** The init systems an app can be installed under ({@code --init}); the first is the default. */
  static final List<Installable> INSTALLABLE = List.of(SYSTEMD, UPSTART, SUPERVISOR, RCLOCAL);

  private Registry() {}
}
