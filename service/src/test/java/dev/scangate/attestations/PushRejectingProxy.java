package dev.scangate.attestations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of the real test registry that serves pulls and, while rejecting,
 * answers every write (POST, PUT, PATCH, DELETE) with {@code 403 DENIED} as a registry does for
 * credentials with pull access only (a read-only mirror). The failure is injected by hand; the
 * registry behind it and everything pulled through it are real.
 */
final class PushRejectingProxy implements AutoCloseable {

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "date",
      "transfer-encoding", "keep-alive", "host", "upgrade", "expect");

  private final HttpServer server;
  private final String upstream;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger rejected = new AtomicInteger();
  private volatile boolean rejecting = true;

  PushRejectingProxy(String upstream) throws IOException {
    this.upstream = upstream;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        32);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Writes answered 403 so far. */
  int rejected() {
    return rejected.get();
  }

  /** From now on, writes are forwarded too. */
  void acceptPushes() {
    rejecting = false;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (rejecting && WRITES.contains(method)) {
        rejected.incrementAndGet();
        byte[] body = ("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the"
            + " resource is denied\"}]}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(403, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      byte[] requestBody;
      try (InputStream in = exchange.getRequestBody()) {
        requestBody = in.readAllBytes();
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + upstream
          + exchange.getRequestURI())).timeout(Duration.ofSeconds(30))
          .method(method, requestBody.length == 0 && !WRITES.contains(method)
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(requestBody));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase())) {
          values.forEach(value -> request.header(name, value));
        }
      });
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      response.headers().map().forEach((name, values) -> {
        String lower = name.toLowerCase();
        if (lower.equals("location")) {
          // upload locations point at the registry; keep the client talking to the proxy
          exchange.getResponseHeaders().put(name, List.of(values.get(0)
              .replace("http://" + upstream, "http://" + address())));
        } else if (!HOP_BY_HOP.contains(lower) && !lower.startsWith(":")) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      byte[] body = response.body();
      if ("HEAD".equals(method)) {
        response.headers().firstValue("Content-Length")
            .ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
        exchange.sendResponseHeaders(response.statusCode(), -1);
      } else {
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
