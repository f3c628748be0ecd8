package dev.scangate.vuln;

import java.time.Instant;

/**
 * Which matcher produced a result, with the versions that make it reproducible. A scan result
 * is cached under image digest + {@code id} + {@code toolVersion} + {@code dbVersion} +
 * {@code dbBuiltAt}: Grype's and Trivy's database versions are schema versions ({@code 5},
 * {@code v6.0.2}, {@code 2}) that stay the same across daily database builds, so the build time
 * is what changes when the data does.
 *
 * <pre>{@code
 * new ScannerInfo("grype", "0.74.0", "5", Instant.parse("2024-01-20T01:29:26Z"));
 * }</pre>
 *
 * @param id the matcher id ({@code grype}, {@code trivy}, {@code osv})
 * @param toolVersion the tool's version, or null when it could not be determined
 * @param dbVersion the vulnerability database's version (schema version, or a build
 *     identifier when there is no better one), or null when unknown
 * @param dbBuiltAt when the database was built, or null when unknown
 */
public record ScannerInfo(String id, String toolVersion, String dbVersion, Instant dbBuiltAt) {

  public ScannerInfo {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("scanner id is required");
    }
  }

  /** {@code grype 0.74.0 (db 5, built 2024-01-20T01:29:26Z)}, omitting what is unknown. */
  public String label() {
    StringBuilder label = new StringBuilder(id);
    if (toolVersion != null) {
      label.append(' ').append(toolVersion);
    }
    if (dbVersion != null || dbBuiltAt != null) {
      label.append(" (db");
      if (dbVersion != null) {
        label.append(' ').append(dbVersion);
      }
      if (dbBuiltAt != null) {
        label.append(dbVersion == null ? " " : ", ").append("built ").append(dbBuiltAt);
      }
      label.append(')');
    }
    return label.toString();
  }
}
