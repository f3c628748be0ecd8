package dev.scangate.attestations;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * Whether a stored attestation or signature reached its registry: API shape of the
 * {@code attestations} of a scan ({@code GET /api/v1/scans/{id}}) and the result of
 * {@link ImageSigning#signImage} and {@link ImageSigning#attest}.
 *
 * @param kind {@code attestation} or {@code signature}
 * @param predicateType for an attestation; null for a signature
 * @param pushed whether it is in the image's {@code .att}/{@code .sig} tag
 * @param pushStatus {@code PENDING} (push not done yet, retries to come), {@code PUSHED},
 *     {@code FAILED} (retries exhausted) or {@code SKIPPED} (registry not in
 *     {@code scangate.signing.push-registries})
 * @param error the last push error, when not pushed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttestationStatus(UUID id, String kind, String predicateType, String keyId,
    boolean pushed, String pushStatus, Integer pushAttempts, String error) {

  static AttestationStatus of(StoredAttestation row) {
    boolean pushed = row.pushStatus() == StoredAttestation.PushStatus.PUSHED;
    return new AttestationStatus(row.id(), row.kind().name().toLowerCase(java.util.Locale.ROOT),
        row.predicateType(), row.keyId(), pushed, row.pushStatus().name(), row.pushAttempts(),
        pushed ? null : row.pushError());
  }
}
