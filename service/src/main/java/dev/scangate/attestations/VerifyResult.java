package dev.scangate.attestations;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.scangate.signing.LayerVerification;
import java.util.List;

/**
 * What {@code POST /api/v1/verify} found in the image's {@code .sig} and {@code .att} tags and
 * among its OCI 1.1 referrers (cosign signature artifacts and Sigstore bundles, read through the
 * referrers API or the referrers tag schema): every entry with its status against the key,
 * whoever pushed it (scangate, cosign, others).
 *
 * @param image the image as verified, pinned to its digest
 * @param keyId the id of the key checked against
 * @param verified whether at least one signature or attestation verifies with the key
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyResult(String image, String digest, String keyId, boolean verified,
    List<Layer> signatures, List<Layer> attestations) {

  public VerifyResult {
    signatures = List.copyOf(signatures);
    attestations = List.copyOf(attestations);
  }

  /**
   * One layer of the {@code .sig} or {@code .att} image, or one referrer.
   *
   * @param source {@code tag} (cosign's {@code .sig}/{@code .att} tag) or {@code referrers}
   * @param index its position in the tag's manifest, or among the referrers of its kind, from 0
   * @param digest the layer digest (for a referrer: the digest of its payload layer)
   * @param digest the layer digest
   * @param status {@code VERIFIED}, {@code NOT_SIGNED_BY_KEY}, {@code OTHER_IMAGE} or
   *     {@code MALFORMED}
   * @param predicateType for attestations: the signed predicate type when verified, else the
   *     layer's (unsigned) annotation
   * @param detail why it did not verify
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Layer(String source, int index, String digest, String status,
      String predicateType, String detail) {

    static final String TAG = "tag";
    static final String REFERRERS = "referrers";

    static Layer of(String source, LayerVerification verification) {
      return new Layer(source, verification.index(), verification.layer().digest().toString(),
          verification.status().name(), verification.predicateType(),
          verification.detail().isEmpty() ? null : verification.detail());
    }
  }
}
