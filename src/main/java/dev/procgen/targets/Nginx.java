package dev.procgen.targets;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.ControlChars;
import dev.procgen.model.Proxy;
import dev.procgen.plan.Address;
import dev.procgen.plan.InstancePlan;
import dev.procgen.plan.LaunchPlan;
import dev.procgen.plan.ProcessPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders the descriptor's {@code proxy} as one nginx file per app, {@code <app>.conf}, for
 * {@code /etc/nginx/conf.d/} (which Debian's and nginx.org's nginx.conf include in their {@code
 * http} block): an {@code upstream} that lists every instance of the proxied process, and a
 * {@code server} that passes requests to it. An app without {@code proxy} gets no file.
 *
 * <p>One instance down is not seen by a client: a request whose instance refuses the connection,
 * breaks it before answering, or times out goes to the next instance ({@code proxy_next_upstream
 * error timeout}), at most once per server ({@code proxy_next_upstream_tries}: one per instance,
 * two for an instance reached by a host name, which nginx resolves to its IPv4 and IPv6
 * addresses); nginx never does this for a request it has already started to
 * answer, nor for a non-idempotent method such as POST (nginx's ngx_http_proxy_module
 * documentation). Every server has {@code max_fails=0}, so nginx never counts an instance out: an
 * instance that a rolling restart has just brought back gets requests at once, and while several
 * are restarting in turn nginx never finds every instance marked failed and answers 502 (the
 * ngx_http_upstream_module documentation, "max_fails"). Values are written by {@link
 * NginxQuoting}; a unix socket path that nginx cannot carry is refused.
 */
final class Nginx implements Target {
  static final String ID = "nginx";
  /**
   * The longest unix socket path nginx takes: sockaddr_un's sun_path holds 108 bytes with the
   * final NUL (unix(7)); nginx refuses a longer one ("too long path in the unix domain socket").
   */
  static final int MAX_SOCKET_BYTES = 107;
  /** How long nginx waits to connect to an instance before it tries the next one, seconds. */
  static final int CONNECT_TIMEOUT = 5;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "nginx files for /etc/nginx/conf.d, one per app with a proxy";
  }

  /** False: nginx only connects to the instances; {@link #check} refuses a socket path nginx cannot hold itself. */
  @Override
  public boolean startsProcesses() {
    return false;
  }

  @Override
  public List<GeneratedName> names(LaunchPlan plan) {
    if (plan.app().proxy().isEmpty()) {
      return List.of();
    }
    ProcessPlan p = proxied(plan);
    return List.of(GeneratedName.ofApp("nginx file", plan.name() + ".conf", plan),
        GeneratedName.ofProcess("nginx upstream", upstream(p), plan, p));
  }

  @Override
  public List<Diagnostic> check(LaunchPlan plan, RenderContext context) {
    if (plan.app().proxy().isEmpty()) {
      return List.of();
    }
    ProcessPlan p = proxied(plan);
    List<Diagnostic> problems = new ArrayList<>();
    for (InstancePlan i : p.instances()) {
      if (i.address().orElseThrow() instanceof Address.Unix unix) {
        String key = plan.keyOf(p, "bind");
        if (!NginxQuoting.canCarry(unix.path(), false)) {
          problems.add(Diagnostic.at(plan.origin(), key, key + ": expected a socket path without control characters "
              + "for the nginx target, found '" + ControlChars.escaped(unix.path()) + "'"));
          break;
        }
        int bytes = unix.path().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_BYTES) {
          problems.add(Diagnostic.at(plan.origin(), key, key + ": expected a socket path of at most " + MAX_SOCKET_BYTES
              + " bytes for the nginx target (sun_path, unix(7)), found " + bytes + " bytes in '"
              + ControlChars.escaped(unix.path()) + "'"));
          break;
        }
      }
    }
    return problems;
  }

  @Override
  public List<RenderedFile> render(List<LaunchPlan> plans, RenderContext context) {
    List<RenderedFile> files = new ArrayList<>();
    for (LaunchPlan plan : plans) {
      if (plan.app().proxy().isEmpty()) {
        continue;
      }
      Proxy proxy = plan.app().proxy().get();
      ProcessPlan p = proxied(plan);
      List<String> servers = new ArrayList<>();
      int tries = 0;
      for (InstancePlan i : p.instances()) {
        Address address = i.address().orElseThrow();
        servers.add(NginxQuoting.token(server(address), false));
        // nginx makes one server of each address a name resolves to: its IPv4 and its IPv6 one.
        tries += address instanceof Address.Tcp tcp && tcp.isName() ? 2 : 1;
      }
      List<String> names = new ArrayList<>();
      for (String name : proxy.serverNames()) {
        names.add(NginxQuoting.token(name, false));
      }
      String listen = NginxQuoting.token(proxy.listen().text(), false);
      List<String> about = List.of(
          "Passes the HTTP requests that nginx accepts on " + proxy.listen().text()
              + (proxy.serverNames().isEmpty() ? "" : " for " + String.join(", ", proxy.serverNames()))
              + " to the " + p.instances().size() + " instance" + (p.instances().size() == 1 ? "" : "s") + " of "
              + p.key() + ".",
          "Install it as /etc/nginx/conf.d/" + plan.name() + ".conf, and reload nginx once nginx -t accepts it.");
      files.add(new RenderedFile(plan.name() + ".conf", Templates.render(ID, "app.conf",
          new Conf(about, upstream(p), servers, listen, names.isEmpty() ? List.of() : List.of(String.join(" ", names)),
              tries, CONNECT_TIMEOUT)), false, List.of(plan.origin().source())));
    }
    return files;
  }

  @Override
  public Optional<Placement> placement(LaunchPlan plan, RenderedFile file) {
    return Optional.of(new Placement.HostFile("/etc/nginx/conf.d/" + file.path(), "644", "root", "root", false));
  }

  /** Returns the process whose instances the app's proxy passes requests to. */
  static ProcessPlan proxied(LaunchPlan plan) {
    String name = plan.app().proxy().orElseThrow().process();
    for (ProcessPlan p : plan.processes()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalStateException("proxy.process names no process: " + name);
  }

  /** The upstream's name, {@code <app>-<process>}: one http block holds every app's. */
  private static String upstream(ProcessPlan p) {
    return p.qualifiedName();
  }

  /** An upstream server's address: {@code host:port}, or {@code unix:PATH} (ngx_http_upstream_module, "server"). */
  private static String server(Address address) {
    if (address instanceof Address.Tcp tcp) {
      return tcp.text();
    }
    return LaunchPlan.UNIX_PREFIX + ((Address.Unix) address).path();
  }

  /**
   * What {@code templates/nginx/app.conf.mustache} reads.
   *
   * @param about the comment lines at the top
   * @param upstream the upstream's name
   * @param servers each instance's address, as a token
   * @param listen the listen address, as a token
   * @param serverName the server_name line's names, as tokens joined by spaces; empty to leave it out
   * @param tries proxy_next_upstream_tries: every server nginx makes of the instances once
   * @param connectTimeout proxy_connect_timeout, seconds
   */
  record Conf(List<String> about, String upstream, List<String> servers, String listen, List<String> serverName,
      int tries, int connectTimeout) {}
}
