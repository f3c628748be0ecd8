package dev.scangate.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * GitHub's webhook signature: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw
 * body, keyed with the webhook secret>}
 * (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries).
 *
 * <pre>{@code
 * new GithubSignature("It's a Secret to Everybody").verify(request);
 * // body "Hello, World!" is accepted with
 * // sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17
 * }</pre>
 */
final class GithubSignature implements WebhookAuthenticator {

  static final String HEADER = "X-Hub-Signature-256";
  private static final String PREFIX = "sha256=";

  private final byte[] key;

  GithubSignature(String secret) {
    this.key = secret.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void verify(WebhookRequest request) {
    String header = request.header(HEADER);
    if (header == null || header.isBlank()) {
      throw new WebhookUnauthorizedException("missing header " + HEADER
          + "; set the secret in the GitHub webhook's settings");
    }
    byte[] received;
    try {
      if (!header.startsWith(PREFIX)) {
        throw new IllegalArgumentException("no sha256= prefix");
      }
      received = HexFormat.of().parseHex(header.substring(PREFIX.length()).strip());
    } catch (IllegalArgumentException e) {
      throw new WebhookUnauthorizedException(HEADER + " is not sha256=<hex HMAC-SHA256>");
    }
    byte[] expected = WebhookAuthenticator.hmacSha256(key, request.body());
    if (!MessageDigest.isEqual(expected, received)) {
      throw new WebhookUnauthorizedException(HEADER + " does not match the body signed with the"
          + " configured secret");
    }
  }
}
