package dev.scangate.signing;

import dev.scangate.image.ImageReference;
import dev.scangate.registry.Descriptor;
import dev.scangate.registry.DigestMismatchException;
import dev.scangate.registry.FetchedManifest;
import dev.scangate.registry.InvalidContentException;
import dev.scangate.registry.OciReferrers;
import dev.scangate.registry.Referrer;
import dev.scangate.registry.ReferrerArtifact;
import dev.scangate.registry.ReferrerPush;
import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistryException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signatures and attestations as OCI 1.1 referrers of the image, next to cosign's
 * {@code .sig}/{@code .att} tags ({@link CosignStorage}), in the shapes cosign itself writes:
 * <ul>
 *   <li>an attestation is a Sigstore bundle v0.3 carrying the DSSE envelope: artifact type and
 *   layer media type {@code application/vnd.dev.sigstore.bundle.v0.3+json}, manifest annotations
 *   {@code dev.sigstore.bundle.content: dsse-envelope},
 *   {@code dev.sigstore.bundle.predicateType} and {@code org.opencontainers.image.created}, as
 *   {@code cosign attest --new-bundle-format} attaches them;</li>
 *   <li>a simple signature is the payload layer of the {@code .sig} image (the signature in the
 *   layer annotation {@code dev.cosignproject.cosign/signature}) under the artifact type
 *   {@code application/vnd.dev.cosign.artifact.sig.v1+json}, as cosign's OCI 1.1 mode writes
 *   it.</li>
 * </ul>
 * {@link OciReferrers} decides between the registry's referrers API and the referrers tag schema.
 *
 * <pre>{@code
 * CosignReferrers referrers = new CosignReferrers(client);
 * ReferrerPush pushed = referrers.attachAttestation(image, envelope, keyId, createdAt);
 * List<LayerVerification> checks = referrers.verifyAttestations(image, verifier);
 * }</pre>
 */
public final class CosignReferrers {

  /** The artifact type of cosign's OCI 1.1 simple signatures. */
  public static final String SIGNATURE_ARTIFACT_TYPE =
      "application/vnd.dev.cosign.artifact.sig.v1+json";
  /** Manifest annotation: what the bundle carries. */
  public static final String BUNDLE_CONTENT_ANNOTATION = "dev.sigstore.bundle.content";
  /** Manifest annotation: the predicate type of the bundle's statement (unsigned). */
  public static final String BUNDLE_PREDICATE_TYPE_ANNOTATION =
      "dev.sigstore.bundle.predicateType";
  /** Manifest annotation: when the artifact was made. */
  public static final String CREATED_ANNOTATION = "org.opencontainers.image.created";

  private final RegistryClient client;
  private final OciReferrers referrers;

  public CosignReferrers(RegistryClient client) {
    this.client = Objects.requireNonNull(client, "client");
    this.referrers = new OciReferrers(client);
  }

  /** The referrer artifact of an attestation: a Sigstore bundle carrying the envelope. */
  public static ReferrerArtifact attestationArtifact(DsseEnvelope envelope, String keyIdHint,
      Instant created) {
    InTotoStatement statement = InTotoStatement.parse(envelope.payload());
    byte[] bundle = new SigstoreBundle(envelope, keyIdHint).toJson();
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(BUNDLE_CONTENT_ANNOTATION, "dsse-envelope");
    annotations.put(BUNDLE_PREDICATE_TYPE_ANNOTATION, statement.predicateType());
    annotations.put(CREATED_ANNOTATION, rfc3339(created));
    return new ReferrerArtifact(SigstoreBundle.MEDIA_TYPE, List.of(new ReferrerArtifact.Layer(
        SigstoreBundle.MEDIA_TYPE, bundle, Map.of())), annotations);
  }

  /** The referrer artifact of a simple signature. */
  public static ReferrerArtifact signatureArtifact(byte[] payload, byte[] signature,
      Instant created) {
    return new ReferrerArtifact(SIGNATURE_ARTIFACT_TYPE, List.of(new ReferrerArtifact.Layer(
        SimpleSigningPayload.MEDIA_TYPE, payload, Map.of(CosignStorage.SIGNATURE_ANNOTATION,
            Base64.getEncoder().encodeToString(signature)))),
        Map.of(CREATED_ANNOTATION, rfc3339(created)));
  }

  /**
   * Attaches a signed in-toto attestation about the image as a referrer.
   *
   * @param keyIdHint the bundle's {@code verificationMaterial.publicKey.hint}
   * @param created recorded in the manifest; the same inputs give the same manifest
   * @throws IllegalArgumentException when the statement's subjects do not include the image
   */
  public ReferrerPush attachAttestation(ImageReference image, DsseEnvelope envelope,
      String keyIdHint, Instant created) {
    InTotoStatement statement = InTotoStatement.parse(envelope.payload());
    if (!statement.hasSubject(image.digest())) {
      throw new IllegalArgumentException("the attestation's subjects do not include "
          + image.digest());
    }
    return referrers.attach(image, attestationArtifact(envelope, keyIdHint, created));
  }

  /** Attaches a simple signature (payload and DER signature) of the image as a referrer. */
  public ReferrerPush attachSignature(ImageReference image, byte[] payload, byte[] signature,
      Instant created) {
    if (!SimpleSigningPayload.parse(payload).isFor(image.digest())) {
      throw new IllegalArgumentException("the signed payload is not for " + image.digest());
    }
    return referrers.attach(image, signatureArtifact(payload, signature, created));
  }

  /** The image's referrers of one artifact type (API, else tag schema). */
  public List<Referrer> list(ImageReference image, String artifactType) {
    return referrers.list(image, artifactType).referrers();
  }

  /**
   * Checks every Sigstore bundle referrer of the image against a key: the bundle's DSSE
   * signature, the in-toto statement, its subject. {@code index} is the position among the
   * bundle referrers; {@code layer} the bundle's layer.
   */
  public List<LayerVerification> verifyAttestations(ImageReference image,
      SignatureVerifier verifier) {
    return verifyEach(image, SigstoreBundle.MEDIA_TYPE, layer -> {
      String annotated = layer.descriptor().annotations()
          .get(BUNDLE_PREDICATE_TYPE_ANNOTATION);
      SigstoreBundle bundle;
      try {
        bundle = SigstoreBundle.parse(layer.content());
      } catch (InvalidSignedDocumentException e) {
        return new LayerVerification(layer.index(), layer.descriptor(),
            LayerVerification.Status.MALFORMED, e.getMessage(), annotated);
      }
      return CosignStorage.verifyEnvelope(layer.index(), layer.descriptor(), bundle.envelope(),
          annotated, image.digest(), verifier);
    });
  }

  /** Checks every cosign OCI 1.1 signature referrer of the image against a key. */
  public List<LayerVerification> verifySignatures(ImageReference image,
      SignatureVerifier verifier) {
    return verifyEach(image, SIGNATURE_ARTIFACT_TYPE,
        layer -> CosignStorage.verifySignature(layer, image.digest(), verifier));
  }

  /** A check of the first layer of one referrer. */
  @FunctionalInterface
  private interface Check {
    LayerVerification check(CosignLayer layer);
  }

  private List<LayerVerification> verifyEach(ImageReference image, String artifactType,
      Check check) {
    List<LayerVerification> results = new ArrayList<>();
    List<Referrer> found = list(image, artifactType);
    for (int i = 0; i < found.size(); i++) {
      Referrer referrer = found.get(i);
      ImageReference at = image.withDigest(referrer.digest());
      Descriptor asLayer = new Descriptor(referrer.mediaType(), referrer.digest(),
          referrer.size(), null, referrer.annotations());
      FetchedManifest manifest;
      try {
        manifest = client.fetchManifest(at);
      } catch (RegistryException e) {
        if (e.retryable() || !(e.status() == 404 || e instanceof DigestMismatchException
            || e instanceof InvalidContentException)) {
          throw e;
        }
        results.add(new LayerVerification(i, asLayer, LayerVerification.Status.MALFORMED,
            e.getMessage(), referrer.annotations().get(BUNDLE_PREDICATE_TYPE_ANNOTATION)));
        continue;
      }
      if (manifest.isIndex() || manifest.manifest().layers().isEmpty()) {
        results.add(new LayerVerification(i, asLayer, LayerVerification.Status.MALFORMED,
            "the referrer " + referrer.digest() + " is not a manifest with a layer",
            referrer.annotations().get(BUNDLE_PREDICATE_TYPE_ANNOTATION)));
        continue;
      }
      Descriptor subject = manifest.manifest().subject();
      Descriptor first = manifest.manifest().layers().get(0);
      // The annotations that matter (predicate type) are on the manifest; the signature
      // annotation of a simple signature is on the layer.
      Map<String, String> merged = new LinkedHashMap<>(manifest.manifest().annotations());
      merged.putAll(first.annotations());
      Descriptor layer = new Descriptor(first.mediaType(), first.digest(), first.size(), null,
          merged);
      if (subject == null || !subject.digest().equals(image.digest())) {
        results.add(new LayerVerification(i, layer, LayerVerification.Status.OTHER_IMAGE,
            "the referrer's subject is " + (subject == null ? "missing" : subject.digest())
                + ", not " + image.digest(), merged.get(BUNDLE_PREDICATE_TYPE_ANNOTATION)));
        continue;
      }
      byte[] content;
      try {
        content = client.fetchBlob(at, first, CosignStorage.MAX_LAYER_BYTES);
      } catch (RegistryException e) {
        if (e.retryable() || !(e.status() == 404 || e instanceof DigestMismatchException
            || e instanceof InvalidContentException)) {
          throw e;
        }
        results.add(new LayerVerification(i, layer, LayerVerification.Status.MALFORMED,
            e.getMessage(), merged.get(BUNDLE_PREDICATE_TYPE_ANNOTATION)));
        continue;
      }
      results.add(check.check(new CosignLayer(i, layer, content)));
    }
    return List.copyOf(results);
  }

  private static String rfc3339(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
