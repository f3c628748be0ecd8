package dev.scangate.policy.input;

import java.util.List;
import java.util.Objects;

/**
 * The scan the findings come from: CEL variable {@code scan} (with {@code present == true}).
 * A {@link PolicyInput} without a scan gives rules {@code scan.present == false}.
 *
 * <pre>{@code
 * new ScanFacts(Instant.parse("2024-05-02T08:00:00Z"),
 *     List.of(new ScannerFacts("grype", "0.74.0", "5"), new ScannerFacts("trivy", "0.50.1", "2")), 0);
 * }</pre>
 *
 * @param unknowns how many packages no scanner could match (unknown ecosystem, no version)
 */
public record ScanFacts(java.time.Instant finishedAt, List<ScannerFacts> scanners, int unknowns) {

  public ScanFacts {
    Objects.requireNonNull(finishedAt, "finishedAt");
    scanners = List.copyOf(scanners);
    if (unknowns < 0) {
      throw new IllegalArgumentException("unknowns must not be negative, got " + unknowns);
    }
  }
}
