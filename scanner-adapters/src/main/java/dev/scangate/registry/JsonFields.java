package dev.scangate.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON documents of the image and distribution specs as trees, tolerating unknown
 * fields. Field errors are reported as {@link IllegalArgumentException} naming the JSON path;
 * callers turn them into an {@link InvalidContentException} that says what was being done.
 */
final class JsonFields {

  /**
   * Duplicate keys are rejected: a document whose meaning depends on which duplicate a parser
   * keeps is how manifest confusion attacks work, and the bytes we hash must mean one thing.
   */
  static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonFields() {
  }

  /** Parses a JSON object, or throws naming {@code what}. */
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

  static String optionalString(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() ? value.stringValue() : null;
  }

  static String optionalString(JsonNode node, String field, String path) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new IllegalArgumentException(path + "." + field + " must be a string");
    }
    return value.stringValue();
  }

  static String requiredString(JsonNode node, String field, String path) {
    String value = optionalString(node, field, path);
    if (value == null) {
      throw new IllegalArgumentException(path + "." + field + " is missing");
    }
    return value;
  }

  static Optional<Long> optionalLong(JsonNode node, String field, String path) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException(path + "." + field + " must be an integer");
    }
    return Optional.of(value.longValue());
  }

  static List<JsonNode> optionalArray(JsonNode node, String field, String path) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(path + "." + field + " must be an array");
    }
    List<JsonNode> items = new ArrayList<>(value.size());
    value.values().forEach(items::add);
    return items;
  }

  static List<String> optionalStrings(JsonNode node, String field, String path) {
    List<String> strings = new ArrayList<>();
    List<JsonNode> items = optionalArray(node, field, path);
    for (int i = 0; i < items.size(); i++) {
      if (!items.get(i).isString()) {
        throw new IllegalArgumentException(path + "." + field + "[" + i + "] must be a string");
      }
      strings.add(items.get(i).stringValue());
    }
    return List.copyOf(strings);
  }

  /** A JSON object of string values (annotations, labels); absent or null gives an empty map. */
  static Map<String, String> optionalStringMap(JsonNode node, String field, String path) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw new IllegalArgumentException(path + "." + field + " must be an object");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      if (!entry.getValue().isString()) {
        throw new IllegalArgumentException(
            path + "." + field + "[\"" + entry.getKey() + "\"] must be a string");
      }
      map.put(entry.getKey(), entry.getValue().stringValue());
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
