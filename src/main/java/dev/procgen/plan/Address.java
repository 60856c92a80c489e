package dev.procgen.plan;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a client reaches an instance: a TCP host and port, or a unix socket. A server bound to
 * every address ({@code 0.0.0.0}, {@code [::]} or no host) is reached on loopback, and one bound
 * to {@code localhost} on {@code 127.0.0.1}: gunicorn binds a host name that is not an IPv6
 * address with an IPv4 socket (gunicorn/sock.py, {@code _sock_type}), while a client that looks
 * {@code localhost} up may get {@code ::1} first.
 */
public sealed interface Address {

  /**
   * A TCP address.
   *
   * @param host an IPv4 address, an IPv6 address in brackets, or a host name
   * @param port the port, 1 to 65535
   */
  record Tcp(String host, int port) implements Address {
    /** Checks the values; throws IllegalArgumentException. */
    public Tcp {
      Objects.requireNonNull(host, "host");
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw new IllegalArgumentException("not a TCP address: " + host + ":" + port);
      }
    }

    /** Returns the host as a socket API takes it: an IPv6 address without its brackets. */
    public String bareHost() {
      return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Returns true when the host is a name, which a client looks up and may find at several
     * addresses, rather than an IPv4 or bracketed IPv6 address.
     */
    public boolean isName() {
      return !host.startsWith("[") && !host.matches("[0-9.]+");
    }

    /** Returns {@code host:port}. */
    public String text() {
      return host + ":" + port;
    }
  }

  /**
   * A unix socket.
   *
   * @param path the socket's absolute path
   */
  record Unix(String path) implements Address {
    /** Checks the path; throws IllegalArgumentException. */
    public Unix {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("not an absolute socket path: " + path);
      }
    }
  }

  /**
   * Returns the address a client uses for an instance with the bind address {@code bind} (a
   * server's) and the port {@code port} (a process that reads {@code PORT}, on loopback); empty
   * when it has neither.
   */
  static Optional<Address> of(Optional<String> bind, java.util.OptionalInt port) {
    if (bind.isPresent()) {
      String b = bind.get();
      if (b.startsWith(LaunchPlan.UNIX_PREFIX)) {
        return Optional.of(new Unix(b.substring(LaunchPlan.UNIX_PREFIX.length())));
      }
      int colon = b.lastIndexOf(':');
      String host = b.substring(0, colon);
      int p = Integer.parseInt(b.substring(colon + 1));
      host = switch (host) {
        case "", "0.0.0.0", "*", "localhost" -> "127.0.0.1";
        case "[::]" -> "[::1]";
        default -> host;
      };
      return Optional.of(new Tcp(host, p));
    }
    if (port.isPresent()) {
      return Optional.of(new Tcp("127.0.0.1", port.getAsInt()));
    }
    return Optional.empty();
  }
}
