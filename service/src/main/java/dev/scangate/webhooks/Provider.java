package dev.scangate.webhooks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of systems that send webhooks to scangate. Each has its own way of authenticating a
 * delivery and its own payload; {@link WebhookSource#of} wires the right pair for a configured
 * source.
 *
 * <pre>{@code
 * Provider.parse("github"); // GITHUB
 * Provider.parse("gitea");  // IllegalArgumentException: "gitea" is not one of github, gitlab, …
 * }</pre>
 */
enum Provider {
  /** GitHub {@code registry_package} and {@code package} events, HMAC-signed. */
  GITHUB,
  /** GitLab pipeline events carrying {@code SCANGATE_IMAGE}, {@code X-Gitlab-Token}. */
  GITLAB,
  /** Harbor artifact pushes (default and CloudEvents format), {@code Authorization} header. */
  HARBOR,
  /** Docker Hub repository webhooks, unsigned: a {@code ?token=} query parameter. */
  DOCKERHUB,
  /** Quay repository push notifications, unsigned: a {@code ?token=} query parameter. */
  QUAY,
  /** CNCF distribution (registry) notifications, {@code Authorization: Bearer} header. */
  DISTRIBUTION,
  /** scangate's own format signed as Standard Webhooks (https://www.standardwebhooks.com/). */
  GENERIC;

  /** The lowercase name used in configuration and messages. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Provider parse(String value) {
    for (Provider provider : values()) {
      if (provider.id().equals(value)) {
        return provider;
      }
    }
    throw new IllegalArgumentException("\"" + value + "\" is not one of " + names());
  }

  static String names() {
    return Arrays.stream(values()).map(Provider::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id();
  }
}
