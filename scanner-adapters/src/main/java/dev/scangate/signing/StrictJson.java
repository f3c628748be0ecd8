package dev.scangate.signing;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses signed JSON documents (envelopes, statements, payloads, key files) strictly: duplicate
 * keys and trailing tokens are errors, because bytes that are verified must mean one thing to
 * every reader.
 */
final class StrictJson {

  static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private StrictJson() {
  }

  /**
   * Parses a JSON object.
   *
   * @throws IllegalArgumentException naming {@code what} when it is not one
   */
  static JsonNode object(byte[] bytes, String what) {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(what + " is not a JSON object");
    }
    return root;
  }
}
