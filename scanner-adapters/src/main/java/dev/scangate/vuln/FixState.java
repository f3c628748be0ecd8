package dev.scangate.vuln;

import java.util.Locale;

/**
 * Whether a fixed version exists for the package's ecosystem or distribution.
 *
 * <p>Mapping: Grype {@code fix.state} {@code fixed}, {@code not-fixed}, {@code wont-fix},
 * {@code unknown}; Trivy {@code Status} {@code fixed} → FIXED, {@code affected},
 * {@code under_investigation}, {@code fix_deferred} → NOT_FIXED, {@code will_not_fix},
 * {@code end_of_life} → WONT_FIX, anything else → UNKNOWN (see {@link #fromLabel}).
 *
 * <pre>{@code
 * FixState.fromLabel("wont-fix");   // WONT_FIX
 * }</pre>
 */
public enum FixState {
  /** At least one version fixes it. */
  FIXED,
  /** No fix yet; one may come. */
  NOT_FIXED,
  /** The vendor decided not to fix it (or the release is end of life). */
  WONT_FIX,
  /** The scanner did not say. */
  UNKNOWN;

  /** The state for a Grype or Trivy label; UNKNOWN for null and unknown labels. */
  public static FixState fromLabel(String label) {
    if (label == null) {
      return UNKNOWN;
    }
    switch (label.strip().toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "fixed":
        return FIXED;
      case "not_fixed":
      case "affected":
      case "under_investigation":
      case "fix_deferred":
        return NOT_FIXED;
      case "wont_fix":
      case "will_not_fix":
      case "end_of_life":
        return WONT_FIX;
      default:
        return UNKNOWN;
    }
  }
}
