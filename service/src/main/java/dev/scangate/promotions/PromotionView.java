package dev.scangate.promotions;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * A promotion: API shape of {@code GET /api/v1/promotions}.
 *
 * @param status {@code ACTIVE}, {@code AT_RISK} (failed a re-evaluation, revoked when the grace
 *     period ends) or {@code REVOKED}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PromotionView(UUID id, Image image, String environment, String status,
    Instant promotedAt, String promotedBy, UUID scanId, UUID evaluationId,
    UUID lastEvaluationId, Policy policy, UUID attestationId, UUID signatureId,
    Instant atRiskSince, Instant revokedAt, String revokeReason) {

  public record Image(String reference, String digest, String repository) {
  }

  public record Policy(UUID versionId, String digest) {
  }
}
