package dev.scangate.webhooks;

import dev.scangate.support.Api;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Posts deliveries the way each provider does: its headers, its signature over the exact bytes.
 * Answers in the shape of {@link Api.Response} so the same assertions apply.
 */
final class WebhookSender {

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  WebhookSender(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  Api.Response post(String pathAndQuery, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (!headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      String type = response.headers().firstValue("Content-Type").orElse("");
      JsonNode json = type.contains("json") && !response.body().isEmpty()
          ? Payloads.JSON.readTree(response.body()) : null;
      return new Api.Response(response.statusCode(), type, response.body(), json);
    } catch (IOException e) {
      throw new IllegalStateException("posting to " + base + pathAndQuery + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GitHub's headers for an event, signed with the secret. */
  static Map<String, String> github(String event, String delivery, String secret, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-GitHub-Event", event);
    headers.put("X-GitHub-Delivery", delivery);
    headers.put("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(
        WebhookAuthenticator.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body)));
    headers.put("User-Agent", "GitHub-Hookshot/test");
    return headers;
  }

  /** Standard Webhooks headers signed with a whsec_ secret at the given time. */
  static Map<String, String> standard(String id, Instant at, String secret, byte[] body) {
    long timestamp = at.getEpochSecond();
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    byte[] mac = WebhookAuthenticator.hmacSha256(key,
        (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put("webhook-signature", "v1," + Base64.getEncoder().encodeToString(mac));
    return headers;
  }
}
