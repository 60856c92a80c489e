package dev.procgen.targets;

import java.util.Optional;

/**
 * Where one rendered file goes on a host.
 *
 * <p>Either a file of its own, installed with an owner and a mode, or a block spliced into
 * {@code /etc/rc.local} between its {@code # BEGIN procgen <app>} and {@code # END procgen <app>}
 * lines.
 */
public sealed interface Placement {

  /** Returns this placement if it is a file of its own. */
  default Optional<HostFile> hostFile() {
    return Optional.empty();
  }

  /** Returns this placement if it is an rc.local block. */
  default Optional<RcLocalBlock> rcLocalBlock() {
    return Optional.empty();
  }

  /**
   * A file installed at an absolute path.
   *
   * @param path the absolute path on the host
   * @param mode the octal mode, for example {@code 644}
   * @param owner the owning account
   * @param group the owning group
   * @param initConfig true when the init system must be told of a change to it
   */
  record HostFile(String path, String mode, String owner, String group, boolean initConfig) implements Placement {
    @Override
    public Optional<HostFile> hostFile() {
      return Optional.of(this);
    }
  }

  /**
   * The app's block in {@code /etc/rc.local}.
   *
   * @param app the app whose block it is
   */
  record RcLocalBlock(String app) implements Placement {
    @Override
    public Optional<RcLocalBlock> rcLocalBlock() {
      return Optional.of(this);
    }
  }
}
