package dev.procgen.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.App;
import dev.procgen.model.Proxy;
import dev.procgen.plan.Address;
import dev.procgen.plan.InstancePlan;
import dev.procgen.plan.Planner;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Issue 16: the {@code proxy} and {@code processes.*.health} keys, and the instances' addresses. */
class DescriptorProxyTest {

  private static App load(String yaml) throws DescriptorException {
    return DescriptorValidator.load("app.yaml", yaml);
  }

  private static List<String> problems(String yaml) {
    DescriptorException e = assertThrows(DescriptorException.class, () -> load(yaml));
    return e.diagnostics().stream().map(Diagnostic::format).map(s -> s.lines().findFirst().orElseThrow()).toList();
  }

  private static String withListen(String listen) {
    return "app: chat\nproxy:\n  listen: " + listen + "\nprocesses:\n  web:\n    command: /srv/web\n    port: 8000\n";
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "80                   | | 80",
      "\"8080\"             | | 8080",
      "127.0.0.1:8080       | 127.0.0.1 | 8080",
      "\"[::1]:443\"        | [::1] | 443",
      "\"[2001:db8::1]:80\" | [2001:db8::1] | 80",
      "\"*:80\"             | * | 80",
      "chat.example.com:81  | chat.example.com | 81",
      "localhost:65535      | localhost | 65535"})
  void listenTakesAPortOrAnAddressAndPort(String listen, String host, int port) throws Exception {
    App app = load(withListen(listen));
    assertEquals(new Proxy.Listen(Optional.ofNullable(host), port), app.proxy().orElseThrow().listen());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "300.1.2.3:80", "'[::g]:80'", "'[1.2.3.4]:80'", "'1.2.3:80'", "host:0",
      "'host name:80'", "'host:80;'", "'unix:/run/x.sock'", "'[::1]'", "true", "'-host:80'", "[80]"})
  void anythingElseIsRefusedNamingTheKey(String listen) {
    List<String> p = problems(withListen(listen));
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("app.yaml:3:11: error: proxy.listen: expected a "), p.get(0));
  }

  @Test
  void theDefaultIsPort80AndTheOnlyProcessWithAnAddress() throws Exception {
    App app = load("""
        app: shop
        proxy: {server_name: shop.example.com}
        processes:
          worker:
            command: /srv/worker
          web:
            command: gunicorn shop.wsgi
            server: gunicorn
        """);
    assertEquals(new Proxy(new Proxy.Listen(Optional.empty(), 80), List.of("shop.example.com"), "web"), app.proxy().orElseThrow());
  }

  @Test
  void serverNamesTakeOneWildcardAndNoRegularExpression() throws Exception {
    App app = load("app: a\nproxy:\n  server_name: [a.example.com, '*.example.com', .example.org, 'www.example.*', _, a.example.com]\n"
        + "processes:\n  web:\n    command: /srv/web\n    port: 8000\n");
    assertEquals(List.of("a.example.com", "*.example.com", ".example.org", "www.example.*", "_"),
        app.proxy().orElseThrow().serverNames(), "each name once, in order");
    for (String bad : List.of("'~^www$'", "'*.a.*'", "'a b'", "'a;b'", "'a\"b'", "'$host'", "'*'", "'a..b'", "'-a.com'", "[]")) {
      List<String> p = problems("app: a\nproxy:\n  server_name: " + bad + "\nprocesses:\n  web:\n    command: /srv/web\n    port: 8000\n");
      assertEquals(1, p.size(), bad + ": " + p);
      assertTrue(p.get(0).contains("error: proxy.server_name: expected"), p.get(0));
    }
  }

  @Test
  void theProcessMustExistAndListenAndIsRequiredWhenSeveralDo() {
    assertEquals(List.of("app.yaml:2:30: error: proxy.process: expected a process with a port or bind, whose instances the "
        + "proxy can reach, found 'worker', which has neither"), problems("""
        app: a
        proxy: {listen: 80, process: worker}
        processes:
          worker:
            command: /srv/worker
          web:
            command: /srv/web
            port: 8000
        """));
    assertEquals(List.of("app.yaml:2:8: error: proxy.process: expected the process to proxy to, because several have a port "
        + "or bind (web, api), found nothing"), problems("""
        app: a
        proxy: {listen: 80}
        processes:
          web:
            command: /srv/web
            port: 8000
          api:
            command: /srv/api
            port: 9000
        """));
    assertEquals(List.of("app.yaml:2:8: error: proxy: expected a process with a port or bind to proxy to, found none among "
        + "worker"), problems("app: a\nproxy: {listen: 80}\nprocesses:\n  worker:\n    command: /srv/worker\n"));
  }

  @Test
  void theProxyCannotListenOnAnInstancesPort() {
    assertEquals(List.of("app.yaml:2:17: error: proxy.listen: expected a port that no instance of the app listens on, "
        + "found 8002, which processes.web uses (ports 8000 to 8003)"),
        problems("app: a\nproxy: {listen: 8002}\nprocesses:\n  web:\n    command: /srv/web\n    port: 8000\n    instances: 4\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"healthz", "/a b", "'/a\"b'", "/a#b", "/%zz", "'/é'", "'/a\\b'"})
  void healthIsAUrlPath(String health) {
    List<String> p = problems("app: a\nprocesses:\n  web:\n    command: /srv/web\n    port: 8000\n    health: " + health + "\n");
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).contains("error: processes.web.health: expected the path of a URL"), p.get(0));
  }

  @Test
  void instancesAreReachedOnTheirBindOrOnLoopback() throws Exception {
    List<Optional<Address>> addresses = Planner.plan(load("""
        app: a
        processes:
          plain:
            command: /srv/plain
            port: 8000
            instances: 2
          all:
            command: gunicorn a:b
            server: gunicorn
            bind: 0.0.0.0:{port}
            port: 9000
          six:
            command: gunicorn a:b
            server: gunicorn
            bind: '[::]:7000'
          named:
            command: gunicorn a:b
            server: gunicorn
            bind: localhost:7100
          sock:
            command: gunicorn a:b
            server: gunicorn
            bind: unix:/run/a/web.sock
          defaulted:
            command: gunicorn a:b
            server: gunicorn
          none:
            command: /srv/worker
        """)).instances().stream().map(InstancePlan::address).toList();
    assertEquals(List.of(
        Optional.of(new Address.Tcp("127.0.0.1", 8000)), Optional.of(new Address.Tcp("127.0.0.1", 8001)),
        Optional.of(new Address.Tcp("127.0.0.1", 9000)), Optional.of(new Address.Tcp("[::1]", 7000)),
        Optional.of(new Address.Tcp("127.0.0.1", 7100)), Optional.of(new Address.Unix("/run/a/web.sock")),
        Optional.of(new Address.Tcp("127.0.0.1", 8000)), Optional.empty()), addresses);
  }
}
