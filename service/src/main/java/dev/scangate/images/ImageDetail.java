package dev.scangate.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.scangate.attestations.AttestationSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One image: API shape of {@code GET /api/v1/images/{digest}}.
 *
 * @param attestations what scangate attested about this digest, oldest first, with where each
 *     was pushed and where to download it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageDetail(@JsonUnwrapped ImageSummary image, String user, Instant created,
    Map<String, String> labels, List<Layer> layers, List<Child> children, List<String> indexes,
    List<TagEvent> tagHistory, List<AttestationSummary> attestations,
    List<Promotion> promotions) {

  /**
   * A promotion of this digest to an environment, newest first; {@code status} is
   * {@code ACTIVE}, {@code AT_RISK} or {@code REVOKED}.
   */
  public record Promotion(java.util.UUID id, String environment, String status,
      Instant promotedAt, String promotedBy, String policyDigest, Instant atRiskSince,
      Instant revokedAt, String revokeReason) {
  }

  public record Layer(String digest, String mediaType, long size) {
  }

  public record Child(String digest, String platform, String mediaType, long size) {
  }

  /** A tag seen pointing at this digest at a time. */
  public record TagEvent(String repository, String tag, Instant observedAt) {
  }
}
