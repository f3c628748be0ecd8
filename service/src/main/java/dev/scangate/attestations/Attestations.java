package dev.scangate.attestations;

import dev.scangate.image.Digest;
import dev.scangate.signing.DsseEnvelope;
import dev.scangate.signing.InTotoStatement;
import dev.scangate.signing.SignatureVerifier;
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
  private final SigningKeys keys;

  Attestations(AttestationRepository repository, SigningKeys keys) {
    this.repository = repository;
    this.keys = keys;
  }

  /** The predicate type of an attestation of an image and whether its signature verified. */
  public record Check(String predicateType, boolean verified) {
  }

  /**
   * The attestations stored for an image digest, each checked again: the DSSE signature
   * verifies with the scangate key that made it, and the statement names the digest.
   */
  public List<Check> check(String digest) {
    Digest subject = Digest.parse(digest);
    return repository.attestationsOf(digest).stream().map(row -> {
      Optional<SignatureVerifier> verifier = keys.verifier(row.keyId());
      boolean verified = false;
      if (verifier.isPresent()) {
        try {
          DsseEnvelope envelope = DsseEnvelope.parse(row.envelope());
          verified = envelope.verify(verifier.get())
              && InTotoStatement.parse(envelope.payload()).hasSubject(subject);
        } catch (IllegalArgumentException e) {
          verified = false; // a stored envelope that no longer parses does not count as verified
        }
      }
      return new Check(row.predicateType(), verified);
    }).toList();
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
