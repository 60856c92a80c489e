package dev.procgen.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The descriptor's {@code proxy}: the front-end web server that spreads HTTP requests over every
 * instance of one process (the nginx target renders it).
 *
 * <pre>{@code
 * proxy:
 *   listen: 80                      # a port, or address:port
 *   server_name: chat.example.com   # a name or a list of names
 *   process: chat                   # default: the only process with a port or bind
 * }</pre>
 *
 * @param listen where the proxy accepts connections
 * @param serverNames the names of nginx's {@code server_name}, in order, each once; empty means
 *     the directive is left out
 * @param process the name of the process whose instances serve the requests; it has a port or a
 *     bind address
 */
public record Proxy(Listen listen, List<String> serverNames, String process) {
  /** The port the proxy listens on when the descriptor gives none. */
  public static final int DEFAULT_PORT = 80;

  /** Copies the list. */
  public Proxy {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(process, "process");
    serverNames = List.copyOf(serverNames);
  }

  /**
   * Where the proxy listens.
   *
   * @param host an IPv4 address, an IPv6 address in brackets, {@code *} or a host name, as
   *     written; empty means every address
   * @param port the TCP port, 1 to 65535
   */
  public record Listen(Optional<String> host, int port) {
    /** Checks the port's range; throws IllegalArgumentException. */
    public Listen {
      Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("a port lies in 1..65535: " + port);
      }
    }

    /** Returns the address as nginx's {@code listen} takes it: {@code port} or {@code host:port}. */
    public String text() {
      return host.map(h -> h + ":" + port).orElse(Integer.toString(port));
    }
  }
}
