package dev.scangate.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.registry.CredentialsProvider;
import dev.scangate.registry.Descriptor;
import dev.scangate.registry.FetchedManifest;
import dev.scangate.registry.MediaTypes;
import dev.scangate.registry.OciReferrers;
import dev.scangate.registry.Referrer;
import dev.scangate.registry.ReferrerPush;
import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistrySettings;
import dev.scangate.registry.Sleeper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Attestations and signatures as OCI 1.1 referrers on the real test registry (distribution 2.8:
 * no referrers API, so the referrers tag schema is what runs). Each test signs a private copy of
 * {@code scangate-test/files:1}.
 */
class ReferrersIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");

  private static String registry;
  private static RegistryClient client;
  private static CosignKeys ours;
  private static CosignPrivateKey theirs;

  private CosignReferrers referrers;
  private ImageReference image;
  private FetchedManifest imageManifest;

  @TempDir
  Path dir;

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
    referrers = new CosignReferrers(client);
    ImageReference source = ImageReference.parse(registry + "/scangate-test/files:1");
    ImageReference target = ImageReference.parse(registry + "/scangate-referrers-test/"
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
    imageManifest = client.fetchManifest(image);
  }

  private DsseEnvelope attestation(String predicateType, String predicate, Signer signer) {
    return DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, InTotoStatement.of(
        List.of(InTotoSubject.of(image.name(), image.digest())), predicateType,
        predicate.getBytes(StandardCharsets.UTF_8)).toJson(), signer);
  }

  /** The index under the referrers tag schema's tag, as any client reads it. */
  private JsonNode tagIndex() {
    FetchedManifest index = client.fetchManifest(OciReferrers.fallbackTag(image));
    assertThat(index.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    return JSON.readTree(index.bytes());
  }

  @Test
  void attestationsAreListedInTheTagSchemaIndexWithArtifactTypeAndTheImageAsSubject() {
    ReferrerPush sbom = referrers.attachAttestation(image,
        attestation(InTotoStatement.CYCLONEDX_PREDICATE, "{\"bomFormat\":\"CycloneDX\"}",
            ours.key().signer()), ours.key().signer().keyId(), CREATED);
    ReferrerPush vuln = referrers.attachAttestation(image,
        attestation(InTotoStatement.COSIGN_VULN_PREDICATE, "{\"scanner\":{}}",
            ours.key().signer()), ours.key().signer().keyId(), CREATED);

    assertThat(sbom.via()).isEqualTo(ReferrerPush.Via.TAG_SCHEMA);
    assertThat(vuln.indexEntries()).isEqualTo(2);
    assertThat(OciReferrers.fallbackTag(image).tag()).isEqualTo("sha256-" + image.digest().hex());
    JsonNode entries = tagIndex().get("manifests");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).get("digest").asString())
        .isEqualTo(sbom.manifestDigest().toString());
    assertThat(entries.get(1).get("digest").asString())
        .isEqualTo(vuln.manifestDigest().toString());
    assertThat(entries).allSatisfy(e -> {
      assertThat(e.get("artifactType").asString()).isEqualTo(SigstoreBundle.MEDIA_TYPE);
      assertThat(e.get("mediaType").asString()).isEqualTo(MediaTypes.OCI_MANIFEST);
      assertThat(e.get("annotations").get("dev.sigstore.bundle.content").asString())
          .isEqualTo("dsse-envelope");
    });
    assertThat(entries.get(1).get("annotations").get("dev.sigstore.bundle.predicateType")
        .asString()).isEqualTo(InTotoStatement.COSIGN_VULN_PREDICATE);

    FetchedManifest artifact = client.fetchManifest(sbom.manifest());
    assertThat(artifact.manifest().artifactType()).isEqualTo(SigstoreBundle.MEDIA_TYPE);
    assertThat(artifact.manifest().config().mediaType())
        .isEqualTo("application/vnd.oci.empty.v1+json");
    Descriptor subject = artifact.manifest().subject();
    assertThat(subject.digest()).isEqualTo(image.digest());
    assertThat(subject.mediaType()).isEqualTo(imageManifest.mediaType());
    assertThat(subject.size()).isEqualTo(imageManifest.size());
    assertThat(artifact.manifest().annotations())
        .containsEntry("org.opencontainers.image.created", "2024-05-01T10:00:00Z");
    SigstoreBundle bundle = SigstoreBundle.parse(client.fetchBlob(sbom.manifest(),
        artifact.manifest().layers().get(0), 1 << 20));
    assertThat(InTotoStatement.parse(bundle.envelope().payload()).predicateType())
        .isEqualTo(InTotoStatement.CYCLONEDX_PREDICATE);

    assertThat(referrers.verifyAttestations(image,
        SignatureVerifier.fromPem(ours.publicKeyPem())))
        .extracting(LayerVerification::status, LayerVerification::predicateType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(LayerVerification.Status.VERIFIED,
                InTotoStatement.CYCLONEDX_PREDICATE),
            org.assertj.core.groups.Tuple.tuple(LayerVerification.Status.VERIFIED,
                InTotoStatement.COSIGN_VULN_PREDICATE));
    assertThat(referrers.verifyAttestations(image, new SignatureVerifier(theirs.publicKey())))
        .extracting(LayerVerification::status)
        .containsOnly(LayerVerification.Status.NOT_SIGNED_BY_KEY);
  }

  @Test
  void attachingTheSameAttestationAgainAddsNoSecondEntry() {
    DsseEnvelope envelope = attestation(InTotoStatement.CYCLONEDX_PREDICATE, "{}",
        ours.key().signer());
    ReferrerPush first = referrers.attachAttestation(image, envelope, "k", CREATED);
    ReferrerPush again = referrers.attachAttestation(image, envelope, "k", CREATED);

    assertThat(again.manifestDigest()).isEqualTo(first.manifestDigest());
    assertThat(tagIndex().get("manifests")).hasSize(1);
  }

  @Test
  void anEntryAnotherToolWroteSurvivesWithEveryField() {
    // Another client (say oras attach) already listed its SBOM referrer under the tag, with
    // fields of its own.
    byte[] spdx = "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8);
    client.pushBlob(image, spdx);
    client.pushBlob(image, "{}".getBytes(StandardCharsets.UTF_8));
    byte[] theirManifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
        + "\",\"artifactType\":\"application/spdx+json\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + Digest.sha256("{}".getBytes(
            StandardCharsets.UTF_8)) + "\",\"size\":2},\"layers\":[{\"mediaType\":"
        + "\"application/spdx+json\",\"digest\":\"" + Digest.sha256(spdx) + "\",\"size\":"
        + spdx.length + "}],\"subject\":{\"mediaType\":\"" + imageManifest.mediaType()
        + "\",\"digest\":\"" + image.digest() + "\",\"size\":" + imageManifest.size() + "}}")
        .getBytes(StandardCharsets.UTF_8);
    Digest theirs = client.pushManifest(image.withDigest(Digest.sha256(theirManifest)),
        MediaTypes.OCI_MANIFEST, theirManifest);
    String foreign = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"digest\":\"" + theirs + "\",\"size\":" + theirManifest.length + ","
        + "\"artifactType\":\"application/spdx+json\","
        + "\"annotations\":{\"org.example.tool\":\"oras\"},\"data\":\"e30=\"}";
    byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
        + "\"manifests\":[" + foreign + "],\"annotations\":{\"org.example.owner\":\"ci\"}}")
        .getBytes(StandardCharsets.UTF_8);
    client.pushManifest(OciReferrers.fallbackTag(image), MediaTypes.OCI_INDEX, index);

    referrers.attachAttestation(image, attestation(InTotoStatement.CYCLONEDX_PREDICATE, "{}",
        ours.key().signer()), "k", CREATED);
    referrers.attachSignature(image, SimpleSigningPayload.of(image, Map.of()).toJson(),
        ours.key().signer().sign(SimpleSigningPayload.of(image, Map.of()).toJson()), CREATED);

    JsonNode now = tagIndex();
    assertThat(now.get("annotations").get("org.example.owner").asString()).isEqualTo("ci");
    JsonNode entries = now.get("manifests");
    assertThat(entries).hasSize(3);
    assertThat(entries.get(0)).isEqualTo(JSON.readTree(foreign));
    assertThat(entries.get(1).get("artifactType").asString()).isEqualTo(SigstoreBundle.MEDIA_TYPE);
    assertThat(entries.get(2).get("artifactType").asString())
        .isEqualTo(CosignReferrers.SIGNATURE_ARTIFACT_TYPE);

    // Listing falls back to the tag (the registry answers the referrers API with 404) and
    // filters by artifact type here.
    assertThat(new OciReferrers(client).list(image, null).source())
        .isEqualTo(ReferrerPush.Via.TAG_SCHEMA);
    assertThat(new OciReferrers(client).list(image, "application/spdx+json").referrers())
        .extracting(Referrer::digest).containsExactly(theirs);
    assertThat(referrers.verifySignatures(image, SignatureVerifier.fromPem(ours.publicKeyPem())))
        .extracting(LayerVerification::status)
        .containsExactly(LayerVerification.Status.VERIFIED);
  }

  @Test
  void concurrentWritersThroughOneClientLoseNoEntryOnARegistryWithoutConditionalWrites() throws Exception {
    int writers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<ReferrerPush>> pushes = new ArrayList<>();
    try {
      for (int i = 0; i < writers; i++) {
        DsseEnvelope envelope = attestation(InTotoStatement.SLSA_VSA_PREDICATE,
            "{\"writer\":" + i + "}", ours.key().signer());
        pushes.add(pool.submit(() -> referrers.attachAttestation(image, envelope, "k", CREATED)));
      }
      List<String> pushed = new ArrayList<>();
      for (Future<ReferrerPush> push : pushes) {
        pushed.add(push.get().manifestDigest().toString());
      }
      List<String> listed = new ArrayList<>();
      tagIndex().get("manifests").forEach(e -> listed.add(e.get("digest").asString()));
      assertThat(listed).containsExactlyInAnyOrderElementsOf(pushed);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void skopeoReadsTheReferrersIndexTag() throws Exception {
    ReferrerPush pushed = referrers.attachAttestation(image, attestation(
        InTotoStatement.CYCLONEDX_PREDICATE, "{}", ours.key().signer()), "k", CREATED);

    ToolProcess.Result inspect = ToolProcess.run(List.of("skopeo", "inspect", "--raw",
        "--tls-verify=false", "docker://" + OciReferrers.fallbackTag(image)), dir, Map.of(),
        Duration.ofSeconds(60));
    assertThat(inspect.exitCode()).as(inspect.output()).isZero();
    JsonNode index = JSON.readTree(inspect.output());
    assertThat(index.get("manifests").get(0).get("digest").asString())
        .isEqualTo(pushed.manifestDigest().toString());
  }
}
