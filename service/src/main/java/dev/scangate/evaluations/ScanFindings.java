package dev.scangate.evaluations;

import dev.scangate.policy.input.FindingFacts;
import java.util.List;
import java.util.UUID;

/**
 * The merged vulnerability findings of a scan, as the policy sees them. The findings feature
 * provides it; while no implementation is present, evaluating a scanned image fails with a 503
 * problem ("vulnerability findings are not available") rather than pretending there are none.
 *
 * <pre>{@code
 * List<FindingFacts> findings = scanFindings.findingsOf(scanId);
 * }</pre>
 */
public interface ScanFindings {

  /**
   * Every merged finding of the scan, unwaived ({@code waived == false}); waivers are applied
   * by the evaluation. Empty when the scan found nothing.
   */
  List<FindingFacts> findingsOf(UUID scanId);
}
