package dev.scangate.signing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Writes JSON the way Go's {@code encoding/json.Marshal} does, so that documents cosign would
 * produce (simple signing payloads, signature manifests and configs) come out byte for byte:
 * compact, map keys sorted by their UTF-8 bytes, and strings escaped as Go escapes them
 * (https://pkg.go.dev/encoding/json#Marshal): quote, backslash, backspace, form feed, newline,
 * carriage return and tab as two-character escapes (Go 1.22+); other control characters and the
 * HTML characters {@code < > &} as six-character unicode escapes with lowercase hex (backslash,
 * {@code u003c}); U+2028 and U+2029 escaped the same way; invalid UTF-16 (a lone surrogate, which
 * Go would see as invalid UTF-8) as the escaped replacement character U+FFFD; everything else
 * literal.
 */
final class GoJson {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoJson() {
  }

  /** Appends {@code s} as a Go-escaped JSON string literal. */
  static StringBuilder string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', (char) 0x2028, (char) 0x2029 -> unicodeEscape(out, c);
        default -> {
          if (c < 0x20) {
            unicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            out.append("\\").append("ufffd");
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
  }

  /**
   * Appends a value built from Java types: String, Boolean, Integer, Long, BigInteger, null, a
   * Map with String keys (written sorted, as Go sorts map keys) or a List of such values.
   *
   * @throws IllegalArgumentException for other types (floating point is refused: Go's float
   *     formatting is not reproduced here)
   */
  static StringBuilder value(StringBuilder out, Object value) {
    if (value == null) {
      return out.append("null");
    }
    if (value instanceof String s) {
      return string(out, s);
    }
    if (value instanceof Boolean b) {
      return out.append(b.booleanValue());
    }
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      return out.append(value);
    }
    if (value instanceof Map<?, ?> map) {
      List<String> keys = new ArrayList<>();
      for (Object key : map.keySet()) {
        if (!(key instanceof String k)) {
          throw new IllegalArgumentException("JSON object keys must be strings, got " + key);
        }
        keys.add(k);
      }
      keys.sort(GoJson::compareUtf8);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        string(out, keys.get(i)).append(':');
        value(out, map.get(keys.get(i)));
      }
      return out.append('}');
    }
    if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        value(out, list.get(i));
      }
      return out.append(']');
    }
    throw new IllegalArgumentException("cannot write a " + value.getClass().getSimpleName()
        + " as JSON here; use strings, booleans, integers, maps and lists");
  }

  /**
   * Appends a parsed JSON tree keeping its object key order (a document read from a registry is
   * written back as it was ordered), strings escaped the Go way.
   */
  static StringBuilder node(StringBuilder out, JsonNode node) {
    if (node.isObject()) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, entry.getKey()).append(':');
        node(out, entry.getValue());
      }
      return out.append('}');
    }
    if (node.isArray()) {
      out.append('[');
      Iterator<JsonNode> items = node.values().iterator();
      boolean first = true;
      while (items.hasNext()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        node(out, items.next());
      }
      return out.append(']');
    }
    if (node.isString()) {
      return string(out, node.stringValue());
    }
    if (node.isIntegralNumber()) {
      return out.append(node.bigIntegerValue());
    }
    if (node.isNumber()) {
      return out.append(node.decimalValue().toString());
    }
    if (node.isBoolean()) {
      return out.append(node.booleanValue());
    }
    return out.append("null");
  }

  static byte[] bytes(StringBuilder json) {
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Go compares strings bytewise, i.e. by their UTF-8 encoding. */
  static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }
}
