package dev.scangate.webhooks;

/**
 * A delivery whose authentication failed. The reason names the header or parameter and the rule
 * ("stale timestamp", "signature does not match"), never the value received or the secret.
 */
final class WebhookUnauthorizedException extends RuntimeException {

  WebhookUnauthorizedException(String reason) {
    super(reason);
  }
}
