package dev.scangate.registry;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A small real HTTP server on loopback that plays a misbehaving registry, proxy or token service
 * in front of the real test registry: it exercises our transport against peers that stall, fail,
 * redirect or lie, which the real registry never does on request.
 */
final class TestServer implements AutoCloseable {

  /** What the server does with one request; {@code n} counts requests from 1. */
  @FunctionalInterface
  interface Behaviour {
    void handle(HttpExchange exchange, int n) throws Exception;
  }

  /** A request as received. */
  record Recorded(String method, String uri, Headers headers, byte[] body) {
    String header(String name) {
      return headers.getFirst(name);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static final HttpClient UPSTREAM = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).build();

  /** The exchange attribute holding the request body, which the server reads before behaviours. */
  static final String BODY = "scangate.test.body";

  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "test-server");
    thread.setDaemon(true);
    return thread;
  });

  private TestServer(HttpServer server, Behaviour behaviour) {
    this.server = server;
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      int n;
      byte[] body = exchange.getRequestBody().readAllBytes();
      exchange.setAttribute(BODY, body);
      synchronized (requests) {
        requests.add(new Recorded(exchange.getRequestMethod(),
            exchange.getRequestURI().toString(), exchange.getRequestHeaders(), body));
        n = requests.size();
      }
      try {
        behaviour.handle(exchange, n);
      } catch (IOException | InterruptedException e) {
        // the client went away (it timed out), or close() interrupted a stall: nothing to answer
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  static TestServer start(Behaviour behaviour) {
    try {
      return new TestServer(
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
          behaviour);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TestServer startHttps(SSLContext tls, Behaviour behaviour) {
    try {
      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls));
      return new TestServer(server, behaviour);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:port}. */
  String authority() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  int count() {
    return requests.size();
  }

  /** Blocks a handler until the test closes the server, which interrupts it. */
  static void stall() throws InterruptedException {
    Thread.sleep(TimeUnit.SECONDS.toMillis(30));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Forwards the request to the real registry at {@code upstream}, optionally to another path. */
  static void proxy(HttpExchange exchange, String upstream, String path) throws Exception {
    String target = path != null ? path : exchange.getRequestURI().toString();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + upstream + target))
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<byte[]> response =
        UPSTREAM.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (String name : List.of("Content-Type", "Docker-Content-Digest", "Location",
        "WWW-Authenticate")) {
      response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
    }
    respond(exchange, response.statusCode(), headers,
        "HEAD".equals(exchange.getRequestMethod()) ? null : response.body());
  }

  static void respond(HttpExchange exchange, int status, Map<String, String> headers,
      byte[] body) throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    boolean empty = body == null || body.length == 0
        || "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, empty ? -1 : body.length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  static void respondJson(HttpExchange exchange, int status, String json) throws IOException {
    respond(exchange, status, Map.of("Content-Type", "application/json"),
        json.getBytes(StandardCharsets.UTF_8));
  }
}
