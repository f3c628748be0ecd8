package dev.scangate.policy.input;

import java.util.List;
import java.util.Objects;

/**
 * One vulnerability finding, an element of the CEL list {@code findings}.
 *
 * <pre>{@code
 * new FindingFacts("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), Severity.CRITICAL, 10.0,
 *     true, List.of("2.15.0"), log4jCore, List.of("grype", "trivy"), false, null);
 * }</pre>
 *
 * @param id the vulnerability id the finding is filed under (CVE, GHSA, OSV id)
 * @param aliases other ids of the same vulnerability
 * @param cvss the CVSS base score, or null when no scanner gave one (absent in CEL: use
 *     {@code has(f.cvss)})
 * @param fixAvailable whether a fixed version exists
 * @param scanners ids of the scanners that reported it
 * @param waived whether a waiver applies; set by the evaluator's waiver matching
 * @param waiverId the applied waiver, or null when not waived (empty string in CEL)
 */
public record FindingFacts(String id, List<String> aliases, Severity severity, Double cvss,
    boolean fixAvailable, List<String> fixedVersions, PackageFacts pkg, List<String> scanners,
    boolean waived, String waiverId) {

  public FindingFacts {
    Objects.requireNonNull(id, "id");
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(severity, "severity");
    if (cvss != null && (cvss.isNaN() || cvss < 0 || cvss > 10)) {
      throw new IllegalArgumentException("cvss must be between 0 and 10, got " + cvss);
    }
    fixedVersions = List.copyOf(fixedVersions);
    Objects.requireNonNull(pkg, "pkg");
    scanners = List.copyOf(scanners);
    if (waived != (waiverId != null)) {
      throw new IllegalArgumentException(
          "a waived finding names its waiver and an unwaived one names none: waived=" + waived
              + ", waiverId=" + waiverId);
    }
  }

  /** Whether the finding is filed under this vulnerability id or has it as an alias. */
  public boolean isKnownAs(String vulnerabilityId) {
    if (id.equalsIgnoreCase(vulnerabilityId)) {
      return true;
    }
    for (String alias : aliases) {
      if (alias.equalsIgnoreCase(vulnerabilityId)) {
        return true;
      }
    }
    return false;
  }

  /** This finding marked as waived by the given waiver. */
  public FindingFacts waivedBy(String waiver) {
    return new FindingFacts(id, aliases, severity, cvss, fixAvailable, fixedVersions, pkg,
        scanners, true, Objects.requireNonNull(waiver, "waiver"));
  }
}
