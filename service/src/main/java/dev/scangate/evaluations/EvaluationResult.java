package dev.scangate.evaluations;

import dev.scangate.policy.Evaluation;
import dev.scangate.policy.input.PolicyInput;
import java.util.List;
import java.util.UUID;

/**
 * An evaluation with its context, before or after it is recorded.
 *
 * @param policyVersionId the stored version evaluated, or null for a draft
 * @param scanId the scan the findings came from, null when the image was never scanned and for
 *     an image index
 * @param scanIds every scan the findings came from: the image's, or one per platform of an index
 */
public record EvaluationResult(Evaluation evaluation, ImageTarget target, UUID policyId,
    UUID policyVersionId, UUID scanId, List<UUID> scanIds, PolicyInput input,
    EvaluationView view) {

  public EvaluationResult {
    scanIds = List.copyOf(scanIds);
  }

  public boolean allowed() {
    return evaluation.decision().allowed();
  }
}
