package dev.scangate.vuln;

/**
 * Whether an external scanner may update its vulnerability database while it scans.
 *
 * <pre>{@code
 * new GrypeSettings(binary, dbDir, DatabaseUpdates.NEVER, …);
 * }</pre>
 */
public enum DatabaseUpdates {
  /**
   * Never: scans use the database on disk, so results are reproducible, a scan never waits for
   * a download and works without network access; the operator updates the database
   * ({@code grype db update}, {@code trivy image --download-db-only}) on a schedule.
   */
  NEVER,
  /** The tool checks for a newer database before each scan (its default behaviour). */
  AUTO
}
