package dev.scangate.registry;

import java.io.IOException;

/**
 * Thrown by the stream of {@link RegistryClient#openBlob} when the blob, read to its end, does not
 * hash to its digest or has a different size than its descriptor. An {@link IOException} so that
 * tar and gzip readers pass it through; {@link #getCause()} is the {@link DigestMismatchException}
 * when the hash differed.
 */
public class BlobVerificationException extends IOException {

  public BlobVerificationException(String message, DigestMismatchException cause) {
    super(message, cause);
  }
}
