package dev.scangate.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest as used by the OCI image and distribution specs: {@code algorithm:hex}.
 *
 * <p>Only the registered algorithms {@code sha256} (64 hex digits) and {@code sha512} (128) are
 * accepted, in lowercase, as the OCI image spec requires
 * (https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests).
 *
 * <pre>{@code
 * Digest d = Digest.parse("sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b");
 * d.algorithm(); // "sha256"
 * }</pre>
 */
public record Digest(String algorithm, String hex) {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
  static final String EXAMPLE = "sha256:" + "0".repeat(64);

  public Digest {
    String input = algorithm + ":" + hex;
    int expected = expectedLength(algorithm, input);
    if (hex.length() != expected || !HEX.matcher(hex).matches()) {
      throw new InvalidReferenceException(input,
          algorithm + " digest needs exactly " + expected + " lowercase hex digits", EXAMPLE);
    }
  }

  /** Parses {@code sha256:<64 hex>} or {@code sha512:<128 hex>}. */
  public static Digest parse(String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidReferenceException(String.valueOf(value), "digest is empty", EXAMPLE);
    }
    int colon = value.indexOf(':');
    if (colon < 0) {
      throw new InvalidReferenceException(value, "digest must be algorithm:hex", EXAMPLE);
    }
    return new Digest(value.substring(0, colon), value.substring(colon + 1));
  }

  /** The sha256 digest of some bytes. */
  public static Digest sha256(byte[] content) {
    return new Digest("sha256", HexFormat.of().formatHex(newMessageDigest("sha256").digest(content)));
  }

  /** A fresh {@link MessageDigest} for this digest's algorithm, for hashing a stream. */
  public MessageDigest newMessageDigest() {
    return newMessageDigest(algorithm);
  }

  /** Whether the given hash bytes (from {@link #newMessageDigest()}) equal this digest. */
  public boolean matches(byte[] hash) {
    return MessageDigest.isEqual(HexFormat.of().parseHex(hex), hash);
  }

  /** Whether these bytes hash to this digest. */
  public boolean matchesContent(byte[] content) {
    return matches(newMessageDigest().digest(content));
  }

  /** The digest of the same content computed with this digest's algorithm. */
  public Digest of(byte[] content) {
    return new Digest(algorithm, HexFormat.of().formatHex(newMessageDigest().digest(content)));
  }

  private static int expectedLength(String algorithm, String input) {
    if ("sha256".equals(algorithm)) {
      return 64;
    }
    if ("sha512".equals(algorithm)) {
      return 128;
    }
    throw new InvalidReferenceException(input,
        "digest algorithm must be sha256 or sha512", EXAMPLE);
  }

  private static MessageDigest newMessageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance("sha256".equals(algorithm) ? "SHA-256" : "SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JRE without " + algorithm, e);
    }
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
