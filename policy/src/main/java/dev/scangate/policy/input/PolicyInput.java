package dev.scangate.policy.input;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a policy may look at, filled by the service. Each component is a CEL variable of
 * the same name; {@code environment} is a CEL object with a {@code name} field. Ages
 * ({@code image.ageDays}, {@code scan.ageHours}) are computed from {@code now}, which the
 * caller takes from its clock so that evaluations are reproducible.
 *
 * <pre>{@code
 * PolicyInput input = new PolicyInput(image, scan, findings, SbomFacts.EMPTY, List.of(),
 *     "prod", clock.instant());
 * }</pre>
 *
 * @param scan the latest scan, or null when the image was never scanned
 * @param sbom the SBOM, or null for none (an empty component list in CEL)
 */
public record PolicyInput(ImageFacts image, ScanFacts scan, List<FindingFacts> findings,
    SbomFacts sbom, List<AttestationFacts> attestations, String environment, Instant now) {

  public PolicyInput {
    Objects.requireNonNull(image, "image");
    findings = List.copyOf(findings);
    sbom = sbom == null ? SbomFacts.EMPTY : sbom;
    attestations = List.copyOf(attestations);
    if (environment == null || environment.isBlank()) {
      throw new IllegalArgumentException("environment must be named, e.g. \"prod\"");
    }
    Objects.requireNonNull(now, "now");
  }

  /** The same input with other findings (used to mark waived ones). */
  public PolicyInput withFindings(List<FindingFacts> replaced) {
    return new PolicyInput(image, scan, replaced, sbom, attestations, environment, now);
  }
}
