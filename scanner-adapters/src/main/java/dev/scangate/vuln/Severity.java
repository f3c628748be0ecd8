package dev.scangate.vuln;

import java.util.Locale;

/**
 * How bad a finding is, on one scale shared by every matcher. Ordered from worst to least:
 * {@code CRITICAL.compareTo(HIGH) < 0}.
 *
 * <p>Mapping of the labels scanners and advisories use ({@link #fromLabel}):
 * <ul>
 *   <li>{@code critical} → CRITICAL; {@code high}, {@code important} (Red Hat) → HIGH;
 *       {@code medium}, {@code moderate} (Red Hat, GitHub) → MEDIUM; {@code low} → LOW;</li>
 *   <li>{@code negligible} (Grype), {@code unimportant} (Debian tracker), {@code none} (CVSS
 *       v3 qualitative rating of 0.0) → NEGLIGIBLE;</li>
 *   <li>{@code unknown}, empty, and any other label → UNKNOWN.</li>
 * </ul>
 * Trivy's numeric vendor severities ({@code VendorSeverity}, 0–4) map through
 * {@link #fromTrivyLevel}. CVSS base scores map through {@link #fromCvssScore} with the
 * qualitative rating scale of CVSS v3.1 and v4.0 (https://www.first.org/cvss/v3.1/specification-document#Qualitative-Severity-Rating-Scale):
 * 0.0 none, 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10.0 critical; CVSS v2 has no
 * critical band (https://nvd.nist.gov/vuln-metrics/cvss: 0–3.9 low, 4.0–6.9 medium, 7.0–10.0
 * high), see {@link #fromCvssV2Score}.
 *
 * <pre>{@code
 * Severity.fromLabel("Moderate");   // MEDIUM
 * Severity.fromCvssScore(9.8);      // CRITICAL
 * }</pre>
 */
public enum Severity {
  CRITICAL, HIGH, MEDIUM, LOW, NEGLIGIBLE, UNKNOWN;

  /** The severity for a label as written by a scanner or advisory; never null. */
  public static Severity fromLabel(String label) {
    if (label == null) {
      return UNKNOWN;
    }
    switch (label.strip().toLowerCase(Locale.ROOT)) {
      case "critical":
        return CRITICAL;
      case "high":
      case "important":
        return HIGH;
      case "medium":
      case "moderate":
        return MEDIUM;
      case "low":
        return LOW;
      case "negligible":
      case "unimportant":
      case "none":
        return NEGLIGIBLE;
      default:
        return UNKNOWN;
    }
  }

  /** Trivy's {@code VendorSeverity} levels: 0 unknown, 1 low, 2 medium, 3 high, 4 critical. */
  public static Severity fromTrivyLevel(int level) {
    switch (level) {
      case 1:
        return LOW;
      case 2:
        return MEDIUM;
      case 3:
        return HIGH;
      case 4:
        return CRITICAL;
      default:
        return UNKNOWN;
    }
  }

  /** The CVSS v3.x / v4.0 qualitative rating of a base score (0.0 → NEGLIGIBLE). */
  public static Severity fromCvssScore(double score) {
    checkScore(score);
    if (score >= 9.0) {
      return CRITICAL;
    }
    if (score >= 7.0) {
      return HIGH;
    }
    if (score >= 4.0) {
      return MEDIUM;
    }
    return score > 0.0 ? LOW : NEGLIGIBLE;
  }

  /** The NVD rating of a CVSS v2 base score: there is no CRITICAL band in v2. */
  public static Severity fromCvssV2Score(double score) {
    checkScore(score);
    if (score >= 7.0) {
      return HIGH;
    }
    return score >= 4.0 ? MEDIUM : LOW;
  }

  /** Whether this is at least as bad as {@code other} (UNKNOWN is below NEGLIGIBLE). */
  public boolean atLeast(Severity other) {
    return compareTo(other) <= 0;
  }

  private static void checkScore(double score) {
    if (!(score >= 0.0 && score <= 10.0)) {
      throw new IllegalArgumentException("a CVSS base score is between 0.0 and 10.0, got "
          + score);
    }
  }
}
