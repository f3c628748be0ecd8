package dev.scangate.attestations;

import dev.scangate.image.ImageReference;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a finished scan attests about an image: the SBOM and how the scan ran. The scan
 * pipeline's sign stage hands it to {@link ImageSigning#attestScan}.
 *
 * <pre>{@code
 * signing.attestScan(new ScanFacts(scanId, pinned, "linux/amd64", startedAt, clock.instant(),
 *     sbomJson, List.of("dpkg@1", "os-release@1")));
 * }</pre>
 *
 * @param pinned the scanned image manifest, pinned to its sha256 digest
 * @param platform {@code os/arch[/variant]}, or null when unknown
 * @param cycloneDxJson the stored CycloneDX 1.6 JSON SBOM, attested byte for byte
 * @param catalogers {@code id@version} of every cataloger that made the SBOM
 * @param matchers the vulnerability matchers that ran, or null when matching did not run
 * @param findings the merged findings (empty when none were found or matching did not run)
 */
public record ScanFacts(UUID scanId, ImageReference pinned, String platform, Instant startedAt,
    Instant finishedAt, byte[] cycloneDxJson, List<String> catalogers, List<Matcher> matchers,
    List<Finding> findings) {

  /** A matcher that ran: its name, tool version and database version, and how it went. */
  public record Matcher(String name, String version, String dbVersion, String status,
      String error) {}

  /** One merged finding, as the scan-result attestation lists it. */
  public record Finding(String vulnerability, List<String> aliases, String severity,
      Double cvssScore, String cvssVector, String purl, String packageName,
      String installedVersion, List<String> fixedVersions, List<String> scanners) {}

  /** Without vulnerability matching. */
  public ScanFacts(UUID scanId, ImageReference pinned, String platform, Instant startedAt,
      Instant finishedAt, byte[] cycloneDxJson, List<String> catalogers) {
    this(scanId, pinned, platform, startedAt, finishedAt, cycloneDxJson, catalogers, null,
        List.of());
  }

  public ScanFacts {
    Objects.requireNonNull(scanId, "scanId");
    Objects.requireNonNull(pinned, "pinned");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(cycloneDxJson, "cycloneDxJson");
    if (pinned.digest() == null) {
      throw new IllegalArgumentException("a scan attests an image pinned by digest, got "
          + pinned);
    }
    cycloneDxJson = cycloneDxJson.clone();
    catalogers = List.copyOf(catalogers);
    matchers = matchers == null ? null : List.copyOf(matchers);
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  @Override
  public byte[] cycloneDxJson() {
    return cycloneDxJson.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ScanFacts that && scanId.equals(that.scanId)
        && pinned.equals(that.pinned) && Objects.equals(platform, that.platform)
        && startedAt.equals(that.startedAt) && finishedAt.equals(that.finishedAt)
        && java.util.Arrays.equals(cycloneDxJson, that.cycloneDxJson)
        && catalogers.equals(that.catalogers) && Objects.equals(matchers, that.matchers)
        && findings.equals(that.findings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scanId, pinned, platform, startedAt, finishedAt,
        java.util.Arrays.hashCode(cycloneDxJson), catalogers, matchers, findings);
  }

  @Override
  public String toString() {
    return "ScanFacts[scan " + scanId + ", " + pinned + ", SBOM " + cycloneDxJson.length
        + " bytes, " + findings.size() + " findings]";
  }
}
