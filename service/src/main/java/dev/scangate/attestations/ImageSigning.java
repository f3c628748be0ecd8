package dev.scangate.attestations;

import dev.scangate.image.ImageReference;
import dev.scangate.jobs.JobQueue;
import dev.scangate.jobs.Priority;
import dev.scangate.signing.DsseEnvelope;
import dev.scangate.signing.InTotoStatement;
import dev.scangate.signing.InTotoSubject;
import dev.scangate.signing.Signer;
import dev.scangate.signing.SimpleSigningPayload;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs images and attests facts about them with the active key, as cosign would: every
 * signature and attestation is stored in PostgreSQL first, then pushed to the image's
 * {@code sha256-<hex>.sig} / {@code .att} tag (appending to what others put there) and attached
 * as an OCI 1.1 referrer of the image ({@link AttestationPusher}). A push the
 * registry refuses does not fail the call: it is retried by an {@code attestation-push} job and
 * visible as {@link AttestationStatus}. Only signing itself (no usable key, a predicate that is
 * not JSON) throws.
 *
 * <pre>{@code
 * ImageReference pinned = ImageReference.parse("ghcr.io/acme/app@sha256:7afc…");
 * AttestationStatus sig = signing.signImage(pinned, Map.of("environment", "prod"));
 * AttestationStatus vsa = signing.attest(pinned, InTotoStatement.SLSA_VSA_PREDICATE, vsaJson);
 * if (!vsa.pushed()) { log.info("will retry: {}", vsa.error()); }
 * }</pre>
 */
@Service
public class ImageSigning {

  static final String SCANGATE_VERSION = ImageSigning.class.getPackage()
      .getImplementationVersion() == null ? "dev"
      : ImageSigning.class.getPackage().getImplementationVersion();

  private final SigningKeys keys;
  private final AttestationRepository repository;
  private final AttestationPusher pusher;
  private final JobQueue queue;
  private final SigningProperties properties;
  private final TransactionTemplate tx;
  private final Clock clock;

  ImageSigning(SigningKeys keys, AttestationRepository repository, AttestationPusher pusher,
      JobQueue queue, SigningProperties properties, TransactionTemplate tx, Clock clock) {
    this.keys = keys;
    this.repository = repository;
    this.pusher = pusher;
    this.queue = queue;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Signs the image with cosign simple signing (the annotations become the payload's
   * {@code optional} part, as {@code cosign sign -a key=value} writes them) and pushes the
   * signature to its {@code .sig} tag.
   *
   * @param pinned the image, pinned to a sha256 digest
   */
  public AttestationStatus signImage(ImageReference pinned, Map<String, String> annotations) {
    requirePinned(pinned);
    Signer signer = keys.activeSigner();
    byte[] payload = SimpleSigningPayload.of(pinned, new LinkedHashMap<>(annotations)).toJson();
    byte[] signature = signer.sign(payload);
    StoredAttestation row = tx.execute(status -> store(null, pinned,
        StoredAttestation.Kind.SIGNATURE, null, signer.keyId(), payload, signature));
    return AttestationStatus.of(pushNow(row));
  }

  /**
   * Attests a predicate about the image: an in-toto Statement v1 with the image digest as
   * subject, in a DSSE envelope signed with the active key, pushed to the {@code .att} tag.
   *
   * @param predicateJson one JSON object, embedded byte for byte
   * @throws IllegalArgumentException when the predicate is not a JSON object
   */
  public AttestationStatus attest(ImageReference pinned, String predicateType,
      byte[] predicateJson) {
    requirePinned(pinned);
    Signer signer = keys.activeSigner();
    byte[] envelope = envelope(pinned, predicateType, predicateJson, signer);
    StoredAttestation row = tx.execute(status -> store(null, pinned,
        StoredAttestation.Kind.ATTESTATION, predicateType, signer.keyId(), envelope, null));
    return AttestationStatus.of(pushNow(row));
  }

  /**
   * The sign stage of a scan: attests the SBOM ({@code https://cyclonedx.org/bom}) and the scan
   * result ({@code https://cosign.sigstore.dev/attestation/vuln/v1}). Idempotent per scan, as
   * pipeline stages must be: what an earlier attempt stored but did not push is replaced, what it
   * pushed is kept.
   *
   * @return a short detail for the scan's stage list
   */
  public String attestScan(ScanFacts facts) {
    requirePinned(facts.pinned());
    Signer signer = keys.activeSigner();
    Map<String, byte[]> predicates = new LinkedHashMap<>();
    predicates.put(InTotoStatement.CYCLONEDX_PREDICATE, facts.cycloneDxJson());
    predicates.put(InTotoStatement.COSIGN_VULN_PREDICATE,
        VulnPredicate.of(facts, SCANGATE_VERSION));
    List<StoredAttestation> created = tx.execute(status -> {
      repository.deleteUnpushedOfScan(facts.scanId());
      Set<String> pushedBefore = repository.ofScan(facts.scanId()).stream()
          .map(StoredAttestation::predicateType).collect(Collectors.toSet());
      List<StoredAttestation> rows = new ArrayList<>();
      predicates.forEach((type, predicate) -> {
        if (!pushedBefore.contains(type)) {
          rows.add(store(facts.scanId(), facts.pinned(), StoredAttestation.Kind.ATTESTATION,
              type, signer.keyId(), envelope(facts.pinned(), type, predicate, signer), null));
        }
      });
      return rows;
    });
    if (created.isEmpty()) {
      return "already attested by an earlier attempt";
    }
    List<StoredAttestation> results = new ArrayList<>();
    for (StoredAttestation row : created) {
      results.add(pushNow(row));
    }
    return describe(results, facts.pinned(), signer.keyId());
  }

  private static String describe(List<StoredAttestation> rows, ImageReference image,
      String keyId) {
    String signed = rows.size() + " attestation" + (rows.size() == 1 ? "" : "s")
        + " signed with key " + keyId.substring(0, 12);
    long pushed = rows.stream()
        .filter(r -> r.pushStatus() == StoredAttestation.PushStatus.PUSHED).count();
    if (pushed == rows.size()) {
      return signed + ", pushed to " + image.name() + ":sha256-" + image.digest().hex()
          + ".att and the image's referrers";
    }
    StoredAttestation notPushed = rows.stream()
        .filter(r -> r.pushStatus() != StoredAttestation.PushStatus.PUSHED).findFirst()
        .orElseThrow();
    if (notPushed.pushStatus() == StoredAttestation.PushStatus.SKIPPED) {
      return signed + ", stored only: " + notPushed.pushError();
    }
    return signed + ", stored; push failed, will retry: " + notPushed.pushError();
  }

  private static byte[] envelope(ImageReference pinned, String predicateType,
      byte[] predicateJson, Signer signer) {
    Objects.requireNonNull(predicateType, "predicateType");
    byte[] statement = InTotoStatement.of(List.of(InTotoSubject.of(
        SimpleSigningPayload.dockerReference(pinned), pinned.digest())), predicateType,
        predicateJson).toJson();
    return DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, statement, signer).toJson();
  }

  /** Inserts the row, and its push job when it is to be pushed (in the caller's transaction). */
  private StoredAttestation store(UUID scanId, ImageReference pinned, StoredAttestation.Kind kind,
      String predicateType, String keyId, byte[] envelope, byte[] signature) {
    boolean push = properties.pushesTo(pinned.registry());
    Instant now = clock.instant();
    StoredAttestation row = new StoredAttestation(UUID.randomUUID(), scanId, kind,
        pinned.digest().toString(), pinned.name(), predicateType, keyId, envelope, signature,
        now, push ? StoredAttestation.PushStatus.PENDING : StoredAttestation.PushStatus.SKIPPED,
        0, push ? null : "not pushed: registry " + pinned.registry()
            + " is not in scangate.signing.push-registries", null, null);
    repository.insert(row);
    if (push) {
      // Enqueued with the row, so a crash before the push below still gets it pushed; when the
      // push below succeeds, the job finds the row pushed and does nothing.
      queue.enqueue(AttestationPushJobHandler.KIND, row.id(), Priority.NORMAL,
          properties.pushMaxAttempts());
    }
    return row;
  }

  /** Pushes the row now (its job retries on failure); returns the row as it is afterwards. */
  private StoredAttestation pushNow(StoredAttestation row) {
    if (row.pushStatus() == StoredAttestation.PushStatus.PENDING) {
      pusher.push(row.id());
    }
    return repository.find(row.id()).orElse(row);
  }

  private static void requirePinned(ImageReference pinned) {
    if (pinned.digest() == null || !"sha256".equals(pinned.digest().algorithm())) {
      throw new IllegalArgumentException("signatures and attestations are made for an image"
          + " pinned to a sha256 digest (cosign's tag layout), got " + pinned);
    }
  }
}
