package dev.scangate.osv;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One {@code severity[]} entry: a scoring method and its score, which for CVSS is the vector.
 *
 * <pre>{@code
 * OsvSeverity s = new OsvSeverity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
 * s.baseScore();   // OptionalDouble[10.0]
 * s.rating();      // Optional[CRITICAL]
 * }</pre>
 *
 * @param type {@code CVSS_V2}, {@code CVSS_V3}, {@code CVSS_V4}, {@code Ubuntu}, ...
 * @param score the vector string (CVSS) or the value (Ubuntu: a priority word)
 */
public record OsvSeverity(String type, String score) {

  public static final String CVSS_V3 = "CVSS_V3";
  public static final String CVSS_V4 = "CVSS_V4";

  public OsvSeverity {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("a severity needs a type");
    }
    if (score == null) {
      throw new IllegalArgumentException("a severity needs a score");
    }
  }

  /**
   * The CVSS v3.0/v3.1 base score computed from the vector; empty for other types and for a
   * vector without all eight base metrics. (CVSS v4 scores need FIRST's lookup tables and are
   * not computed here; the vector is kept.)
   */
  public OptionalDouble baseScore() {
    if (!CVSS_V3.equals(type)) {
      return OptionalDouble.empty();
    }
    return Cvss3.baseScore(score);
  }

  /** The CVSS v3 qualitative rating of {@link #baseScore()}: NONE, LOW, ... CRITICAL. */
  public Optional<String> rating() {
    OptionalDouble score = baseScore();
    return score.isPresent() ? Optional.of(Cvss3.rating(score.getAsDouble())) : Optional.empty();
  }
}
