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
 * @param unknowns how many parts of the image the SBOM could not account for: files the
 *     catalogers found but could not read (a malformed package database stanza, a jar that is not
 *     a zip, a file above the size limit), layer entries refused on extraction, and components of
 *     an uploaded or Syft SBOM that could not be used (no package URL, an ecosystem not matched)
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
