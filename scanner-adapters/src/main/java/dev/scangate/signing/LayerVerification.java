package dev.scangate.signing;

import dev.scangate.registry.Descriptor;
import java.util.Objects;

/**
 * What checking one layer of a {@code .sig} or {@code .att} image against a public key found.
 * Layers of other signers are expected next to ours: they come back as {@link
 * Status#NOT_SIGNED_BY_KEY}, not as errors.
 *
 * <pre>{@code
 * boolean signedByUs = storage.verifySignatures(image, verifier).stream()
 *     .anyMatch(LayerVerification::verified);
 * }</pre>
 *
 * @param index the layer's position in the manifest, from 0
 * @param detail why the layer did not verify, empty when it did
 * @param predicateType for a verified attestation, the statement's predicate type (signed);
 *     otherwise the layer's {@code predicateType} annotation (unsigned) or null
 */
public record LayerVerification(int index, Descriptor layer, Status status, String detail,
    String predicateType) {

  /** The outcome for one layer. */
  public enum Status {
    /** Signed by the key, about this image. */
    VERIFIED,
    /** The signature does not verify with this key (another signer, or modified content). */
    NOT_SIGNED_BY_KEY,
    /** Signed by the key, but the payload names another image digest. */
    OTHER_IMAGE,
    /** Not a readable signature or attestation layer. */
    MALFORMED
  }

  public LayerVerification {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
  }

  /** Whether the layer is signed by the key and about this image. */
  public boolean verified() {
    return status == Status.VERIFIED;
  }
}
