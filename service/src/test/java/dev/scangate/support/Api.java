package dev.scangate.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the REST API as a user's script would call it. */
public final class Api {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String user;

  public Api(String base) {
    this(base, null);
  }

  private Api(String base, String user) {
    this.base = base;
    this.user = user;
  }

  /**
   * The same client sending requests as a test user (header {@code X-Test-User}, read by the
   * test configuration of tests that need users).
   */
  public Api as(String testUser) {
    return new Api(base, testUser);
  }

  /** A response with its parsed JSON body (null when the body is not JSON). */
  public record Response(int status, String contentType, String body, JsonNode json) {
    public String text(String pointer) {
      JsonNode node = json.at(pointer);
      return node.isMissingNode() || node.isNull() ? null : node.asString();
    }
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Response put(String path, String jsonBody) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(jsonBody)));
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  public Response post(String path, String jsonBody) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
  }

  public Response post(String path, HttpRequest.BodyPublisher body, String contentType) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", contentType).POST(body));
  }

  /** POSTs a scan request and returns the response. */
  public Response scan(String image) {
    return post("/api/v1/scans", "{\"image\":\"" + image + "\"}");
  }

  public Response scan(String image, String platform) {
    return post("/api/v1/scans",
        "{\"image\":\"" + image + "\",\"platform\":\"" + platform + "\"}");
  }

  /** Polls a scan until it satisfies the condition or the timeout passes. */
  public Response awaitScan(String id, Predicate<Response> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Response last;
    do {
      last = get("/api/v1/scans/" + id);
      if (done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("scan " + id + " did not finish within " + timeout + "; last: "
        + last.body());
  }

  /** Waits for a scan to end (SUCCEEDED, FAILED or CANCELLED). */
  public Response awaitFinished(String id) {
    return awaitScan(id, r -> {
      String status = r.text("/status");
      return "SUCCEEDED".equals(status) || "FAILED".equals(status)
          || "CANCELLED".equals(status);
    }, Duration.ofSeconds(60));
  }

  private Response send(HttpRequest.Builder request) {
    if (user != null) {
      request.header("X-Test-User", user);
    }
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      String type = response.headers().firstValue("Content-Type").orElse("");
      JsonNode json = null;
      if (type.contains("json") && !response.body().isEmpty()) {
        json = JSON.readTree(response.body());
      }
      return new Response(response.statusCode(), type, response.body(), json);
    } catch (IOException e) {
      throw new IllegalStateException("calling " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
