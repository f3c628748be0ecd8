package dev.scangate.webhooks;

/** A body that is not JSON, or not JSON of the shape the provider sends. */
final class MalformedPayloadException extends RuntimeException {

  MalformedPayloadException(Provider provider, String problem) {
    super("the " + provider + " payload is not valid: " + problem);
  }
}
