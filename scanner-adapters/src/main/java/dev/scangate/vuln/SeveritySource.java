package dev.scangate.vuln;

/**
 * Where a finding's {@link Severity} came from, so a reader can tell a computed CVSS rating
 * from a label.
 *
 * <pre>{@code
 * finding.severitySource() == SeveritySource.CVSS_V3   // rated from the base score of a v3.x vector
 * }</pre>
 */
public enum SeveritySource {
  /** The qualitative rating of the base score computed from a CVSS v4.0 vector. */
  CVSS_V4,
  /** The qualitative rating of the base score computed from a CVSS v3.0 or v3.1 vector. */
  CVSS_V3,
  /** The NVD rating of the base score computed from a CVSS v2 vector. */
  CVSS_V2,
  /**
   * The label of the package's vendor: the distribution's security tracker (Debian, Ubuntu,
   * Red Hat, Alpine, …) whose data matched the package.
   */
  VENDOR,
  /**
   * The label the scanner reported from the advisory it matched when it is not known to be the
   * vendor's (GitHub advisories, NVD, OSV {@code database_specific.severity}).
   */
  ADVISORY,
  /** Nothing rated the finding; its severity is {@link Severity#UNKNOWN}. */
  NONE
}
