package dev.scangate.scans;

/**
 * One step of the scan pipeline. Stages run in order; each is timed and recorded on the scan.
 * A stage throws to fail the attempt; a registry error that says it is retryable gets the job
 * retried with backoff. Stages must be idempotent: a reclaimed scan runs them again.
 */
interface ScanStage {

  /** Short name shown on the scan, e.g. {@code fetch-manifest}. */
  String name();

  void run(ScanRun run) throws Exception;
}
