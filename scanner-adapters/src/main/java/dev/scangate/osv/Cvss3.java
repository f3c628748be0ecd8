package dev.scangate.osv;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * CVSS v3.0 and v3.1 base scores from a vector string, by the specification's formulas
 * (https://www.first.org/cvss/v3.1/specification-document, section 7.1 and Appendix A's
 * Roundup; v3.0 rounds up to one decimal directly). Temporal and environmental metrics in the
 * vector are ignored; a vector missing a base metric has no score.
 */
final class Cvss3 {

  private Cvss3() {
  }

  static OptionalDouble baseScore(String vector) {
    if (vector == null || !(vector.startsWith("CVSS:3.0/") || vector.startsWith("CVSS:3.1/"))) {
      return OptionalDouble.empty();
    }
    boolean v30 = vector.startsWith("CVSS:3.0/");
    Map<String, String> metrics = new HashMap<>();
    for (String part : vector.substring("CVSS:3.x/".length()).split("/")) {
      int colon = part.indexOf(':');
      if (colon > 0) {
        metrics.putIfAbsent(part.substring(0, colon), part.substring(colon + 1));
      }
    }
    boolean changed = "C".equals(metrics.get("S"));
    if (!changed && !"U".equals(metrics.get("S"))) {
      return OptionalDouble.empty();
    }
    double av = weight(metrics.get("AV"), "N", 0.85, "A", 0.62, "L", 0.55, "P", 0.2);
    double ac = weight(metrics.get("AC"), "L", 0.77, "H", 0.44);
    double pr = changed
        ? weight(metrics.get("PR"), "N", 0.85, "L", 0.68, "H", 0.5)
        : weight(metrics.get("PR"), "N", 0.85, "L", 0.62, "H", 0.27);
    double ui = weight(metrics.get("UI"), "N", 0.85, "R", 0.62);
    double c = weight(metrics.get("C"), "H", 0.56, "L", 0.22, "N", 0);
    double i = weight(metrics.get("I"), "H", 0.56, "L", 0.22, "N", 0);
    double a = weight(metrics.get("A"), "H", 0.56, "L", 0.22, "N", 0);
    if (Double.isNaN(av + ac + pr + ui + c + i + a)) {
      return OptionalDouble.empty();
    }
    double iss = 1 - (1 - c) * (1 - i) * (1 - a);
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15)
        : 6.42 * iss;
    double exploitability = 8.22 * av * ac * pr * ui;
    if (impact <= 0) {
      return OptionalDouble.of(0);
    }
    double raw = changed ? Math.min(1.08 * (impact + exploitability), 10)
        : Math.min(impact + exploitability, 10);
    return OptionalDouble.of(v30 ? Math.ceil(raw * 10) / 10 : roundUp(raw));
  }

  /** CVSS v3.1 Appendix A: the smallest one-decimal number >= input, robust to float error. */
  private static double roundUp(double input) {
    long intInput = Math.round(input * 100000);
    if (intInput % 10000 == 0) {
      return intInput / 100000.0;
    }
    return (Math.floor(intInput / 10000.0) + 1) / 10.0;
  }

  /** The specification's qualitative rating scale (section 5). */
  static String rating(double score) {
    if (score == 0) {
      return "NONE";
    } else if (score < 4) {
      return "LOW";
    } else if (score < 7) {
      return "MEDIUM";
    } else if (score < 9) {
      return "HIGH";
    }
    return "CRITICAL";
  }

  private static double weight(String value, Object... pairs) {
    for (int k = 0; k < pairs.length; k += 2) {
      if (pairs[k].equals(value)) {
        return ((Number) pairs[k + 1]).doubleValue();
      }
    }
    return Double.NaN;
  }
}
