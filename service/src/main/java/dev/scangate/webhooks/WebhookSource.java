package dev.scangate.webhooks;

import java.time.Clock;

/**
 * A configured source ready to take deliveries: how it authenticates, how it reads payloads, and
 * what the scans it requests look like.
 *
 * <pre>{@code
 * WebhookSource ghcr = WebhookSource.of("ghcr", properties.sources().get("ghcr"), clock, reader);
 * ghcr.authenticator().verify(request);
 * ghcr.extractor().extract(request);
 * }</pre>
 *
 * @param platform platform of the scans, or null for the default
 * @param priority {@code LOW}, {@code NORMAL} or {@code HIGH}
 */
record WebhookSource(String name, Provider provider, WebhookAuthenticator authenticator,
    PayloadExtractor extractor, String platform, String priority) {

  /** Wires the provider's authentication and payload reading for one validated source. */
  static WebhookSource of(String name, WebhookProperties.Source config, Clock clock,
      PayloadReader reader) {
    Provider provider = config.providerId();
    String secret = config.secret();
    String registry = config.registry();
    WebhookAuthenticator authenticator = switch (provider) {
      case GITHUB -> new GithubSignature(secret);
      case GITLAB -> new HeaderSecret("X-Gitlab-Token", secret);
      // Harbor sends its webhook policy's "Auth Header" value verbatim as Authorization.
      case HARBOR -> new HeaderSecret("Authorization", secret);
      case DOCKERHUB, QUAY -> new QueryToken("token", secret);
      case DISTRIBUTION -> new HeaderSecret("Authorization", "Bearer " + secret);
      case GENERIC -> new StandardWebhookSignature(secret, config.tolerance(), clock);
    };
    PayloadExtractor extractor = switch (provider) {
      case GITHUB -> new GithubExtractor(reader, registry);
      case GITLAB -> new GitlabExtractor(reader);
      case HARBOR -> new HarborExtractor(reader, registry);
      case DOCKERHUB -> new DockerHubExtractor(reader, registry);
      case QUAY -> new QuayExtractor(reader, registry);
      case DISTRIBUTION -> new DistributionExtractor(reader, registry);
      case GENERIC -> new GenericExtractor(reader);
    };
    return new WebhookSource(name, provider, authenticator, extractor, config.platform(),
        config.priority());
  }

  @Override
  public String toString() {
    return "WebhookSource[" + name + ", " + provider + "]";
  }
}
