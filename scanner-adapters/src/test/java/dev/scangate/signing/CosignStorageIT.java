package dev.scangate.signing;

import static dev.scangate.signing.SigningFixtures.bytes;
import static dev.scangate.signing.SigningFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.registry.CredentialsProvider;
import dev.scangate.registry.Descriptor;
import dev.scangate.registry.FetchedManifest;
import dev.scangate.registry.MediaTypes;
import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistrySettings;
import dev.scangate.registry.Sleeper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Signatures and attestations in cosign's tag layout on the real test registry. Each test copies
 * {@code scangate-test/files:1} into a repository of its own ({@code scangate-signing-test/<random>})
 * and signs that copy, so nothing other tests use is touched.
 */
class CosignStorageIT {

  private static final LayerVerification.Status VERIFIED = LayerVerification.Status.VERIFIED;
  private static final LayerVerification.Status NOT_SIGNED_BY_KEY =
      LayerVerification.Status.NOT_SIGNED_BY_KEY;

  private static String registry;
  private static RegistryClient client;
  private static CosignKeys ours;
  private static CosignPrivateKey theirs;

  private CosignStorage storage;
  private ImageReference image;

  @BeforeAll
  static void connect() {
    registry = System.getenv("SCANGATE_TEST_REGISTRY");
    if (registry == null || registry.isBlank()) {
      throw new IllegalStateException("SCANGATE_TEST_REGISTRY is not set: run"
          + " `eval \"$(dev/test-env.sh env)\"` first");
    }
    client = new RegistryClient(RegistrySettings.defaults().withAllowed(registry)
        .withInsecure(registry).withRetries(3, Duration.ofMillis(10), Duration.ofMillis(100)),
        CredentialsProvider.anonymous(), Clock.systemUTC(), Sleeper.system());
    ours = CosignKeys.generate("our password".toCharArray());
    theirs = CosignPrivateKey.generate();
  }

  @BeforeEach
  void copyTheTestImage() throws Exception {
    storage = new CosignStorage(client);
    ImageReference source = ImageReference.parse(registry + "/scangate-test/files:1");
    ImageReference target = ImageReference.parse(registry + "/scangate-signing-test/"
        + UUID.randomUUID().toString().substring(0, 8) + ":1");
    FetchedManifest manifest = client.fetchManifest(source);
    client.pushBlob(target, client.fetchBlob(source, manifest.manifest().config(), 1 << 20));
    for (Descriptor layer : manifest.manifest().layers()) {
      try (InputStream in = client.openBlob(source, layer)) {
        client.pushBlob(target, in.readAllBytes());
      }
    }
    Digest digest = client.pushManifest(target, manifest.mediaType(), manifest.bytes());
    image = target.withDigest(digest);
  }

  /** The verifier a user builds from the public key we exported. */
  private static SignatureVerifier ourPublicKey() {
    return SignatureVerifier.fromPem(ours.publicKeyPem());
  }

  @Test
  void signingTwiceAppendsASecondLayerAndBothVerify() {
    Attachment first = storage.attachSignature(image, ours.key().signer(), Map.of("env",
        "staging"));
    Attachment second = storage.attachSignature(image, ours.key().signer(), Map.of("env",
        "prod"));

    assertThat(first.layerCount()).isEqualTo(1);
    assertThat(second.layerCount()).isEqualTo(2);
    assertThat(second.tag().toString()).isEqualTo(image.name() + ":sha256-"
        + image.digest().hex() + ".sig@" + second.manifestDigest());
    assertThat(storage.verifySignatures(image, ourPublicKey()))
        .extracting(LayerVerification::status).containsExactly(VERIFIED, VERIFIED);
    assertThat(storage.signatures(image)).extracting(layer -> SimpleSigningPayload
        .parse(layer.content()).optional().get("env")).containsExactly("staging", "prod");
  }

  @Test
  void signingTheSamePayloadAgainWithTheSameKeyAddsNothingAsCosignDoes() {
    Attachment first = storage.attachSignature(image, ours.key().signer(), Map.of());
    Attachment again = storage.attachSignature(image, ours.key().signer(), Map.of());

    assertThat(again.added()).isFalse();
    assertThat(again.manifestDigest()).isEqualTo(first.manifestDigest());
    assertThat(storage.signatures(image)).hasSize(1);
  }

  @Test
  void anotherSignersSignatureOfTheSamePayloadIsKeptAndOursAdded() {
    storage.attachSignature(image, theirs.signer(), Map.of());

    Attachment attached = storage.attachSignature(image, ours.key().signer(), Map.of());

    assertThat(attached.added()).isTrue();
    assertThat(attached.layerCount()).isEqualTo(2);
    assertThat(storage.verifySignatures(image, ourPublicKey()))
        .extracting(LayerVerification::status).containsExactly(NOT_SIGNED_BY_KEY, VERIFIED);
    assertThat(storage.verifySignatures(image, new SignatureVerifier(theirs.publicKey())))
        .extracting(LayerVerification::status).containsExactly(VERIFIED, NOT_SIGNED_BY_KEY);
  }

  @Test
  void appendingToCosignsRealThreeSignatureImageKeepsAliceBobAndCharlie() {
    // connaisseur's .sig image as cosign pushed it: its payload blob, its config (which cosign's
    // layout determines exactly), and the manifest bytes as stored in the fixture.
    ImageReference tag = CosignStorage.signatureTag(image);
    byte[] payload = bytes("connaisseur/blobs/"
        + "sha256-7248e52a7da336ff63192f2c0a8f12562b0d5368e9cde6ab292cbb4604074f28.json");
    Digest payloadDigest = Digest.sha256(payload);
    client.pushBlob(tag, payload);
    client.pushBlob(tag, CosignManifest.appendToConfig(CosignManifest.appendToConfig(
        CosignManifest.config(List.of(payloadDigest)), payloadDigest), payloadDigest));
    byte[] theirManifest = bytes("connaisseur/manifests/"
        + "sha256-bfec161fecb0a887df7cb85e4da327c65986ccda7060cf3cd92171c6c90d7533.sig.json");
    client.pushManifest(tag, MediaTypes.OCI_MANIFEST, theirManifest);

    Attachment attached = storage.attachSignature(image, ours.key().signer(), Map.of());

    assertThat(attached.layerCount()).isEqualTo(4);
    JsonNode before = StrictJson.object(theirManifest, "theirs");
    JsonNode after = StrictJson.object(client.fetchManifest(tag).bytes(), "after");
    for (int i = 0; i < 3; i++) {
      assertThat(after.path("layers").get(i)).isEqualTo(before.path("layers").get(i));
    }
    List<LayerVerification> alice = storage.verifySignatures(image,
        SignatureVerifier.fromPem(text("connaisseur/keys/alice.pub")));
    // alice signed layer 0, for the image connaisseur signed (bfec…), not for ours
    assertThat(alice).extracting(LayerVerification::status).containsExactly(
        LayerVerification.Status.OTHER_IMAGE, NOT_SIGNED_BY_KEY, NOT_SIGNED_BY_KEY,
        NOT_SIGNED_BY_KEY);
    assertThat(alice.get(0).detail()).contains("sha256:bfec161f");
    assertThat(storage.verifySignatures(image, ourPublicKey()))
        .extracting(LayerVerification::status).containsExactly(NOT_SIGNED_BY_KEY,
            NOT_SIGNED_BY_KEY, NOT_SIGNED_BY_KEY, VERIFIED);
    FetchedManifest stored = client.fetchManifest(tag);
    JsonNode config = StrictJson.object(client.fetchBlob(tag, stored.manifest().config(),
        1 << 20), "config");
    assertThat(config.path("rootfs").path("diff_ids")).hasSize(4);
    assertThat(config.path("history")).hasSize(4);
  }

  @Test
  void theAttestationTagHoldsAnSbomAndAVulnerabilityAttestation() {
    byte[] sbom = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[]}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] vuln = bytes("attestations/cosign-vuln-predicate.json");
    List<InTotoSubject> subject = List.of(InTotoSubject.of(image.name(), image.digest()));
    DsseEnvelope sbomEnvelope = DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE,
        InTotoStatement.of(subject, InTotoStatement.CYCLONEDX_PREDICATE, sbom).toJson(),
        ours.key().signer());

    storage.attachAttestation(image, sbomEnvelope);
    Attachment second = storage.attachAttestation(image, DsseEnvelope.sign(
        DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, InTotoStatement.of(subject,
            InTotoStatement.COSIGN_VULN_PREDICATE, vuln).toJson(), ours.key().signer()));
    Attachment repeated = storage.attachAttestation(image, sbomEnvelope);

    assertThat(second.layerCount()).isEqualTo(2);
    assertThat(repeated.added()).isFalse();
    List<LayerVerification> checks = storage.verifyAttestations(image, ourPublicKey());
    assertThat(checks).extracting(LayerVerification::status).containsExactly(VERIFIED, VERIFIED);
    assertThat(checks).extracting(LayerVerification::predicateType).containsExactly(
        InTotoStatement.CYCLONEDX_PREDICATE, InTotoStatement.COSIGN_VULN_PREDICATE);
    List<CosignLayer> layers = storage.attestations(image);
    assertThat(layers.get(1).descriptor().mediaType()).isEqualTo(CosignStorage.DSSE_MEDIA_TYPE);
    assertThat(layers.get(1).descriptor().annotations()).isEqualTo(Map.of(
        CosignStorage.SIGNATURE_ANNOTATION, "",
        CosignStorage.PREDICATE_TYPE_ANNOTATION, InTotoStatement.COSIGN_VULN_PREDICATE));
    assertThat(InTotoStatement.parse(DsseEnvelope.parse(layers.get(0).content()).payload())
        .predicate()).isEqualTo(sbom);
    assertThat(storage.verifyAttestations(image, new SignatureVerifier(theirs.publicKey())))
        .extracting(LayerVerification::status)
        .containsExactly(NOT_SIGNED_BY_KEY, NOT_SIGNED_BY_KEY);
  }

  @Test
  void refusesToAttachAnAttestationAboutAnotherImage() {
    Digest other = Digest.sha256("another image".getBytes(StandardCharsets.UTF_8));
    DsseEnvelope envelope = DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE,
        InTotoStatement.of(List.of(InTotoSubject.of(image.name(), other)),
            InTotoStatement.SLSA_VSA_PREDICATE, "{}".getBytes(StandardCharsets.UTF_8)).toJson(),
        ours.key().signer());

    assertThatThrownBy(() -> storage.attachAttestation(image, envelope))
        .hasMessage("the attestation's subjects do not include " + image.digest());
    assertThat(storage.attestations(image)).isEmpty();
  }

  @Test
  void aLayerWithABrokenSignatureAnnotationIsReportedNextToOursThatVerifies() {
    // A hand-made broken layer from "another tool": signature annotation that is not base64.
    ImageReference tag = CosignStorage.signatureTag(image);
    byte[] payload = SimpleSigningPayload.of(image).toJson();
    Descriptor broken = new Descriptor(SimpleSigningPayload.MEDIA_TYPE, Digest.sha256(payload),
        payload.length, null, Map.of(CosignStorage.SIGNATURE_ANNOTATION, "not base64!"));
    client.pushBlob(tag, payload);
    byte[] config = CosignManifest.config(List.of(broken.digest()));
    client.pushBlob(tag, config);
    client.pushManifest(tag, MediaTypes.OCI_MANIFEST, CosignManifest.manifest(
        MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config),
            config.length, null, null), null, broken));

    storage.attachSignature(image, ours.key().signer(), Map.of("by", "scangate"));

    List<LayerVerification> checks = storage.verifySignatures(image, ourPublicKey());
    assertThat(checks).extracting(LayerVerification::status)
        .containsExactly(LayerVerification.Status.MALFORMED, VERIFIED);
    assertThat(checks.get(0).detail()).isEqualTo(CosignStorage.SIGNATURE_ANNOTATION
        + " is not base64");
  }

  @Test
  void anImageWithoutSignaturesHasNone() {
    assertThat(storage.signatures(image)).isEmpty();
    assertThat(storage.verifyAttestations(image, ourPublicKey())).isEmpty();
  }

  @Test
  void opensslVerifiesTheStoredSignatureWithTheExportedPublicKey(@TempDir Path dir)
      throws Exception {
    storage.attachSignature(image, ours.key().signer(), Map.of());
    CosignLayer layer = storage.signatures(image).get(0);
    Files.write(dir.resolve("payload.json"), layer.content());
    Files.write(dir.resolve("sig.der"), java.util.Base64.getDecoder().decode(
        layer.descriptor().annotations().get(CosignStorage.SIGNATURE_ANNOTATION)));
    Files.writeString(dir.resolve("cosign.pub"), ours.publicKeyPem());

    ToolProcess.Result result = ToolProcess.run(List.of("openssl", "dgst", "-sha256", "-verify",
        "cosign.pub", "-signature", "sig.der", "payload.json"), dir, Map.of(),
        Duration.ofSeconds(30));

    assertThat(result.output().strip()).isEqualTo("Verified OK");
  }

  @Test
  void skopeoCopiesTheSignatureTagWithTheImage(@TempDir Path dir) throws Exception {
    storage.attachSignature(image, ours.key().signer(), Map.of());
    // Debian's skopeo has sigstore signing disabled, but with use-sigstore-attachments it still
    // finds the .sig tag and publishes its layers again (it writes a manifest and config of its
    // own; the payloads and signature annotations are what carry over).
    Path registriesD = Files.createDirectories(dir.resolve("registries.d"));
    Files.writeString(registriesD.resolve("default.yaml"),
        "default-docker:\n  use-sigstore-attachments: true\n");
    Files.writeString(dir.resolve("policy.json"),
        "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
    ImageReference copy = ImageReference.parse(registry + "/scangate-signing-test/"
        + UUID.randomUUID().toString().substring(0, 8) + "-copy:1");

    ToolProcess.Result result = ToolProcess.run(List.of("skopeo", "--registries.d",
        registriesD.toString(), "--policy", dir.resolve("policy.json").toString(), "copy", "--all",
        "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + image.name() + ":1",
        "docker://" + copy), dir, Map.of(), Duration.ofMinutes(2));

    assertThat(result.exitCode()).as(result.output()).isZero();
    ImageReference copied = copy.withDigest(image.digest());
    assertThat(storage.signatures(copied)).extracting(CosignLayer::descriptor)
        .containsExactlyElementsOf(storage.signatures(image).stream()
            .map(CosignLayer::descriptor).toList());
    assertThat(storage.verifySignatures(copied, ourPublicKey()))
        .extracting(LayerVerification::status).containsExactly(VERIFIED);
  }
}
