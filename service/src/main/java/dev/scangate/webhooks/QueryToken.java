package dev.scangate.webhooks;

/**
 * A shared secret in the delivery URL's query string, {@code ?token=<secret>}, for senders that
 * can neither sign nor add headers: Docker Hub webhooks
 * (https://docs.docker.com/docker-hub/repos/manage/webhooks/) and Quay notifications. The URL is
 * the secret, so it must only travel over HTTPS and be kept out of proxy logs.
 *
 * <pre>{@code
 * new QueryToken("token", secret).verify(request); // POST /api/v1/webhooks/hub?token=…
 * }</pre>
 */
final class QueryToken implements WebhookAuthenticator {

  private final String parameter;
  private final String expected;

  QueryToken(String parameter, String expected) {
    this.parameter = parameter;
    this.expected = expected;
  }

  @Override
  public void verify(WebhookRequest request) {
    String received = request.queryParameter(parameter);
    if (received == null || received.isEmpty()) {
      throw new WebhookUnauthorizedException("missing query parameter " + parameter
          + "; add ?" + parameter + "=<secret> to the webhook URL");
    }
    if (!WebhookAuthenticator.secretsMatch(received, expected)) {
      throw new WebhookUnauthorizedException("query parameter " + parameter
          + " does not match the configured secret");
    }
  }
}
