package dev.scangate.osv;

import java.util.Locale;

/**
 * One event of a range: the version where the vulnerability was introduced, fixed, last seen, or
 * the range's limit.
 *
 * <pre>{@code
 * OsvEvent.introduced("0");      // "0" sorts before every version
 * OsvEvent.fixed("2.15.0");
 * }</pre>
 *
 * @param kind which event
 * @param version the version it happened at
 */
public record OsvEvent(Kind kind, String version) {

  /** The four event types of the OSV schema. */
  public enum Kind {
    INTRODUCED, FIXED, LAST_AFFECTED, LIMIT;

    /** The JSON key, e.g. {@code last_affected}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public OsvEvent {
    if (kind == null) {
      throw new IllegalArgumentException("an event needs a kind");
    }
    if (version == null || version.isEmpty()) {
      throw new IllegalArgumentException("a " + kind.key() + " event needs a version");
    }
  }

  public static OsvEvent introduced(String version) {
    return new OsvEvent(Kind.INTRODUCED, version);
  }

  public static OsvEvent fixed(String version) {
    return new OsvEvent(Kind.FIXED, version);
  }

  /** Whether this is {@code introduced: "0"}, which sorts before every version. */
  public boolean isIntroducedZero() {
    return kind == Kind.INTRODUCED && version.equals("0");
  }
}
