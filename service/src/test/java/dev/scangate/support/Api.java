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

/**
 * A small HTTP client for the REST API as a user's script would call it. It sends the tests'
 * bootstrap admin token ({@link #TEST_TOKEN}) unless told to call as another token
 * ({@link #as}) or anonymously ({@link #anonymous}).
 */
public final class Api {

  /** The {@code scangate.bootstrap-token} the test applications are started with. */
  public static final String TEST_TOKEN = "sgt_test-bootstrap-token-0123456789abcdefghijkl";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  /** Calls {@code base} with the test bootstrap admin token. */
  public Api(String base) {
    this(base, TEST_TOKEN);
  }

  /** Calls {@code base} with {@code token}; null calls anonymously. */
  public Api(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The same API called with another token. */
  public Api as(String otherToken) {
    return new Api(base, otherToken);
  }

  /** The same API called without credentials. */
  public Api anonymous() {
    return new Api(base, null);
  }

  public String base() {
    return base;
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

  public Response patch(String path, String jsonBody) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(jsonBody)));
  }

  /** Sends a request built by the caller, adding this API's credentials. */
  public Response send(String method, String path, HttpRequest.BodyPublisher body,
      String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
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
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
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
