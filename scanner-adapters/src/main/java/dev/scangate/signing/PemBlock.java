package dev.scangate.signing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PEM block (RFC 7468): {@code -----BEGIN TYPE-----}, base64 lines, {@code -----END TYPE-----}.
 * Parsing is strict about the base64 (no silently skipped characters); text before the first
 * block is ignored, as Go's {@code pem.Decode} does. Encoding writes 64-character lines and a
 * final newline, like Go's {@code pem.EncodeToMemory}.
 */
record PemBlock(String type, byte[] bytes) {

  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
  private static final int LINE = 64;

  PemBlock {
    Objects.requireNonNull(type, "type");
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Parses the first PEM block of {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong, without quoting the body
   */
  static PemBlock parse(String text) {
    Matcher begin = BEGIN.matcher(text);
    if (!begin.find()) {
      throw new IllegalArgumentException("no PEM block (-----BEGIN …-----) found");
    }
    String type = begin.group(1);
    String endMarker = "-----END " + type + "-----";
    int end = text.indexOf(endMarker, begin.end());
    if (end < 0) {
      throw new IllegalArgumentException("PEM block " + type + " has no " + endMarker + " line");
    }
    String body = text.substring(begin.end(), end);
    if (body.contains(":")) {
      throw new IllegalArgumentException("PEM block " + type + " has headers, which are not"
          + " supported");
    }
    String base64 = body.replaceAll("\\s+", "");
    try {
      return new PemBlock(type, Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PEM block " + type + " is not valid base64 ("
          + e.getMessage() + ")");
    }
  }

  /** The block as text with 64-character lines and a trailing newline. */
  String encode() {
    String base64 = Base64.getEncoder().encodeToString(bytes);
    StringBuilder out = new StringBuilder(base64.length() + 100);
    out.append("-----BEGIN ").append(type).append("-----\n");
    for (int i = 0; i < base64.length(); i += LINE) {
      out.append(base64, i, Math.min(base64.length(), i + LINE)).append('\n');
    }
    out.append("-----END ").append(type).append("-----\n");
    return out.toString();
  }

  static PemBlock parse(byte[] text) {
    return parse(new String(text, StandardCharsets.US_ASCII));
  }
}
