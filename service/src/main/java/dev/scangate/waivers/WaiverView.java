package dev.scangate.waivers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * A waiver: API shape of {@code GET /api/v1/waivers}.
 *
 * @param status {@code ACTIVE}, {@code EXPIRED} or {@code REVOKED}
 * @param source {@code API}, {@code OPENVEX} or {@code CYCLONEDX}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaiverView(UUID id, String vulnerability,
    @JsonProperty("package") String packagePattern, String repository, String environment,
    String reason, String justification, String owner, String source, String createdBy,
    Instant createdAt, Instant expiresAt, String status, String approvedBy, Instant approvedAt,
    String revokedBy, Instant revokedAt, String revokeReason) {
}
