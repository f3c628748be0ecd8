package dev.scangate.policy.input;

/**
 * A finding's severity, lowest first. CEL rules see it as the upper-case name
 * ({@code f.severity == "HIGH"}) and compare levels with {@code severity_at_least}.
 *
 * <pre>{@code
 * Severity.parse("high").atLeast(Severity.MEDIUM); // true
 * }</pre>
 */
public enum Severity {
  UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL;

  /** Parses a name case-insensitively, or throws quoting the input. */
  public static Severity parse(String name) {
    if (name != null) {
      for (Severity s : values()) {
        if (s.name().equalsIgnoreCase(name.trim())) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException("unknown severity \"" + name
        + "\": expected one of CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN (example: HIGH)");
  }

  /** Whether this severity is the given one or higher. */
  public boolean atLeast(Severity threshold) {
    return compareTo(threshold) >= 0;
  }
}
