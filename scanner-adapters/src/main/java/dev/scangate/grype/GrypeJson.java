package dev.scangate.grype;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Wire records of Grype's JSON report ({@code grype … -o json}), reduced to the fields scangate
 * uses and tolerant of every field it does not know. Checked against reports of Grype 0.24
 * (database schema 3) to 0.96 (schema 6). Fields whose shape changed between versions are kept
 * as trees: {@code descriptor.db} (schema ≤ 5: {@code {built, schemaVersion: 5, location,
 * checksum}}; schema 6: {@code {status: {schemaVersion: "v6.0.2", built, from, path, valid},
 * providers}}), {@code source} and {@code matchDetails}. JSON schema:
 * https://github.com/anchore/grype/tree/main/schema/grype/json
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record GrypeJson(List<Match> matches, JsonNode source, JsonNode distro, Descriptor descriptor) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Match(Vulnerability vulnerability, List<Related> relatedVulnerabilities,
      JsonNode matchDetails, Artifact artifact) {
  }

  /** The vulnerability as the matched namespace (distro feed, GitHub, NVD) describes it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Vulnerability(String id, String dataSource, String namespace, String severity,
      List<String> urls, String description, List<CvssEntry> cvss, Fix fix) {
  }

  /** The same vulnerability in other namespaces (usually NVD's record, or the CVE of a GHSA). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Related(String id, String dataSource, String namespace, String severity,
      List<String> urls, String description, List<CvssEntry> cvss) {
  }

  /** {@code source} and {@code type} (Primary/Secondary) since Grype 0.6x. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CvssEntry(String source, String type, String version, String vector, Metrics metrics) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Metrics(Double baseScore) {
  }

  /** {@code state}: fixed, not-fixed, wont-fix, unknown, or empty (Grype 0.9x, CPE matches). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Fix(List<String> versions, String state) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Artifact(String id, String name, String version, String type, String purl,
      String language) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Descriptor(String name, String version, String timestamp, JsonNode db) {
  }
}
