package dev.scangate.policy.input;

import java.util.Objects;

/**
 * One scanner that took part in a scan, as {@code scan.scanners[i]} in CEL.
 *
 * <pre>{@code
 * new ScannerFacts("grype", "0.74.0", "2024-05-01T01:23:45Z");
 * }</pre>
 *
 * @param dbVersion the vulnerability database version or build time; empty when unknown
 */
public record ScannerFacts(String name, String version, String dbVersion) {

  public ScannerFacts {
    Objects.requireNonNull(name, "name");
    version = version == null ? "" : version;
    dbVersion = dbVersion == null ? "" : dbVersion;
  }
}
