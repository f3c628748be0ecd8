package dev.scangate.vuln;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One vulnerability in one package after the reports of all matchers were merged by
 * {@link FindingMerger}: what the service stores, the API shows and the policy evaluates.
 *
 * <pre>{@code
 * merged.id();            // CVE-2023-4911
 * merged.aliases();       // [DSA-5514-1]
 * merged.reportedBy();    // [grype, trivy]   (only [trivy]: the scanners disagree)
 * merged.severity();      // HIGH, severitySource() CVSS_V3, rating() the vector it came from
 * }</pre>
 *
 * @param id the primary id of the alias group: the lowest CVE id when there is one, else the
 *     lowest GHSA id, else the lowest id
 * @param aliases every other id of the group; sorted
 * @param pkg the package, as the first matcher (in the order results were given) reported it
 * @param installedVersion the installed version, from the same report
 * @param fixedVersions union of the fixed versions of all reports, in first-seen order
 * @param fixState FIXED when any report has a fix, else WONT_FIX when any says so, else
 *     NOT_FIXED when any says so, else UNKNOWN
 * @param severity the chosen severity (see {@link FindingMerger})
 * @param severitySource where it came from
 * @param rating the CVSS rating the severity was computed from, with the base score scangate
 *     computed; null when the severity is a label
 * @param cvss every distinct CVSS rating any report carried
 * @param title the first title any report had, or null
 * @param description the first description any report had, or null
 * @param urls union of all reference URLs
 * @param reportedBy ids of the matchers that reported it; sorted
 * @param reports the findings as each matcher reported them, in input order
 */
public record MergedFinding(String id, Set<String> aliases, PackageRef pkg,
    String installedVersion, List<String> fixedVersions, FixState fixState, Severity severity,
    SeveritySource severitySource, Cvss rating, List<Cvss> cvss, String title,
    String description, List<String> urls, Set<String> reportedBy, List<Finding> reports) {

  public MergedFinding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pkg, "pkg");
    Objects.requireNonNull(installedVersion, "installedVersion");
    Objects.requireNonNull(fixState, "fixState");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(severitySource, "severitySource");
    TreeSet<String> sortedAliases = new TreeSet<>(aliases);
    sortedAliases.remove(id);
    aliases = Collections.unmodifiableSortedSet(sortedAliases);
    fixedVersions = List.copyOf(fixedVersions);
    cvss = List.copyOf(cvss);
    urls = List.copyOf(urls);
    reportedBy = Collections.unmodifiableSortedSet(new TreeSet<>(reportedBy));
    if (reportedBy.isEmpty()) {
      throw new IllegalArgumentException("merged finding " + id + " has no scanner");
    }
    reports = List.copyOf(reports);
  }

  /** Whether any version fixes it. */
  public boolean fixable() {
    return fixState == FixState.FIXED;
  }
}
