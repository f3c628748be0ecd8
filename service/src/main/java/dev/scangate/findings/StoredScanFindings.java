package dev.scangate.findings;

import dev.scangate.evaluations.ScanFindings;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.PackageFacts;
import dev.scangate.policy.input.ScannerFacts;
import dev.scangate.policy.input.Severity;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The stored merged findings of a scan, as the policy evaluates them. The policy's severity
 * scale has no {@code NEGLIGIBLE}: such findings count as {@code LOW}, as in the scan summary.
 */
@Component
class StoredScanFindings implements ScanFindings {

  private final FindingsService findings;

  StoredScanFindings(FindingsService findings) {
    this.findings = findings;
  }

  @Override
  public List<FindingFacts> findingsOf(UUID scanId) {
    return findings.all(scanId).stream().map(StoredScanFindings::facts).toList();
  }

  @Override
  public List<ScannerFacts> scannersOf(UUID scanId) {
    return findings.scanners(scanId).stream()
        .filter(s -> s.status() == null || !"FAILED".equalsIgnoreCase(s.status()))
        .map(s -> new ScannerFacts(s.name(), s.version(), s.dbVersion()))
        .toList();
  }

  private static FindingFacts facts(FindingView f) {
    Severity severity = "NEGLIGIBLE".equalsIgnoreCase(f.severity()) ? Severity.LOW
        : Severity.parse(f.severity());
    return new FindingFacts(f.vulnerability(), f.aliases(), severity,
        f.cvss() == null ? null : f.cvss().score(), f.fixAvailable(), f.fixedVersions(),
        new PackageFacts(f.pkg().name(), f.pkg().version(), f.pkg().type(), f.pkg().purl()),
        f.scanners(), false, null);
  }
}
