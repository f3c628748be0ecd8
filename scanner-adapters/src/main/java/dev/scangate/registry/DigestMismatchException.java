package dev.scangate.registry;

import dev.scangate.image.Digest;
import java.util.List;

/**
 * Content did not hash to the digest it was requested by, or the registry's
 * {@code Docker-Content-Digest} header disagreed with the bytes it sent. Never retryable: the
 * registry's storage or something between it and us changed the content.
 *
 * <pre>{@code
 * // digest mismatch: manifest of 127.0.0.1:5000/app@sha256:1d6a… hashed to sha256:9f2c…
 * }</pre>
 */
public class DigestMismatchException extends RegistryException {

  private final Digest expected;
  private final Digest actual;

  /**
   * @param what the content and where it came from, e.g. {@code manifest of reg/app@sha256:…}
   */
  public DigestMismatchException(String action, String what, Digest expected, Digest actual,
      String remark) {
    super(action, -1, List.of(), false, null, "digest mismatch: " + what + " hashed to " + actual
        + (remark == null ? "" : " " + remark));
    this.expected = expected;
    this.actual = actual;
  }

  /** The digest the content should have had. */
  public Digest expected() {
    return expected;
  }

  /** The digest of the bytes received. */
  public Digest actual() {
    return actual;
  }
}
