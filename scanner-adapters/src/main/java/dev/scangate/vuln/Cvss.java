package dev.scangate.vuln;

import java.util.Objects;
import java.util.OptionalDouble;
import us.springett.cvss.MalformedVectorException;

/**
 * One CVSS rating as a scanner reported it: the vector, the base score the scanner gave (which
 * scangate does not trust blindly: {@link FindingMerger} recomputes it from the vector), and who
 * published it.
 *
 * <pre>{@code
 * new Cvss(CvssVersion.V3_1, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "nvd");
 * }</pre>
 *
 * <p>{@link #computedBaseScore()} computes the base score from the vector with Steve Springett's
 * CVSS calculator (the one Dependency-Track uses; v2, v3.0, v3.1 and v4.0).
 *
 * @param version the CVSS version; taken from the vector when the vector declares one
 * @param vector the vector string, or null when only a score was reported
 * @param baseScore the base score as reported, 0.0–10.0, or null
 * @param source who published it ({@code nvd}, {@code ghsa}, {@code redhat}, an e-mail or URL of
 *     a CNA, …) as the scanner named it, or null
 */
public record Cvss(CvssVersion version, String vector, Double baseScore, String source) {

  public Cvss {
    if (vector != null) {
      vector = vector.strip();
      if (vector.isEmpty()) {
        vector = null;
      }
    }
    CvssVersion declared = CvssVersion.ofVector(vector);
    if (declared != null) {
      version = declared;
    }
    if (version == null) {
      throw new NullPointerException("CVSS version of " + vector);
    }
    if (vector == null && baseScore == null) {
      throw new IllegalArgumentException("a CVSS rating needs a vector or a score");
    }
    if (baseScore != null && !(baseScore >= 0.0 && baseScore <= 10.0)) {
      throw new IllegalArgumentException("CVSS base score must be between 0.0 and 10.0, got "
          + baseScore + (vector == null ? "" : " for " + vector));
    }
  }

  /**
   * A rating from a vector alone, its version read from the vector.
   *
   * @throws IllegalArgumentException when the vector is not a CVSS v2, v3.x or v4.0 vector
   */
  public static Cvss ofVector(String vector, Double baseScore, String source) {
    CvssVersion version = CvssVersion.ofVector(vector);
    if (version == null) {
      throw new IllegalArgumentException("not a CVSS vector: \"" + vector
          + "\" (expected e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H)");
    }
    return new Cvss(version, vector, baseScore, source);
  }

  /**
   * The base score computed from the vector, or empty when there is no vector or the calculator
   * rejects it (a malformed or truncated vector).
   */
  public OptionalDouble computedBaseScore() {
    if (vector == null) {
      return OptionalDouble.empty();
    }
    try {
      us.springett.cvss.Cvss parsed = us.springett.cvss.Cvss.fromVector(vector);
      if (parsed == null) {
        return OptionalDouble.empty();
      }
      double score = parsed.calculateScore().getBaseScore();
      return score >= 0.0 && score <= 10.0 ? OptionalDouble.of(score) : OptionalDouble.empty();
    } catch (MalformedVectorException | IllegalArgumentException | IllegalStateException e) {
      // a vector the calculator cannot read is not a rating; the reported score still shows
      return OptionalDouble.empty();
    }
  }

  /** The qualitative severity of a base score of this rating's version. */
  public Severity severityOf(double score) {
    return version == CvssVersion.V2 ? Severity.fromCvssV2Score(score)
        : Severity.fromCvssScore(score);
  }
}
