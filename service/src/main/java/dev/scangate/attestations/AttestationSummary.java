package dev.scangate.attestations;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * An attestation of an image as the image view lists it ({@code GET /api/v1/images/{digest}}):
 * what it says, who signed it, where it was pushed and where to download it.
 *
 * @param pushStatus {@code PENDING}, {@code PUSHED} (every destination has it), {@code FAILED}
 *     or {@code SKIPPED}; see {@link AttestationStatus}
 * @param error the last push error while not pushed everywhere
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttestationSummary(UUID id, String predicateType, String keyId, Instant createdAt,
    UUID scanId, String pushStatus, String error, Destinations destinations,
    Downloads downloads) {

  /** One entry per destination. */
  public record Destinations(Tag tag, Referrers referrers) {
  }

  /**
   * Cosign's tag.
   *
   * @param reference the {@code sha256-<hex>.att} tag it goes to
   * @param manifestDigest the tag's manifest once it held the attestation
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tag(boolean pushed, String reference, String manifestDigest, Instant pushedAt) {
  }

  /**
   * The OCI 1.1 referrers of the image.
   *
   * @param via {@code REFERRERS_API} (the registry lists it) or {@code TAG_SCHEMA} (listed in
   *     the index under {@code indexTag})
   * @param manifestDigest the referrer artifact manifest (a Sigstore bundle)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Referrers(boolean pushed, String via, String manifestDigest, String indexTag,
      Instant pushedAt) {
  }

  /** API paths that download the attestation. */
  public record Downloads(String dsse, String bundle) {
  }

  static AttestationSummary of(StoredAttestation row) {
    StoredAttestation.Destinations d = row.destinations();
    String hex = row.imageDigest().substring(row.imageDigest().indexOf(':') + 1);
    String algorithm = row.imageDigest().substring(0, row.imageDigest().indexOf(':'));
    Tag tag = new Tag(d.tagPushedAt() != null, row.repository() + ":" + algorithm + "-" + hex
        + (row.kind() == StoredAttestation.Kind.ATTESTATION ? ".att" : ".sig"),
        d.tagManifestDigest(), d.tagPushedAt());
    boolean referred = d.referrersPushedAt() != null;
    Referrers referrers = new Referrers(referred, d.referrersVia(), d.referrerManifestDigest(),
        "TAG_SCHEMA".equals(d.referrersVia()) ? row.repository() + ":" + algorithm + "-" + hex
            : null, d.referrersPushedAt());
    String base = "/api/v1/images/" + row.imageDigest() + "/attestations/" + row.id();
    boolean pushed = row.pushStatus() == StoredAttestation.PushStatus.PUSHED;
    return new AttestationSummary(row.id(), row.predicateType(), row.keyId(), row.createdAt(),
        row.scanId(), row.pushStatus().name(), pushed ? null : row.pushError(),
        new Destinations(tag, referrers), new Downloads(base, base + "?format=bundle"));
  }
}
