package dev.scangate.osv;

import dev.scangate.catalog.CatalogedPackage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One component affected by one OSV advisory: the matcher's own result, to be mapped to the
 * normalized finding model.
 *
 * <pre>{@code
 * // log4j-core 2.14.1 and GHSA-jfh8-c2jp-5v3q:
 * match.advisoryId();        // "GHSA-jfh8-c2jp-5v3q"
 * match.aliases();           // [CVE-2021-44228]
 * match.installedVersion();  // "2.14.1"
 * match.fixedVersions();     // [2.15.0]
 * match.databaseSeverity();  // "CRITICAL"
 * match.cvssBaseScore();     // OptionalDouble[10.0]
 * }</pre>
 *
 * @param component the cataloged package that matched
 * @param installedVersion the version compared: the source package version for Debian and
 *     Ubuntu (what their advisories name), the package URL's version for language packages
 *     (Go's stdlib: {@code 1.22.1}, not {@code go1.22.1}), the package version otherwise
 * @param advisoryId the OSV record's {@code id}
 * @param aliases its {@code aliases}
 * @param upstream its {@code upstream} (Debian, Ubuntu and Red Hat name their CVEs here)
 * @param summary its {@code summary}; may be null
 * @param modified its {@code modified}
 * @param ecosystem the {@code affected[].package.ecosystem} that matched, as written (e.g.
 *     {@code Debian:12}, {@code Ubuntu:Pro:18.04:LTS})
 * @param osvPackageName the package name as the advisory writes it
 * @param fixedVersions the {@code fixed} versions of the matching ranges that are above the
 *     installed version, ascending; empty when no fix is known
 * @param matchedRanges the ranges that contain the installed version
 * @param listedVersion whether {@code affected[].versions} lists the installed version
 * @param severity the matching entry's {@code severity[]}, else the record's
 * @param databaseSeverity the record's {@code database_specific.severity}; may be null
 */
public record OsvMatch(CatalogedPackage component, String installedVersion, String advisoryId,
    List<String> aliases, List<String> upstream, String summary, Instant modified,
    String ecosystem, String osvPackageName, List<String> fixedVersions,
    List<OsvRange> matchedRanges, boolean listedVersion, List<OsvSeverity> severity,
    String databaseSeverity) {

  public OsvMatch {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(installedVersion, "installedVersion");
    Objects.requireNonNull(advisoryId, "advisoryId");
    aliases = List.copyOf(aliases);
    upstream = List.copyOf(upstream);
    fixedVersions = List.copyOf(fixedVersions);
    matchedRanges = List.copyOf(matchedRanges);
    severity = List.copyOf(severity);
  }

  /** The component's package URL. */
  public String purl() {
    return component.purl();
  }

  /** The highest CVSS v3 base score among {@link #severity()}; empty when there is none. */
  public OptionalDouble cvssBaseScore() {
    OptionalDouble best = OptionalDouble.empty();
    for (OsvSeverity s : severity) {
      OptionalDouble score = s.baseScore();
      if (score.isPresent() && (best.isEmpty() || score.getAsDouble() > best.getAsDouble())) {
        best = score;
      }
    }
    return best;
  }
}
