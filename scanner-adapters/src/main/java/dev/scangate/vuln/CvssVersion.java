package dev.scangate.vuln;

/**
 * A CVSS specification version, recognized from the prefix of a vector string
 * (https://www.first.org/cvss/v3.1/specification-document#Vector-String: {@code CVSS:3.1/…};
 * v2 vectors have no prefix).
 *
 * <pre>{@code
 * CvssVersion.ofVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");   // V3_1
 * CvssVersion.ofVector("AV:N/AC:L/Au:N/C:P/I:P/A:P");                    // V2
 * }</pre>
 */
public enum CvssVersion {
  V2("2.0"), V3_0("3.0"), V3_1("3.1"), V4_0("4.0");

  private final String label;

  CvssVersion(String label) {
    this.label = label;
  }

  /** {@code 2.0}, {@code 3.0}, {@code 3.1} or {@code 4.0}. */
  public String label() {
    return label;
  }

  /** The version a vector string declares; null when it is not a CVSS vector. */
  public static CvssVersion ofVector(String vector) {
    if (vector == null) {
      return null;
    }
    String v = vector.strip();
    if (v.startsWith("(") && v.endsWith(")")) {
      v = v.substring(1, v.length() - 1);
    }
    if (v.startsWith("CVSS:4.0/")) {
      return V4_0;
    }
    if (v.startsWith("CVSS:3.1/")) {
      return V3_1;
    }
    if (v.startsWith("CVSS:3.0/")) {
      return V3_0;
    }
    return v.startsWith("AV:") && v.contains("/Au:") ? V2 : null;
  }

  /** The version for a label such as {@code 3.1}, {@code 2}, {@code 4.0}; null when unknown. */
  public static CvssVersion ofLabel(String label) {
    if (label == null) {
      return null;
    }
    switch (label.strip()) {
      case "2":
      case "2.0":
        return V2;
      case "3":
      case "3.0":
        return V3_0;
      case "3.1":
        return V3_1;
      case "4":
      case "4.0":
        return V4_0;
      default:
        return null;
    }
  }
}
