package dev.scangate.evaluations;

import dev.scangate.policy.input.FindingFacts;
import java.util.List;
import java.util.UUID;

/**
 * The merged vulnerability findings of a scan, as the policy sees them; the findings feature
 * provides it from its store.
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

  /** The vulnerability scanners that ran in the scan, with their versions. */
  default List<dev.scangate.policy.input.ScannerFacts> scannersOf(UUID scanId) {
    return List.of();
  }
}
