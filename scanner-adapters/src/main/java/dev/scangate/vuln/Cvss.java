package dev.scangate.vuln;

import java.util.Objects;

/**
 * One CVSS rating as a scanner reported it: the vector, the base score the scanner gave (which
 * scangate does not trust blindly: {@link FindingMerger} recomputes it from the vector), and who
 * published it.
 *
 * <pre>{@code
 * new Cvss(CvssVersion.V3_1, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "nvd");
 * }</pre>
 *
 * @param version the CVSS version; taken from the vector when the vector declares one
 * @param vector the vector string, or null when only a score was reported
 * @param baseScore the base score as reported, 0.0–10.0, or null
 * @param source who published it ({@code nvd}, {@code ghsa}, {@code redhat}, an e-mail or URL of
 *     a CNA, …) as the scanner named it, or null
 */
public record Cvss(CvssVersion version, String vector, Double baseScore, String source) {

  public Cvss {
    Objects.requireNonNull(version, "version");
    if (vector != null) {
      vector = vector.strip();
      if (vector.isEmpty()) {
        vector = null;
      }
    }
    if (vector == null && baseScore == null) {
      throw new IllegalArgumentException("a CVSS rating needs a vector or a score");
    }
    if (baseScore != null && !(baseScore >= 0.0 && baseScore <= 10.0)) {
      throw new IllegalArgumentException("CVSS base score must be between 0.0 and 10.0, got "
          + baseScore + (vector == null ? "" : " for " + vector));
    }
  }
}
