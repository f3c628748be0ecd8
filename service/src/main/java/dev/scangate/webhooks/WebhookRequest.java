package dev.scangate.webhooks;

import dev.scangate.image.Digest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One delivery as received: headers (names lowercased, first value), query parameters (decoded,
 * first value) and the raw body, which signatures are computed over.
 *
 * <pre>{@code
 * WebhookRequest request = new WebhookRequest(Map.of("X-GitHub-Event", "package"), Map.of(), body);
 * request.header("x-github-event"); // "package"
 * }</pre>
 */
record WebhookRequest(Map<String, String> headers, Map<String, String> query, byte[] body) {

  WebhookRequest {
    Map<String, String> lower = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach((name, value) -> lower.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
    }
    headers = Map.copyOf(lower);
    query = query == null ? Map.of() : Map.copyOf(query);
    body = body == null ? new byte[0] : body;
  }

  /** The header's first value, or null; names are case-insensitive (RFC 9110 section 5.1). */
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  String queryParameter(String name) {
    return query.get(name);
  }

  /** {@code sha256:<hex>} of the body: the delivery id of payloads that carry none. */
  String bodyDigest() {
    return Digest.sha256(body).toString();
  }
}
