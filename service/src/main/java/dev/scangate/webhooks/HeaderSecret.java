package dev.scangate.webhooks;

/**
 * A shared secret sent verbatim in a header: GitLab's {@code X-Gitlab-Token}
 * (https://docs.gitlab.com/user/project/integrations/webhooks/#create-a-webhook), the
 * {@code Authorization} value configured as Harbor's webhook "Auth Header", or the
 * {@code Authorization: Bearer <secret>} configured in a registry's notification endpoint
 * headers (https://distribution.github.io/distribution/about/notifications/).
 *
 * <pre>{@code
 * new HeaderSecret("X-Gitlab-Token", secret).verify(request);
 * new HeaderSecret("Authorization", "Bearer " + secret).verify(request);
 * }</pre>
 */
final class HeaderSecret implements WebhookAuthenticator {

  private final String header;
  private final String expected;

  HeaderSecret(String header, String expected) {
    this.header = header;
    this.expected = expected;
  }

  @Override
  public void verify(WebhookRequest request) {
    String received = request.header(header);
    if (received == null || received.isEmpty()) {
      throw new WebhookUnauthorizedException("missing header " + header);
    }
    if (!WebhookAuthenticator.secretsMatch(received, expected)) {
      throw new WebhookUnauthorizedException("header " + header
          + " does not match the configured secret");
    }
  }
}
