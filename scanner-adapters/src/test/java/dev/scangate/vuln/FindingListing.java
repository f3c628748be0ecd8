package dev.scangate.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The golden-file form of normalized results: one line per finding with everything a user
 * sees (id, aliases, package, installed and fixed versions, fix state, severity and its source,
 * CVSS ratings, data source), preceded by the scanner line and the warnings. Volatile fields do
 * not exist in the normalized model (no timestamps of the run, no random ids), so nothing needs
 * masking; descriptions and URLs are left out to keep the files reviewable.
 *
 * <p>Run the tests with {@code -Dscangate.golden.update=true} to rewrite the expected files
 * after a deliberate change; review the diff before committing it.
 */
public final class FindingListing {

  private FindingListing() {
  }

  /** The listing of a result. */
  public static String of(MatchResult result) {
    List<String> lines = new ArrayList<>();
    lines.add("scanner: " + result.scanner().label());
    for (String warning : result.warnings()) {
      lines.add("warning: " + warning);
    }
    lines.add("findings: " + result.findings().size());
    for (Finding finding : result.findings()) {
      lines.add(line(finding));
    }
    return String.join("\n", lines) + "\n";
  }

  /** The listing of a merged result. */
  public static String of(MergeResult result) {
    List<String> lines = new ArrayList<>();
    for (ScannerInfo scanner : result.scanners()) {
      lines.add("scanner: " + scanner.label());
    }
    for (String warning : result.warnings()) {
      lines.add("warning: " + warning);
    }
    lines.add("findings: " + result.findings().size());
    for (MergedFinding finding : result.findings()) {
      lines.add(finding.id() + " aliases=" + finding.aliases() + " pkg="
          + PackageKey.of(finding.pkg()) + " installed=" + finding.installedVersion()
          + " fixed=" + finding.fixedVersions() + " " + finding.fixState() + " "
          + finding.severity() + "/" + finding.severitySource()
          + (finding.rating() == null ? "" : " rating=" + cvss(finding.rating()))
          + " by=" + finding.reportedBy());
    }
    return String.join("\n", lines) + "\n";
  }

  static String line(Finding finding) {
    PackageRef pkg = finding.pkg();
    return finding.id() + " aliases=" + finding.aliases()
        + " pkg=" + (pkg.purl() != null ? pkg.purl() : pkg.type() + ":" + pkg.name() + "@"
            + pkg.version())
        + " installed=" + finding.installedVersion()
        + " fixed=" + finding.fixedVersions()
        + " " + finding.fixState()
        + " " + finding.severity() + "/" + finding.severitySource()
        + " cvss=" + finding.cvss().stream().map(FindingListing::cvss)
            .collect(Collectors.joining(", ", "[", "]"))
        + " source=" + finding.dataSource()
        + (finding.title() == null ? "" : " title=" + finding.title());
  }

  private static String cvss(Cvss cvss) {
    return cvss.version().label() + " " + cvss.vector() + " " + cvss.baseScore()
        + (cvss.source() == null ? "" : " (" + cvss.source() + ")");
  }

  /**
   * Compares {@code actual} with the expected file, or rewrites the file when the system
   * property {@code scangate.golden.update} is true.
   */
  public static void assertMatchesGolden(String actual, Path expected) throws IOException {
    if (Boolean.getBoolean("scangate.golden.update")) {
      Files.createDirectories(expected.getParent());
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(expected).as("golden file %s (run with -Dscangate.golden.update=true to create"
        + " it, then review it)", expected).exists();
    assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
  }

  /** The source directory of a test resource, where golden files are kept. */
  public static Path sourceResource(String name) {
    return Path.of("src/test/resources").resolve(name);
  }
}
