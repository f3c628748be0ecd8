package dev.scangate.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Standard Webhooks symmetric signatures
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
 * headers {@code webhook-id}, {@code webhook-timestamp} (unix seconds) and
 * {@code webhook-signature}, a space-separated list of {@code v1,<base64 HMAC-SHA256>} over
 * {@code <id>.<timestamp>.<body>}, keyed with the base64-decoded part of a
 * {@code whsec_<base64>} secret. The timestamp must be within the tolerance of the server's
 * clock, in either direction, so a captured delivery cannot be replayed later.
 *
 * <pre>{@code
 * var check = new StandardWebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
 *     Duration.ofMinutes(5), clock);
 * check.verify(request); // v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= for the spec's example
 * }</pre>
 */
final class StandardWebhookSignature implements WebhookAuthenticator {

  static final String ID = "webhook-id";
  static final String TIMESTAMP = "webhook-timestamp";
  static final String SIGNATURE = "webhook-signature";
  private static final String SECRET_PREFIX = "whsec_";
  private static final String VERSION = "v1,";

  private final byte[] key;
  private final Duration tolerance;
  private final Clock clock;

  StandardWebhookSignature(String secret, Duration tolerance, Clock clock) {
    this.key = decodeSecret(secret);
    this.tolerance = tolerance;
    this.clock = clock;
  }

  /**
   * The HMAC key of a {@code whsec_<base64>} secret. The spec asks for 24 to 64 random bytes.
   * Messages never quote the secret.
   */
  static byte[] decodeSecret(String secret) {
    if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
      throw new IllegalArgumentException("a generic (Standard Webhooks) secret must be whsec_"
          + " followed by base64 of 24-64 random bytes, e.g. whsec_$(openssl rand -base64 32)");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the part of the secret after whsec_ is not valid base64");
    }
    if (key.length < 24 || key.length > 64) {
      throw new IllegalArgumentException("the secret after whsec_ decodes to " + key.length
          + " bytes; Standard Webhooks secrets are 24-64 bytes");
    }
    return key;
  }

  @Override
  public void verify(WebhookRequest request) {
    String id = required(request, ID);
    String timestamp = required(request, TIMESTAMP);
    String signatures = required(request, SIGNATURE);
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      throw new WebhookUnauthorizedException(TIMESTAMP + " is not an integer of unix seconds");
    }
    Instant sent = Instant.ofEpochSecond(seconds);
    Instant now = clock.instant();
    Duration skew = Duration.between(sent, now);
    if (skew.abs().compareTo(tolerance) > 0) {
      throw new WebhookUnauthorizedException("stale timestamp: " + TIMESTAMP + " " + seconds
          + " is " + skew.abs().toSeconds() + "s " + (skew.isNegative() ? "ahead of" : "behind")
          + " the server clock, beyond the tolerance of " + tolerance.toSeconds() + "s");
    }
    byte[] expected = WebhookAuthenticator.hmacSha256(key,
        (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), request.body());
    for (String signature : signatures.strip().split(" +")) {
      if (!signature.startsWith(VERSION)) {
        continue; // another scheme, e.g. v1a (ed25519); the spec lets a sender send several
      }
      byte[] received;
      try {
        received = Base64.getDecoder().decode(signature.substring(VERSION.length()));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (MessageDigest.isEqual(expected, received)) {
        return;
      }
    }
    throw new WebhookUnauthorizedException("no v1 signature in " + SIGNATURE
        + " matches the body signed with the configured secret");
  }

  private static String required(WebhookRequest request, String header) {
    String value = request.header(header);
    if (value == null || value.isBlank()) {
      throw new WebhookUnauthorizedException("missing header " + header);
    }
    return value;
  }
}
