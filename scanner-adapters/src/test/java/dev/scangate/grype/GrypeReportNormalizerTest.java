package dev.scangate.grype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.vuln.Finding;
import dev.scangate.vuln.FindingListing;
import dev.scangate.vuln.FixState;
import dev.scangate.vuln.MatchResult;
import dev.scangate.vuln.ScannerOutputException;
import dev.scangate.vuln.Severity;
import dev.scangate.vuln.SeveritySource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link GrypeReportNormalizer} on real Grype reports from six versions (0.24.0 to 0.96.0, database
 * schemas 3, 5 and 6) and Grype's own presenter snapshots; see {@code grype/SOURCES.md}.
 */
class GrypeReportNormalizerTest {

  private final GrypeReportNormalizer normalizer = new GrypeReportNormalizer();

  @ParameterizedTest
  @ValueSource(strings = {
      "grype-0.24.0-dir-npm-python.json",
      "grype-0.28.0-debian10.json",
      "grype-0.75.0-ubuntu20.04-fix-available.json",
      "grype-0.94.0-busybox-epss.json",
      "grype-0.96.0-rhel8.7-java.json",
      "grype-dev-presenter-image.json",
      "grype-dev-presenter-dirs.json",
      "grype-dev-presenter-empty.json"})
  void normalizesRealReportsAsTheGoldenListingSays(String file) throws IOException {
    MatchResult result = normalizer.normalize(read(file));

    FindingListing.assertMatchesGolden(FindingListing.of(result),
        FindingListing.sourceResource("grype/expected/" + file.replace(".json", ".txt")));
  }

  @Test
  void readsToolAndDatabaseVersionsOfSchemaFiveFromTheDescriptor() throws IOException {
    MatchResult result = normalizer.normalize(read("grype-0.75.0-ubuntu20.04-fix-available.json"));

    assertThat(result.scanner().id()).isEqualTo("grype");
    assertThat(result.scanner().toolVersion()).isEqualTo("0.75.0");
    assertThat(result.scanner().dbVersion()).isEqualTo("5");
    assertThat(result.scanner().dbBuiltAt()).isEqualTo(Instant.parse("2024-04-10T01:25:07Z"));
  }

  @Test
  void readsTheSchemaSixDatabaseStatusNestedUnderStatus() throws IOException {
    MatchResult result = normalizer.normalize(read("grype-0.94.0-busybox-epss.json"));

    assertThat(result.scanner().label())
        .isEqualTo("grype 0.94.0 (db v6.0.2, built 2025-06-19T04:12:38Z)");
  }

  @Test
  void aDevelopmentBuildHasNoToolVersion() throws IOException {
    MatchResult result = normalizer.normalize(read("grype-dev-presenter-empty.json"));

    assertThat(result.scanner().toolVersion()).isNull();
    assertThat(result.findings()).isEmpty();
  }

  @Test
  void distroFeedSeverityIsTheVendorsAndRelatedIdsAreAliases() throws IOException {
    MatchResult result = normalizer.normalize(read("grype-0.96.0-rhel8.7-java.json"));

    Finding bind = result.findings().stream()
        .filter(f -> f.id().equals("CVE-2023-3341") && f.pkg().name().equals("bind-libs"))
        .findFirst().orElseThrow();
    assertThat(bind.severity()).isEqualTo(Severity.HIGH);
    assertThat(bind.severitySource()).isEqualTo(SeveritySource.VENDOR);
    assertThat(bind.fixState()).isEqualTo(FixState.FIXED);
    assertThat(bind.fixedVersions()).containsExactly("32:9.11.36-8.el8_8.2");
    assertThat(bind.installedVersion()).isEqualTo("32:9.11.36-5.el8_7.2");
    assertThat(bind.dataSource()).isEqualTo("redhat:distro:redhat:8");

    Finding avro = result.findings().stream()
        .filter(f -> f.id().equals("CVE-2023-39410") && f.installedVersion().equals("1.11.1"))
        .findFirst().orElseThrow();
    assertThat(avro.aliases()).containsExactly("GHSA-rhrv-645h-fjfh");
    assertThat(avro.severitySource()).isEqualTo(SeveritySource.ADVISORY);
    assertThat(avro.pkg().purl()).isEqualTo("pkg:maven/org.apache.avro/avro@1.11.1");
  }

  @Test
  void aMatchWithoutSeverityIsUnknownNotDropped() throws IOException {
    // the DefectDojo contributor's file has one match whose vulnerability lacks "severity"
    MatchResult result = normalizer.normalize(read("grype-0.96.0-rhel8.7-java.json"));

    assertThat(result.findings()).anySatisfy(f -> {
      assertThat(f.severity()).isEqualTo(Severity.UNKNOWN);
      assertThat(f.severitySource()).isEqualTo(SeveritySource.NONE);
    });
  }

  @Test
  void identicalMatchesAtTwoLocationsAreOneFinding() throws IOException {
    // grype 0.28.0 lists Django 3.2.9 / GHSA-v6rh-hp5x-86rv twice
    MatchResult result = normalizer.normalize(read("grype-0.28.0-debian10.json"));

    assertThat(result.findings()).filteredOn(f -> f.id().equals("GHSA-v6rh-hp5x-86rv"))
        .hasSize(1);
  }

  @Test
  void emptyOutputIsAnError() {
    assertThatThrownBy(() -> normalizer.normalize(" \n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessage("grype wrote no output");
  }

  @Test
  void truncatedOutputIsAnErrorNamingWhereItEnds() throws IOException {
    // hand-made negative input: the first half of a real report
    byte[] real = read("grype-0.75.0-ubuntu20.04-fix-available.json");
    byte[] truncated = Arrays.copyOf(real, real.length / 2);

    assertThatThrownBy(() -> normalizer.normalize(truncated))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessageStartingWith("grype output is not valid JSON: Unexpected end-of-input")
        .hasMessageContaining("(line ");
  }

  @Test
  void grypesCycloneDxXmlOutputIsRecognizedAsTheWrongFormat() throws IOException {
    assertThatThrownBy(() -> normalizer.normalize(read("grype-0.7.0-cyclonedx-1.2.xml")))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessageStartingWith("grype output is not valid JSON")
        .hasMessageEndingWith("it looks like XML (grype -o cyclonedx): run grype with -o json");
  }

  @Test
  void grypesCycloneDxJsonOutputIsNotAReport() throws IOException {
    assertThatThrownBy(() -> normalizer.normalize(read("grype-dev-cyclonedx-image.cdx.json")))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessage("grype output is not a grype JSON report: it has no \"matches\" array"
            + " (it is CycloneDX; run grype with -o json)");
  }

  @Test
  void grypesSarifOutputIsNotAReport() throws IOException {
    assertThatThrownBy(() -> normalizer.normalize(read("grype-dev-sarif-image.sarif.json")))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessageEndingWith("(it is SARIF; run grype with -o json)");
  }

  @Test
  void aTrivyReportIsTheWrongToolsOutput() throws IOException {
    byte[] trivy;
    try (InputStream in = GrypeReportNormalizerTest.class.getResourceAsStream(
        "/trivy/trivy-0.69.1-jar-cvssv4.json")) {
      trivy = in.readAllBytes();
    }

    assertThatThrownBy(() -> normalizer.normalize(trivy))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessageEndingWith("(it looks like a Trivy report)");
  }

  @Test
  void anUnknownSchemaIsAnErrorNotAnEmptyResult() {
    // hand-made negative inputs: "matches" of another shape, and another tool's descriptor
    assertThatThrownBy(() -> normalizer.normalize(
        "{\"matches\": {\"CVE-2021-44228\": []}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessage("grype output is not a grype JSON report: it has no \"matches\" array");
    assertThatThrownBy(() -> normalizer.normalize(
        "{\"matches\": [], \"descriptor\": {\"name\": \"syft\"}}"
            .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ScannerOutputException.class)
        .hasMessage("grype output is not a grype JSON report: its descriptor names the tool"
            + " \"syft\"");
  }

  static byte[] read(String name) throws IOException {
    try (InputStream in = GrypeReportNormalizerTest.class.getResourceAsStream("/grype/" + name)) {
      if (in == null) {
        throw new IOException("test resource /grype/" + name + " is missing");
      }
      return in.readAllBytes();
    }
  }
}
