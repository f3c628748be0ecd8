package dev.scangate.trivy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.vuln.Finding;
import dev.scangate.vuln.FindingListing;
import dev.scangate.vuln.FixState;
import dev.scangate.vuln.MatchResult;
import dev.scangate.vuln.ScannerInfo;
import dev.scangate.vuln.ScannerOutputException;
import dev.scangate.vuln.Severity;
import dev.scangate.vuln.SeveritySource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TrivyReportNormalizer} on real Trivy reports: Trivy's own integration goldens (current
 * formatter, version "dev") for many distributions and ecosystems, reports of released versions
 * (0.69.1, v0.30.1 inside a cosign predicate, two 2024-era reports without a version field) and
 * the legacy list format; see {@code trivy/SOURCES.md}.
 */
class TrivyReportNormalizerTest {

  private final TrivyReportNormalizer normalizer = new TrivyReportNormalizer();

  @ParameterizedTest
  @ValueSource(strings = {
      "trivy-0.69.1-jar-cvssv4.json",
      "trivy-0.30.1-cosign-vuln-predicate-alpine-3.10.json",
      "trivy-unversioned-2024-debian-10.13-all-statuses.json",
      "trivy-unversioned-alpine-3.9.4-jars.json",
      "trivy-legacy-list-format.json",
      "trivy-dev-alpine-310.json",
      "trivy-dev-almalinux-8.json",
      "trivy-dev-amazon-2.json",
      "trivy-dev-centos-7.json",
      "trivy-dev-debian-buster.json",
      "trivy-dev-debian-stretch.json",
      "trivy-dev-distroless-python27.json",
      "trivy-dev-fluentd-gems.json",
      "trivy-dev-gomod.json",
      "trivy-dev-gradle.json",
      "trivy-dev-npm.json",
      "trivy-dev-pip.json",
      "trivy-dev-pom.json",
      "trivy-dev-rockylinux-8.json",
      "trivy-dev-spring4shell-jre8.json",
      "trivy-dev-ubi-7.json",
      "trivy-dev-ubuntu-1804.json"})
  void normalizesRealReportsAsTheGoldenListingSays(String file) throws IOException {
    MatchResult result = normalizer.normalize(read(file));

    FindingListing.assertMatchesGolden(FindingListing.of(result),
        FindingListing.sourceResource("trivy/expected/" + file.replace(".json", ".txt")));
  }

  @Test
  void readsTheVersionOfRecentReportsAndOfCosignPredicates() throws IOException {
    assertThat(normalizer.normalize(read("trivy-0.69.1-jar-cvssv4.json")).scanner())
        .isEqualTo(new ScannerInfo("trivy", "0.69.1", null, null));
    assertThat(normalizer.normalize(read("trivy-0.30.1-cosign-vuln-predicate-alpine-3.10.json"))
        .scanner().toolVersion()).isEqualTo("v0.30.1-8-gf9cb8a28");
    assertThat(normalizer.normalize(read("trivy-unversioned-alpine-3.9.4-jars.json"))
        .scanner().toolVersion()).isNull();
  }

  @Test
  void commaSeparatedFixedVersionsAndVendorIdsAsAliases() throws IOException {
    Finding tomcat = normalizer.normalize(read("trivy-0.69.1-jar-cvssv4.json")).findings().get(0);

    assertThat(tomcat.id()).isEqualTo("CVE-2025-66614");
    assertThat(tomcat.aliases()).containsExactly("GHSA-fpj8-gq4v-p354");
    assertThat(tomcat.fixedVersions()).containsExactly("11.0.14", "10.1.49", "9.0.112");
    assertThat(tomcat.pkg().purl()).isEqualTo("pkg:maven/org.apache.tomcat/tomcat-catalina@9.0.109");
    assertThat(tomcat.cvss()).extracting(c -> c.version().label() + " " + c.source())
        .containsExactly("4.0 ghsa", "3.1 redhat");
  }

  @Test
  void everyStatusMapsToAFixStateAndNotAffectedIsNoFinding() throws IOException {
    MatchResult result = normalizer.normalize(
        read("trivy-unversioned-2024-debian-10.13-all-statuses.json"));

    assertThat(result.findings()).extracting(Finding::id, Finding::fixState).containsExactly(
        org.assertj.core.groups.Tuple.tuple("CVE-2011-3374", FixState.UNKNOWN),
        org.assertj.core.groups.Tuple.tuple("TEMP-0841856-B18BAF", FixState.NOT_FIXED),
        org.assertj.core.groups.Tuple.tuple("CVE-2018-1000876", FixState.FIXED),
        org.assertj.core.groups.Tuple.tuple("CVE-2018-12697", FixState.NOT_FIXED),
        org.assertj.core.groups.Tuple.tuple("CVE-2018-12698", FixState.WONT_FIX),
        org.assertj.core.groups.Tuple.tuple("CVE-2018-12699", FixState.NOT_FIXED),
        org.assertj.core.groups.Tuple.tuple("CVE-2018-12934", FixState.WONT_FIX));
    assertThat(result.warnings()).containsExactly("noppaknopsta/example-app:main-159 (debian 10.13): CVE-2019-18276 in"
        + " bash 5.0-4 is reported as"
        + " not_affected; not a finding");
  }

  @Test
  void reportsWithoutPurlGetOneDerivedFromTheResultType() throws IOException {
    MatchResult result = normalizer.normalize(read("trivy-unversioned-alpine-3.9.4-jars.json"));

    assertThat(result.findings()).extracting(f -> f.pkg().purl()).contains(
        "pkg:apk/alpine/freetype@2.9.1-r2",
        "pkg:maven/org.apache.commons/commons-compress@1.14");
  }

  @Test
  void distroTrackerSeverityIsTheVendorsNvdsIsAnAdvisory() throws IOException {
    List<Finding> buster = normalizer.normalize(read("trivy-dev-debian-buster.json")).findings();

    assertThat(buster).extracting(Finding::id, Finding::severity, Finding::severitySource)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CVE-2019-18276", Severity.LOW,
                SeveritySource.VENDOR),
            org.assertj.core.groups.Tuple.tuple("CVE-2019-18224", Severity.CRITICAL,
                SeveritySource.ADVISORY));
  }

  @Test
  void readsTheDatabaseVersionDefensivelyFromTrivyVersion() {
    List<String> warnings = new ArrayList<>();
    // hand-made inputs for the defensive paths: not JSON, and JSON without a database
    assertThat(normalizer.versionInfo("Version: 0.49.1".getBytes(StandardCharsets.UTF_8),
        warnings)).isEqualTo(new ScannerInfo("trivy", null, null, null));
    assertThat(normalizer.versionInfo("{\"Version\": \"0.49.1\"}"
        .getBytes(StandardCharsets.UTF_8), warnings))
        .isEqualTo(new ScannerInfo("trivy", "0.49.1", null, null));
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(1)).contains("no VulnerabilityDB");
  }

  @Test
  void emptyOutputIsAnError() {
    assertThatThrownBy(() -> normalizer.normalize(new byte[0]))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessage("trivy wrote no output");
  }

  @Test
  void truncatedOutputIsAnErrorNamingWhereItEnds() throws IOException {
    // hand-made negative input: the first 3000 bytes of a real report
    byte[] truncated = Arrays.copyOf(read("trivy-dev-debian-buster.json"), 3000);

    assertThatThrownBy(() -> normalizer.normalize(truncated))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessageStartingWith("trivy output is not valid JSON: Unexpected end-of-input")
        .hasMessageContaining("(line ");
  }

  @Test
  void aNewerSchemaIsRejectedNotMisread() throws IOException {
    // hand-made negative input: a real report with its SchemaVersion raised to 3
    byte[] newer = new String(read("trivy-dev-npm.json"), StandardCharsets.UTF_8)
        .replace("\"SchemaVersion\": 2", "\"SchemaVersion\": 3").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> normalizer.normalize(newer))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessage("trivy report SchemaVersion 3 is not one this adapter reads (2); a new"
            + " schema version changes the format incompatibly");
  }

  @Test
  void trivysCycloneDxAndSpdxOutputsAreTheWrongFormat() throws IOException {
    assertThatThrownBy(() -> normalizer.normalize(read("trivy-dev-npm-cyclonedx.cdx.json")))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessage("trivy output is not a Trivy JSON report: it has no \"SchemaVersion\" or"
            + " \"Results\" (it is CycloneDX; run trivy with --format json)");
    assertThatThrownBy(() -> normalizer.normalize(read("trivy-dev-julia-spdx.spdx.json")))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessageEndingWith("(it is SPDX; run trivy with --format json)");
  }

  @Test
  void aGrypeReportIsTheWrongToolsOutput() throws IOException {
    byte[] grype;
    try (InputStream in = getClass().getResourceAsStream("/grype/grype-0.28.0-debian10.json")) {
      grype = in.readAllBytes();
    }

    assertThatThrownBy(() -> normalizer.normalize(grype))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessageEndingWith("(it looks like a Grype report)");
  }

  @Test
  void resultsOfTheWrongShapeAreAnError() {
    // hand-made negative inputs
    assertThatThrownBy(() -> normalizer.normalize("{\"SchemaVersion\": 2, \"Results\": {}}"
        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessage("trivy report has \"Results\" that is not an array but object");
    assertThatThrownBy(() -> normalizer.normalize("[1, 2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessageStartingWith("trivy output is a JSON array but not a legacy Trivy report");
  }

  static byte[] read(String name) throws IOException {
    try (InputStream in = TrivyReportNormalizerTest.class.getResourceAsStream("/trivy/" + name)) {
      if (in == null) {
        throw new IOException("test resource /trivy/" + name + " is missing");
      }
      return in.readAllBytes();
    }
  }
}
