package dev.scangate.support;

import dev.scangate.evaluations.ScanFindings;
import dev.scangate.grype.GrypeReportNormalizer;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.PackageFacts;
import dev.scangate.policy.input.Severity;
import dev.scangate.vuln.FindingMerger;
import dev.scangate.vuln.MergedFinding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The findings source of the tests: a real recorded Grype report, normalized by scangate's Grype
 * normalizer and merged as the findings feature merges reports, for every scan (or, per scan,
 * the findings a test sets). Stands in for the findings store, which lives in another feature.
 */
public class RecordedFindings implements ScanFindings {

  /** The report every scan gets unless a test says otherwise. */
  public static final String DEFAULT_REPORT = "/policy/grype/defectdojo-grype-0.96.0-rhel8.7-java.json";

  private final List<FindingFacts> defaults = load(DEFAULT_REPORT);
  private final Map<UUID, List<FindingFacts>> perScan = new ConcurrentHashMap<>();

  @Override
  public List<FindingFacts> findingsOf(UUID scanId) {
    return perScan.getOrDefault(scanId, defaults);
  }

  /** Sets the findings of one scan (e.g. after a re-match changed them). */
  public void set(UUID scanId, List<FindingFacts> findings) {
    perScan.put(scanId, List.copyOf(findings));
  }

  public void reset() {
    perScan.clear();
  }

  /** The default report's findings. */
  public List<FindingFacts> defaults() {
    return defaults;
  }

  /** Normalizes and merges a recorded Grype report from the test resources. */
  public static List<FindingFacts> load(String resource) {
    byte[] json;
    try (InputStream in = RecordedFindings.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + resource + " missing");
      }
      json = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<MergedFinding> merged = new FindingMerger()
        .merge(List.of(new GrypeReportNormalizer().normalize(json))).findings();
    return merged.stream().map(RecordedFindings::facts).toList();
  }

  private static FindingFacts facts(MergedFinding f) {
    Double cvss = f.rating() == null ? null : f.rating().baseScore();
    return new FindingFacts(f.id(), List.copyOf(f.aliases()), Severity.parse(
        f.severity().name().equals("NEGLIGIBLE") ? "LOW" : f.severity().name()), cvss,
        f.fixable(), f.fixedVersions(), new PackageFacts(f.pkg().name(), f.installedVersion(),
            f.pkg().type(), f.pkg().purl()), List.copyOf(f.reportedBy()), false, null);
  }
}
