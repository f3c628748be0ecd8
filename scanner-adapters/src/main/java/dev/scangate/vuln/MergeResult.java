package dev.scangate.vuln;

import java.util.List;

/**
 * The merged findings of one scan, with the matchers whose results went in.
 *
 * <pre>{@code
 * MergeResult merged = new FindingMerger().merge(List.of(osvResult, grypeResult, trivyResult));
 * merged.scanners();   // osv …, grype 0.74.0 (db 5, …), trivy 0.49.1 (db 2, …)
 * merged.findings();   // sorted by package, then id
 * }</pre>
 *
 * @param scanners the matchers whose results were merged, in input order
 * @param findings one per (alias group, package), sorted by package key then id
 * @param warnings the matchers' warnings, each prefixed with the matcher id, and the merger's own
 */
public record MergeResult(List<ScannerInfo> scanners, List<MergedFinding> findings,
    List<String> warnings) {

  public MergeResult {
    scanners = List.copyOf(scanners);
    findings = List.copyOf(findings);
    warnings = List.copyOf(warnings);
  }
}
