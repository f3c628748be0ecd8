package dev.scangate.attestations;

import dev.scangate.image.ImageReference;
import dev.scangate.registry.ReferrerPush;
import dev.scangate.signing.Attachment;
import dev.scangate.signing.CosignReferrers;
import dev.scangate.signing.CosignStorage;
import dev.scangate.signing.DsseEnvelope;
import dev.scangate.signing.PublicKeyPem;
import dev.scangate.signing.SimpleSigningPayload;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pushes a stored attestation or signature to its image's {@code .att} or {@code .sig} tag with
 * {@link CosignStorage} (which appends and keeps every layer already there), then attaches it as
 * an OCI 1.1 referrer with {@link CosignReferrers} (the referrers API, or the referrers tag
 * schema's index, keeping every entry there), under the image's advisory lock, and records each
 * destination's outcome on the row: a retry redoes only what is missing. A registry failure is recorded, not thrown:
 * the row stays PENDING with the error, and the caller decides about retrying.
 */
@Component
class AttestationPusher {

  private static final Logger log = LoggerFactory.getLogger(AttestationPusher.class);

  /** What one push did. */
  record Outcome(boolean pushed, String error) {
    static final Outcome PUSHED = new Outcome(true, null);

    static Outcome failed(String error) {
      return new Outcome(false, error);
    }
  }

  private final AttestationRepository repository;
  private final SigningKeys keys;
  private final CosignStorage storage;
  private final CosignReferrers referrers;
  private final TransactionTemplate tx;
  private final Clock clock;

  AttestationPusher(AttestationRepository repository, SigningKeys keys, CosignStorage storage,
      CosignReferrers referrers, TransactionTemplate tx, Clock clock) {
    this.repository = repository;
    this.keys = keys;
    this.storage = storage;
    this.referrers = referrers;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Pushes the row unless it is pushed already (or gone: an earlier attempt of its scan
   * replaced it). The registry calls run inside the transaction that holds the image's lock.
   */
  Outcome push(UUID id) {
    return tx.execute(status -> {
      StoredAttestation unlocked = repository.find(id).orElse(null);
      if (unlocked == null || unlocked.pushStatus() != StoredAttestation.PushStatus.PENDING) {
        return Outcome.PUSHED;
      }
      repository.lockImage(unlocked.repository(), unlocked.imageDigest());
      StoredAttestation row = repository.find(id).orElse(null);
      if (row == null || row.pushStatus() != StoredAttestation.PushStatus.PENDING) {
        return Outcome.PUSHED;
      }
      try {
        StoredAttestation.Destinations done = row.destinations();
        if (done.tagPushedAt() == null) {
          Attachment attached = attach(row);
          repository.markTagPushed(id, attached.manifestDigest().toString(), clock.instant());
          log.debug("pushed {} to {}", row, attached.tag());
        }
        if (done.referrersPushedAt() == null) {
          ReferrerPush referrer = attachReferrer(row);
          repository.markReferrerPushed(id, referrer.manifestDigest().toString(),
              referrer.via().name(), clock.instant());
          log.debug("attached {} as referrer {} ({})", row, referrer.manifest(), referrer.via());
        }
        repository.markPushed(id, clock.instant());
        return Outcome.PUSHED;
      } catch (DataAccessException e) {
        throw e;
      } catch (RuntimeException e) {
        String error = "pushing to " + row.repository() + ": " + e.getMessage();
        repository.recordPushFailure(id, error);
        log.info("push of {} failed: {}", row, error);
        return Outcome.failed(error);
      }
    });
  }

  /**
   * Attaches it as a referrer of the image: the registry's referrers API, or the referrers tag
   * schema's index (OciReferrers). The artifact is made from the stored row alone (its creation
   * time included), so a retry pushes the same manifest.
   */
  private ReferrerPush attachReferrer(StoredAttestation row) {
    ImageReference image = ImageReference.parse(row.image());
    if (row.kind() == StoredAttestation.Kind.ATTESTATION) {
      return referrers.attachAttestation(image, DsseEnvelope.parse(row.envelope()), row.keyId(),
          row.createdAt());
    }
    return referrers.attachSignature(image, row.envelope(), row.signature(), row.createdAt());
  }

  private Attachment attach(StoredAttestation row) {
    ImageReference image = ImageReference.parse(row.image());
    if (row.kind() == StoredAttestation.Kind.ATTESTATION) {
      return storage.attachAttestation(image, DsseEnvelope.parse(row.envelope()));
    }
    String pem = keys.publicKeyPem(row.keyId()).orElseThrow(() -> new IllegalStateException(
        "signing key " + row.keyId() + " of signature " + row.id() + " is gone"));
    StoredSignatureSigner signer = new StoredSignatureSigner(row.keyId(), PublicKeyPem.parse(pem),
        row.envelope(), row.signature());
    return storage.attachSignature(image, signer,
        SimpleSigningPayload.parse(row.envelope()).optional());
  }
}
