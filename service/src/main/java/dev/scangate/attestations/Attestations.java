package dev.scangate.attestations;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Reads the stored attestations: those of a scan (with their push state, for the scan's view)
 * and those of an image digest.
 *
 * <pre>{@code
 * List<AttestationStatus> statuses = attestations.ofScan(scanId);
 * }</pre>
 */
@Service
public class Attestations {

  private final AttestationRepository repository;

  Attestations(AttestationRepository repository) {
    this.repository = repository;
  }

  /** The attestations a scan made, oldest first. */
  public List<AttestationStatus> ofScan(UUID scanId) {
    return repository.ofScan(scanId).stream().map(AttestationStatus::of).toList();
  }

  /** The attestations of an image digest ({@code sha256:…}), oldest first. */
  public List<AttestationView> ofImage(String digest) {
    return repository.attestationsOf(digest).stream().map(AttestationView::of).toList();
  }

  /**
   * The attestations of an image digest for the image view, oldest first: predicate type, key,
   * push state per destination (cosign tag, referrers) and download paths.
   */
  public List<AttestationSummary> summariesOf(String digest) {
    return repository.attestationsOf(digest).stream().map(AttestationSummary::of).toList();
  }

  Optional<StoredAttestation> attestation(String digest, UUID id) {
    return repository.find(id).filter(row -> row.kind() == StoredAttestation.Kind.ATTESTATION
        && row.imageDigest().equals(digest));
  }
}
