package dev.scangate.promotions;

import java.util.UUID;

/**
 * What a re-evaluation did to one promotion.
 *
 * @param before the status before, {@code after} the status after
 * @param evaluationId the recorded re-evaluation, null when it could not be made
 * @param error why it could not be made (the promotion is then left as it was)
 */
public record Reevaluation(UUID promotionId, String imageDigest, String environment,
    String before, String after, UUID evaluationId, String error) {
}
