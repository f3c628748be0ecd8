package dev.scangate.attestations;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of {@code attestations} (persistence record, not API JSON): an attestation (DSSE
 * envelope) or a simple signature (payload + DER signature) and its registry push state.
 *
 * @param scanId the scan that made it, or null (promotions, API)
 * @param repository {@code registry/repository} whose {@code .att}/{@code .sig} tag it goes to
 * @param predicateType for an attestation; null for a signature
 * @param envelope the DSSE envelope JSON, or the simple signing payload of a signature
 * @param signature the DER signature of a simple signature; null for an attestation
 */
record StoredAttestation(UUID id, UUID scanId, Kind kind, String imageDigest, String repository,
    String predicateType, String keyId, byte[] envelope, byte[] signature, Instant createdAt,
    PushStatus pushStatus, int pushAttempts, String pushError, Instant pushedAt,
    Destinations destinations) {

  /**
   * Where it was pushed: cosign's tag ({@code tagManifestDigest} is the {@code .att}/{@code .sig}
   * manifest holding it) and the OCI 1.1 referrers ({@code referrersVia} {@code REFERRERS_API} or
   * {@code TAG_SCHEMA}). Null fields: not pushed there (yet).
   */
  record Destinations(Instant tagPushedAt, String tagManifestDigest, Instant referrersPushedAt,
      String referrerManifestDigest, String referrersVia) {
    static final Destinations NONE = new Destinations(null, null, null, null, null);
  }

  enum Kind { ATTESTATION, SIGNATURE }

  /** PENDING: not pushed yet (first push or retries to come); FAILED: retries exhausted. */
  enum PushStatus { PENDING, PUSHED, FAILED, SKIPPED }

  StoredAttestation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(envelope, "envelope");
    destinations = destinations == null ? Destinations.NONE : destinations;
  }

  String image() {
    return repository + "@" + imageDigest;
  }

  @Override
  public String toString() {
    return "StoredAttestation[" + id + ", " + kind + ", " + image() + ", "
        + (predicateType == null ? "" : predicateType + ", ") + pushStatus + "]";
  }
}
