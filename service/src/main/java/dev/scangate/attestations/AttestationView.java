package dev.scangate.attestations;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * An attestation of an image: API shape of {@code GET /api/v1/images/{digest}/attestations}.
 *
 * @param envelope the DSSE envelope as a JSON object, exactly the bytes stored and pushed
 * @param pushed whether it is in the image's {@code .att} tag
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttestationView(UUID id, String predicateType, String keyId, Instant createdAt,
    UUID scanId, String repository, boolean pushed, @JsonRawValue String envelope) {

  static AttestationView of(StoredAttestation row) {
    return new AttestationView(row.id(), row.predicateType(), row.keyId(), row.createdAt(),
        row.scanId(), row.repository(),
        row.pushStatus() == StoredAttestation.PushStatus.PUSHED,
        new String(row.envelope(), StandardCharsets.UTF_8));
  }
}
