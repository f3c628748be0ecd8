package dev.scangate.webhooks;

/**
 * A payload that was understood but names no image scangate could scan, e.g. a GitHub npm
 * package event. The message names the provider and what was missing.
 */
final class NoImageException extends RuntimeException {

  private final Provider provider;

  NoImageException(Provider provider, String missing) {
    super(provider + " payload has no container image: " + missing);
    this.provider = provider;
  }

  Provider provider() {
    return provider;
  }
}
