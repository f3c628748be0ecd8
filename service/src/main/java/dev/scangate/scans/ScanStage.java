package dev.scangate.scans;

/**
 * One step of the scan pipeline. Stages run in order; each is timed and recorded on the scan.
 * A stage throws to fail the attempt; a registry error that says it is retryable gets the job
 * retried with backoff. Stages must be idempotent: a reclaimed scan runs them again.
 */
interface ScanStage {

  /** Short name shown on the scan, e.g. {@code fetch-manifest}. */
  String name();

  /** Whether the stage has work in this run; one that does not is recorded as SKIPPED. */
  default boolean applies(ScanRun run) {
    return true;
  }

  /** Runs the stage; returns a short detail for the scan's stage list, or null. */
  String run(ScanRun run) throws Exception;
}
