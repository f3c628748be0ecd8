package dev.scangate.vuln;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One vulnerability in one package, as one scanner reported it. Control characters in ids and
 * versions are replaced by U+FFFD (PostgreSQL text cannot hold NUL).
 *
 * <pre>{@code
 * new Finding("CVE-2023-4911", Set.of("DSA-5514-1"), pkg, "2.36-9+deb12u1",
 *     List.of("2.36-9+deb12u3"), FixState.FIXED, Severity.HIGH, SeveritySource.VENDOR,
 *     List.of(new Cvss(CvssVersion.V3_1, "CVSS:3.1/AV:L/…", 7.8, "nvd")),
 *     "glibc: buffer overflow in ld.so", null,
 *     List.of("https://security-tracker.debian.org/tracker/CVE-2023-4911"),
 *     "debian:distro:debian:12", "grype");
 * }</pre>
 *
 * @param id the vulnerability id the scanner reported ({@code CVE-…}, {@code GHSA-…},
 *     {@code DSA-…}, {@code ALAS-…}, {@code RHSA-…}, …)
 * @param aliases other ids of the same vulnerability the scanner knew of; never contains
 *     {@code id}; kept sorted (an unmodifiable {@code SortedSet})
 * @param pkg the affected package
 * @param installedVersion the installed version the scanner compared
 * @param fixedVersions versions that fix it, as reported, in the scanner's order, without
 *     duplicates; empty when none is known
 * @param fixState whether a fix exists
 * @param severity the severity the scanner reported
 * @param severitySource where that severity came from
 * @param cvss the CVSS ratings the scanner reported, possibly empty
 * @param title a one-line title, or null
 * @param description the description, or null
 * @param urls reference URLs (advisory, tracker, NVD page), without duplicates
 * @param dataSource the feed or namespace the match came from (Grype namespace such as
 *     {@code debian:distro:debian:12}, Trivy data source id such as {@code debian}), or null
 * @param scanner the id of the matcher that reported it ({@code grype}, {@code trivy},
 *     {@code osv})
 */
public record Finding(String id, Set<String> aliases, PackageRef pkg,
    String installedVersion, List<String> fixedVersions, FixState fixState, Severity severity,
    SeveritySource severitySource, List<Cvss> cvss, String title, String description,
    List<String> urls, String dataSource, String scanner) {

  public Finding {
    id = Identifiers.clean(id);
    installedVersion = Identifiers.clean(installedVersion);
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("vulnerability id is required (package " + pkg + ")");
    }
    require(pkg, "package", id);
    require(installedVersion, "installed version", id);
    require(fixState, "fix state", id);
    require(severity, "severity", id);
    require(severitySource, "severity source", id);
    if (scanner == null || scanner.isBlank()) {
      throw new IllegalArgumentException("scanner id is required (" + id + ")");
    }
    TreeSet<String> sortedAliases = new TreeSet<>(
        Identifiers.clean(aliases == null ? List.of() : aliases));
    sortedAliases.remove(id);
    aliases = Collections.unmodifiableSortedSet(sortedAliases);
    fixedVersions = fixedVersions == null ? List.of()
        : distinct(Identifiers.clean(fixedVersions));
    cvss = cvss == null ? List.of() : List.copyOf(cvss);
    urls = urls == null ? List.of() : distinct(urls);
  }

  private static void require(Object value, String what, String id) {
    if (value == null) {
      throw new NullPointerException(what + " of " + id + " is required");
    }
  }

  private static List<String> distinct(List<String> values) {
    return List.copyOf(new java.util.LinkedHashSet<>(values));
  }
}
