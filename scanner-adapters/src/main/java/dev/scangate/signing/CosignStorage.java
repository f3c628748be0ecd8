package dev.scangate.signing;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.registry.Descriptor;
import dev.scangate.registry.DigestMismatchException;
import dev.scangate.registry.FetchedManifest;
import dev.scangate.registry.InvalidContentException;
import dev.scangate.registry.MediaTypes;
import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistryException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Stores and reads cosign signatures and attestations in an image's repository, in cosign's tag
 * layout (https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md): for an image
 * {@code repo@sha256:<hex>}, the tag {@code repo:sha256-<hex>.sig} holds an OCI image whose
 * layers are simple signing payloads (media type
 * {@code application/vnd.dev.cosign.simplesigning.v1+json}, the base64 DER signature in the
 * layer annotation {@code dev.cosignproject.cosign/signature}), and {@code repo:sha256-<hex>.att}
 * one whose layers are DSSE envelopes ({@code application/vnd.dsse.envelope.v1+json}, annotation
 * {@code predicateType}, and an empty signature annotation as cosign writes). The images are
 * written as cosign writes them (see {@link CosignManifest}), so {@code cosign verify} and
 * {@code cosign verify-attestation} read them, and what cosign wrote reads here.
 *
 * <p>Attaching appends: the manifest at the tag is fetched, every existing layer is kept as it
 * was (other signers' signatures, certificates, bundles), ours is added, the blobs and then the
 * manifest are pushed. A signature is not added twice: as cosign's duplicate detector does, a
 * layer with the same payload digest and media type whose signature already verifies with our
 * key counts as ours (so a second signer of the same payload is still added). An attestation is
 * not added when a layer with the same digest is there. Registries have no conditional writes
 * to a tag, so two writers appending to the same tag at the same moment can lose one update;
 * callers that sign concurrently must serialize per image.
 *
 * <pre>{@code
 * CosignStorage storage = new CosignStorage(registryClient);
 * ImageReference image = ImageReference.parse("127.0.0.1:5000/app@sha256:7afc…");
 * storage.attachSignature(image, signer, Map.of());
 * storage.attachAttestation(image, DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, statement, signer));
 * List<LayerVerification> checks = storage.verifySignatures(image, new SignatureVerifier(publicKey));
 * }</pre>
 */
public final class CosignStorage {

  /** The layer annotation holding the base64 DER signature. */
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  /** The layer annotation naming an attestation's predicate type. */
  public static final String PREDICATE_TYPE_ANNOTATION = "predicateType";
  /** The layer media type of attestations. */
  public static final String DSSE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
  /** The largest layer read back (an attestation may carry a whole SBOM). */
  public static final long MAX_LAYER_BYTES = 64L * 1024 * 1024;
  private static final long MAX_CONFIG_BYTES = 4L * 1024 * 1024;

  private final RegistryClient client;

  public CosignStorage(RegistryClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** {@code repo:sha256-<hex>.sig} for an image pinned to a sha256 digest. */
  public static ImageReference signatureTag(ImageReference image) {
    return tag(image, ".sig");
  }

  /** {@code repo:sha256-<hex>.att} for an image pinned to a sha256 digest. */
  public static ImageReference attestationTag(ImageReference image) {
    return tag(image, ".att");
  }

  private static ImageReference tag(ImageReference image, String suffix) {
    Digest digest = image.digest();
    if (digest == null) {
      throw new IllegalArgumentException("signatures are attached to an image by digest, not by"
          + " tag: " + image);
    }
    if (!"sha256".equals(digest.algorithm())) {
      throw new IllegalArgumentException("cosign's tag layout needs a sha256 digest, got "
          + digest);
    }
    return new ImageReference(image.registry(), image.repository(),
        "sha256-" + digest.hex() + suffix, null);
  }

  /**
   * Signs the image (a simple signing payload with {@code annotations} as its optional part)
   * and appends the signature to its {@code .sig} tag.
   *
   * @param image the image, pinned to its digest
   * @param annotations what {@code cosign sign -a key=value} would put in the payload; may be
   *     empty
   */
  public Attachment attachSignature(ImageReference image, Signer signer,
      Map<String, ?> annotations) {
    ImageReference tag = signatureTag(image);
    byte[] payload = SimpleSigningPayload.of(image, annotations).toJson();
    byte[] signature = signer.sign(payload);
    Map<String, String> layerAnnotations = Map.of(SIGNATURE_ANNOTATION,
        Base64.getEncoder().encodeToString(signature));
    SignatureVerifier ourKey = new SignatureVerifier(signer.publicKey());
    Digest payloadDigest = Digest.sha256(payload);
    return append(tag, payload, SimpleSigningPayload.MEDIA_TYPE, layerAnnotations,
        existing -> existing.digest().equals(payloadDigest)
            && SimpleSigningPayload.MEDIA_TYPE.equals(existing.mediaType())
            && decode(existing.annotations().get(SIGNATURE_ANNOTATION))
                .map(sig -> ourKey.verify(payload, sig)).orElse(false));
  }

  /**
   * Appends a signed in-toto attestation to the image's {@code .att} tag. The statement must name
   * the image's digest as a subject.
   *
   * @throws IllegalArgumentException when the envelope is not an in-toto statement about this
   *     image
   */
  public Attachment attachAttestation(ImageReference image, DsseEnvelope envelope) {
    ImageReference tag = attestationTag(image);
    if (!DsseEnvelope.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
      throw new IllegalArgumentException("an attestation's payload type must be "
          + DsseEnvelope.IN_TOTO_PAYLOAD_TYPE + ", got " + envelope.payloadType());
    }
    if (envelope.signatures().isEmpty()) {
      throw new IllegalArgumentException("the attestation is not signed");
    }
    InTotoStatement statement = InTotoStatement.parse(envelope.payload());
    if (!statement.hasSubject(image.digest())) {
      throw new IllegalArgumentException("the attestation's subjects do not include "
          + image.digest());
    }
    byte[] layer = envelope.toJson();
    Digest layerDigest = Digest.sha256(layer);
    Map<String, String> layerAnnotations = new LinkedHashMap<>();
    layerAnnotations.put(SIGNATURE_ANNOTATION, "");
    layerAnnotations.put(PREDICATE_TYPE_ANNOTATION, statement.predicateType());
    return append(tag, layer, DSSE_MEDIA_TYPE, layerAnnotations,
        existing -> existing.digest().equals(layerDigest));
  }

  /** The layers under the image's {@code .sig} tag, with their payloads; empty when none. */
  public List<CosignLayer> signatures(ImageReference image) {
    return layers(signatureTag(image));
  }

  /** The layers under the image's {@code .att} tag, with their envelopes; empty when none. */
  public List<CosignLayer> attestations(ImageReference image) {
    return layers(attestationTag(image));
  }

  /**
   * Checks every layer under the image's {@code .sig} tag against a key: the signature over the
   * payload bytes, then that the payload names the image's digest.
   */
  public List<LayerVerification> verifySignatures(ImageReference image,
      SignatureVerifier verifier) {
    return verifyEach(signatureTag(image),
        layer -> verifySignature(layer, image.digest(), verifier));
  }

  /**
   * Checks every layer under the image's {@code .att} tag against a key: the DSSE signature, that
   * the payload is an in-toto statement, and that a subject is the image's digest.
   */
  public List<LayerVerification> verifyAttestations(ImageReference image,
      SignatureVerifier verifier) {
    return verifyEach(attestationTag(image),
        layer -> verifyAttestation(layer, image.digest(), verifier));
  }

  /** A check of one pulled layer. */
  @FunctionalInterface
  private interface LayerCheck {
    LayerVerification check(CosignLayer layer);
  }

  /**
   * Pulls and checks each layer. A layer whose blob is missing, corrupt or too large is reported
   * as {@link LayerVerification.Status#MALFORMED} next to the others; an unavailable registry
   * still fails the whole call.
   */
  private List<LayerVerification> verifyEach(ImageReference tag, LayerCheck check) {
    Optional<FetchedManifest> fetched = client.fetchManifestIfExists(tag);
    if (fetched.isEmpty()) {
      return List.of();
    }
    List<Descriptor> descriptors = requireImageManifest(fetched.get(), tag).manifest().layers();
    List<LayerVerification> results = new ArrayList<>();
    for (int i = 0; i < descriptors.size(); i++) {
      Descriptor descriptor = descriptors.get(i);
      byte[] content;
      try {
        content = client.fetchBlob(tag, descriptor, MAX_LAYER_BYTES);
      } catch (RegistryException e) {
        if (e.retryable() || !(e instanceof DigestMismatchException
            || e instanceof InvalidContentException || e.status() == 404)) {
          throw e;
        }
        results.add(new LayerVerification(i, descriptor, LayerVerification.Status.MALFORMED,
            e.getMessage(), descriptor.annotations().get(PREDICATE_TYPE_ANNOTATION)));
        continue;
      }
      results.add(check.check(new CosignLayer(i, descriptor, content)));
    }
    return List.copyOf(results);
  }

  static LayerVerification verifySignature(CosignLayer layer, Digest image,
      SignatureVerifier verifier) {
    Descriptor descriptor = layer.descriptor();
    if (!SimpleSigningPayload.MEDIA_TYPE.equals(descriptor.mediaType())) {
      return malformed(layer, "media type " + descriptor.mediaType() + " is not "
          + SimpleSigningPayload.MEDIA_TYPE, null);
    }
    String encoded = descriptor.annotations().get(SIGNATURE_ANNOTATION);
    Optional<byte[]> signature = decode(encoded);
    if (signature.isEmpty()) {
      return malformed(layer, encoded == null || encoded.isEmpty()
          ? "no " + SIGNATURE_ANNOTATION + " annotation"
          : SIGNATURE_ANNOTATION + " is not base64", null);
    }
    byte[] payload = layer.content();
    if (!verifier.verify(payload, signature.get())) {
      return new LayerVerification(layer.index(), descriptor,
          LayerVerification.Status.NOT_SIGNED_BY_KEY, "the signature does not verify with key "
          + verifier.keyId(), null);
    }
    SimpleSigningPayload parsed;
    try {
      parsed = SimpleSigningPayload.parse(payload);
    } catch (InvalidSignedDocumentException e) {
      return malformed(layer, e.getMessage(), null);
    }
    if (!parsed.isFor(image)) {
      return new LayerVerification(layer.index(), descriptor, LayerVerification.Status.OTHER_IMAGE,
          "the payload is for " + parsed.manifestDigest() + ", not " + image, null);
    }
    return new LayerVerification(layer.index(), descriptor, LayerVerification.Status.VERIFIED,
        "", null);
  }

  static LayerVerification verifyAttestation(CosignLayer layer, Digest image,
      SignatureVerifier verifier) {
    Descriptor descriptor = layer.descriptor();
    String annotated = descriptor.annotations().get(PREDICATE_TYPE_ANNOTATION);
    if (!DSSE_MEDIA_TYPE.equals(descriptor.mediaType())) {
      return malformed(layer, "media type " + descriptor.mediaType() + " is not "
          + DSSE_MEDIA_TYPE, annotated);
    }
    DsseEnvelope envelope;
    try {
      envelope = DsseEnvelope.parse(layer.content());
    } catch (InvalidSignedDocumentException e) {
      return malformed(layer, e.getMessage(), annotated);
    }
    return verifyEnvelope(layer.index(), descriptor, envelope, annotated, image, verifier);
  }

  /**
   * Checks a parsed envelope: the DSSE signature with the key, the in-toto payload type and
   * statement, and that a subject is the image's digest.
   *
   * @param annotated the unsigned predicate type the layer or manifest announced, or null
   */
  static LayerVerification verifyEnvelope(int index, Descriptor descriptor,
      DsseEnvelope envelope, String annotated, Digest image, SignatureVerifier verifier) {
    if (!envelope.verify(verifier)) {
      return new LayerVerification(index, descriptor,
          LayerVerification.Status.NOT_SIGNED_BY_KEY, "no signature of the envelope verifies"
          + " with key " + verifier.keyId(), annotated);
    }
    if (!DsseEnvelope.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
      return new LayerVerification(index, descriptor, LayerVerification.Status.MALFORMED,
          "payload type " + envelope.payloadType() + " is not "
          + DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, annotated);
    }
    InTotoStatement statement;
    try {
      statement = InTotoStatement.parse(envelope.payload());
    } catch (InvalidSignedDocumentException e) {
      return new LayerVerification(index, descriptor, LayerVerification.Status.MALFORMED,
          e.getMessage(), annotated);
    }
    if (!statement.hasSubject(image)) {
      return new LayerVerification(index, descriptor, LayerVerification.Status.OTHER_IMAGE,
          "no subject of the statement is " + image, statement.predicateType());
    }
    return new LayerVerification(index, descriptor, LayerVerification.Status.VERIFIED,
        "", statement.predicateType());
  }

  private List<CosignLayer> layers(ImageReference tag) {
    Optional<FetchedManifest> fetched = client.fetchManifestIfExists(tag);
    if (fetched.isEmpty()) {
      return List.of();
    }
    FetchedManifest manifest = requireImageManifest(fetched.get(), tag);
    List<CosignLayer> layers = new ArrayList<>();
    List<Descriptor> descriptors = manifest.manifest().layers();
    for (int i = 0; i < descriptors.size(); i++) {
      layers.add(new CosignLayer(i, descriptors.get(i),
          client.fetchBlob(tag, descriptors.get(i), MAX_LAYER_BYTES)));
    }
    return List.copyOf(layers);
  }

  /** A test of an existing layer: is it already what we are about to add? */
  @FunctionalInterface
  private interface Duplicate {
    boolean of(Descriptor existing);
  }

  private Attachment append(ImageReference tag, byte[] content, String mediaType,
      Map<String, String> annotations, Duplicate duplicate) {
    Descriptor ours = new Descriptor(mediaType, Digest.sha256(content), content.length, null,
        annotations);
    Optional<FetchedManifest> fetched = client.fetchManifestIfExists(tag);
    String manifestMediaType = MediaTypes.OCI_MANIFEST;
    String configMediaType = MediaTypes.OCI_CONFIG;
    JsonNode existingRoot = null;
    byte[] config;
    int layerCount = 1;
    if (fetched.isPresent()) {
      FetchedManifest existing = requireImageManifest(fetched.get(), tag);
      List<Descriptor> layers = existing.manifest().layers();
      for (Descriptor layer : layers) {
        if (duplicate.of(layer)) {
          return new Attachment(existing.reference(), existing.digest(), layer, layers.size(),
              false);
        }
      }
      existingRoot = StrictJson.object(existing.bytes(), "the manifest at " + tag);
      manifestMediaType = existing.mediaType();
      Descriptor existingConfig = existing.manifest().config();
      configMediaType = existingConfig.mediaType();
      byte[] oldConfig = client.fetchBlob(tag, existingConfig, MAX_CONFIG_BYTES);
      try {
        config = CosignManifest.appendToConfig(oldConfig, ours.digest());
      } catch (IllegalArgumentException e) {
        throw new InvalidContentException("appending to " + tag, e.getMessage());
      }
      layerCount = layers.size() + 1;
    } else {
      config = CosignManifest.config(List.of(ours.digest()));
    }
    client.pushBlob(tag, content);
    Digest configDigest = client.pushBlob(tag, config);
    Descriptor configDescriptor = new Descriptor(configMediaType, configDigest, config.length,
        null, null);
    byte[] manifest = CosignManifest.manifest(manifestMediaType, configDescriptor, existingRoot,
        ours);
    Digest pushed = client.pushManifest(tag, manifestMediaType, manifest);
    return new Attachment(tag.withDigest(pushed), pushed, ours, layerCount, true);
  }

  private static FetchedManifest requireImageManifest(FetchedManifest fetched,
      ImageReference tag) {
    if (fetched.isIndex()) {
      throw new InvalidContentException("reading " + tag, "the tag holds an index ("
          + fetched.mediaType() + "), not a cosign signature image");
    }
    return fetched;
  }

  private static Optional<byte[]> decode(String base64) {
    if (base64 == null || base64.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static LayerVerification malformed(CosignLayer layer, String detail,
      String predicateType) {
    return new LayerVerification(layer.index(), layer.descriptor(),
        LayerVerification.Status.MALFORMED, detail, predicateType);
  }

}
