package dev.scangate.trivy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Wire records of Trivy's JSON report ({@code trivy … --format json}), reduced to the fields
 * scangate uses and tolerant of every field it does not know. Trivy writes PascalCase names
 * ({@code VulnerabilityID}, {@code PkgIdentifier.PURL}); the normalizer's mapper matches them
 * case-insensitively. Report schema 2 (Trivy 0.20 and later, {@code SchemaVersion: 2}); the
 * legacy report of older versions is a top-level array of {@link Result}. Reference:
 * https://trivy.dev/latest/docs/configuration/reporting/#json and Trivy's
 * {@code pkg/types/report.go}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TrivyJson(Integer schemaVersion, Trivy trivy, JsonNode createdAt, String artifactName,
    String artifactType, Metadata metadata, List<Result> results) {

  /** {@code Trivy.Version}: written since about Trivy 0.50; absent before. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Trivy(String version) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Metadata(Os os) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Os(String family, String name) {
  }

  /** One target: an OS package database ({@code Class: os-pkgs}) or a lock file or archive. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Result(String target, @JsonProperty("Class") String resultClass, String type,
      List<Vulnerability> vulnerabilities) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Vulnerability(String vulnerabilityId, List<String> vendorIds, String pkgName,
      String pkgId, PkgIdentifier pkgIdentifier, String installedVersion, String fixedVersion,
      String status, String severitySource, String primaryUrl, DataSource dataSource,
      String title, String description, String severity, Map<String, CvssEntry> cvss,
      List<String> references) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PkgIdentifier(String purl) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record DataSource(String id, String name, String url) {
  }

  /** One source's CVSS: v2, v3.x and (Trivy 0.5x and later) v4.0 vectors and scores. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CvssEntry(String v2Vector, String v3Vector, String v40Vector, Double v2Score,
      Double v3Score, Double v40Score) {
  }
}
