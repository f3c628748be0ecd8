package dev.scangate.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The real payloads under {@code src/test/resources/webhooks/} (see SOURCES.md there). */
final class Payloads {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private Payloads() {
  }

  /** The bytes of {@code webhooks/<path>}, exactly as stored. */
  static byte[] bytes(String path) {
    try (InputStream in = Payloads.class.getResourceAsStream("/webhooks/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource webhooks/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The payload as a tree, for tests that change it at run time (and say why). */
  static ObjectNode tree(String path) {
    return (ObjectNode) JSON.readTree(bytes(path));
  }

  static byte[] bytes(ObjectNode tree) {
    return JSON.writeValueAsBytes(tree);
  }

  static WebhookRequest request(byte[] body, Map<String, String> headers) {
    return new WebhookRequest(headers, Map.of(), body);
  }

  static PayloadReader reader() {
    return new PayloadReader(JSON);
  }
}
