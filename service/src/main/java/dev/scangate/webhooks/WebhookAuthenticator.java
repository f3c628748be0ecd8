package dev.scangate.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decides whether a delivery really comes from the configured sender. Each provider has its own
 * scheme: an HMAC signature of the body (GitHub, Standard Webhooks), a shared secret in a header
 * (GitLab, Harbor, registry notifications) or in the query string (Docker Hub and Quay, which
 * cannot sign). Every comparison is constant-time.
 *
 * <pre>{@code
 * WebhookAuthenticator github = new GithubSignature("It's a Secret to Everybody");
 * github.verify(request); // throws WebhookUnauthorizedException naming what failed
 * }</pre>
 */
sealed interface WebhookAuthenticator
    permits GithubSignature, HeaderSecret, QueryToken, StandardWebhookSignature {

  /** @throws WebhookUnauthorizedException when the delivery is not authentic */
  void verify(WebhookRequest request);

  /**
   * Compares a received secret with the configured one in time that does not depend on where
   * they differ, nor on the length of either: both are hashed to 32 bytes first, then compared
   * with {@link MessageDigest#isEqual}.
   */
  static boolean secretsMatch(String received, String expected) {
    return MessageDigest.isEqual(sha256(received), sha256(expected));
  }

  /** HMAC-SHA256 (RFC 2104) of the parts, in order. */
  static byte[] hmacSha256(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
