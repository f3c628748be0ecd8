package dev.scangate.attestations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.image.ImageReference;
import dev.scangate.registry.FetchedManifest;
import dev.scangate.registry.OciReferrers;
import dev.scangate.registry.RegistryClient;
import dev.scangate.signing.CosignKeys;
import dev.scangate.signing.CosignLayer;
import dev.scangate.signing.CosignPrivateKey;
import dev.scangate.signing.CosignReferrers;
import dev.scangate.signing.CosignStorage;
import dev.scangate.signing.DsseEnvelope;
import dev.scangate.signing.InTotoStatement;
import dev.scangate.signing.InTotoSubject;
import dev.scangate.signing.LayerVerification;
import dev.scangate.signing.SignatureVerifier;
import dev.scangate.signing.SigstoreBundle;
import dev.scangate.signing.SimpleSigningPayload;
import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scans of private copies of {@code scangate-test/files:1} in the real registry, signed with the
 * key scangate generated at startup, checked with the exported {@code cosign.pub} by the signing
 * library, openssl and sigstore-js.
 */
class SigningIT extends ScangateIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final LayerVerification.Status VERIFIED = LayerVerification.Status.VERIFIED;
  private static final LayerVerification.Status OTHER_KEY =
      LayerVerification.Status.NOT_SIGNED_BY_KEY;

  @Autowired
  RegistryClient registry;
  @Autowired
  ImageSigning signing;

  /** Set by ScangateIT to a file under the temporary directory. */
  @Value("${scangate.signing.generated-password-file}")
  Path passwordFile;

  @TempDir
  Path dir;

  @DynamicPropertySource
  static void scanEveryTime(DynamicPropertyRegistry registry) {
    registry.add("scangate.scans.reuse-window", () -> "0s");
  }

  private ImageReference copy() {
    return SigningTools.copyTestImage(registry, TestRegistry.open());
  }

  private Api.Response scanned(ImageReference image) {
    String reference = image.name() + ":" + image.tag();
    Api.Response done = api().awaitScan(api().scan(reference).text("/id"),
        r -> !"QUEUED".equals(r.text("/status")) && !"RUNNING".equals(r.text("/status")),
        Duration.ofSeconds(60));
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    return done;
  }

  private JsonNode activeKey() {
    for (JsonNode key : api().get("/api/v1/keys").json().get("items")) {
      if (key.get("active").asBoolean()) {
        return key;
      }
    }
    throw new AssertionError("no active key");
  }

  private SignatureVerifier exportedPublicKey(String keyId) {
    Api.Response pub = api().get("/api/v1/keys/" + keyId + "/cosign.pub");
    assertThat(pub.status()).isEqualTo(200);
    assertThat(pub.contentType()).startsWith("application/x-pem-file");
    return SignatureVerifier.fromPem(pub.body());
  }

  private CosignStorage storage() {
    return new CosignStorage(registry);
  }

  private static List<JsonNode> ofScan(JsonNode attestations, String scanId) {
    List<JsonNode> found = new java.util.ArrayList<>();
    attestations.forEach(a -> {
      if (scanId.equals(a.path("scanId").asString())) {
        found.add(a);
      }
    });
    return found;
  }

  private static InTotoStatement statement(CosignLayer layer) {
    return InTotoStatement.parse(DsseEnvelope.parse(layer.content()).payload());
  }

  @Test
  void scanAttestsSbomAndScanResultInTheAttTagVerifiableWithTheExportedKey() {
    ImageReference image = copy();

    Api.Response scan = scanned(image);

    String keyId = activeKey().get("id").asString();
    assertThat(scan.json().get("stages")).anySatisfy(stage -> {
      assertThat(stage.get("name").asString()).isEqualTo("sign");
      assertThat(stage.get("outcome").asString()).isEqualTo("SUCCEEDED");
      assertThat(stage.get("detail").asString()).contains("2 attestations")
          .contains(keyId.substring(0, 12)).contains(".att");
    });
    JsonNode statuses = scan.json().get("attestations");
    assertThat(statuses).hasSize(2);
    assertThat(statuses).allSatisfy(s -> {
      assertThat(s.get("pushed").asBoolean()).isTrue();
      assertThat(s.get("keyId").asString()).isEqualTo(keyId);
      assertThat(s.has("error")).isFalse();
    });
    assertThat(statuses).extracting(s -> s.get("predicateType").asString())
        .containsExactly(InTotoStatement.CYCLONEDX_PREDICATE,
            InTotoStatement.COSIGN_VULN_PREDICATE);

    List<LayerVerification> checks = storage().verifyAttestations(image,
        exportedPublicKey(keyId));
    assertThat(checks).extracting(LayerVerification::status).containsExactly(VERIFIED, VERIFIED);
    assertThat(checks).extracting(LayerVerification::predicateType).containsExactly(
        InTotoStatement.CYCLONEDX_PREDICATE, InTotoStatement.COSIGN_VULN_PREDICATE);

    List<CosignLayer> layers = storage().attestations(image);
    InTotoStatement sbom = statement(layers.get(0));
    assertThat(sbom.hasSubject(image.digest())).isTrue();
    assertThat(sbom.subjects().get(0).name()).isEqualTo(image.name());
    byte[] storedSbom = api().get("/api/v1/scans/" + scan.text("/id") + "/sbom").body()
        .getBytes(StandardCharsets.UTF_8);
    assertThat(sbom.predicate()).as("the SBOM is attested byte for byte").isEqualTo(storedSbom);

    JsonNode vuln = JSON.readTree(statement(layers.get(1)).predicate());
    assertThat(vuln.at("/scanner/result/findings").isArray()).isTrue();
    // The built-in OSV matcher ran (over an empty advisory database here): matched, no findings.
    assertThat(vuln.at("/scanner/result/findings")).isEmpty();
    assertThat(vuln.at("/scanner/result/vulnerabilitiesMatched").asBoolean()).isTrue();
    assertThat(vuln.at("/scanner/result/scanners")).extracting(s -> s.get("name").asString())
        .contains("scangate", "osv");
    assertThat(vuln.at("/invocation/event_id").asString()).isEqualTo(scan.text("/id"));
    Instant started = Instant.parse(vuln.at("/metadata/scanStartedOn").asString());
    Instant finished = Instant.parse(vuln.at("/metadata/scanFinishedOn").asString());
    assertThat(started).isEqualTo(Instant.parse(scan.text("/startedAt")));
    assertThat(finished).isAfterOrEqualTo(started)
        .isBeforeOrEqualTo(Instant.parse(scan.text("/finishedAt")));

    // The copies of the test image share its digest: the image's list holds every copy's
    // attestations; these are the ones of this scan.
    Api.Response listed = api().get("/api/v1/images/" + image.digest() + "/attestations");
    assertThat(listed.status()).isEqualTo(200);
    List<JsonNode> ofThisScan = ofScan(listed.json(), scan.text("/id"));
    assertThat(ofThisScan).hasSize(2);
    assertThat(ofThisScan).allSatisfy(a -> assertThat(a.get("repository").asString())
        .isEqualTo(image.name()));
    JsonNode first = ofThisScan.get(0);
    assertThat(first.get("predicateType").asString())
        .isEqualTo(InTotoStatement.CYCLONEDX_PREDICATE);
    assertThat(first.get("keyId").asString()).isEqualTo(keyId);
    assertThat(first.get("envelope").isObject()).as("the envelope is a JSON object").isTrue();
    assertThat(first.at("/envelope/payloadType").asString())
        .isEqualTo(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE);
    Api.Response dsse = api().get("/api/v1/images/" + image.digest() + "/attestations/"
        + first.get("id").asString());
    assertThat(dsse.status()).isEqualTo(200);
    assertThat(dsse.contentType()).startsWith(CosignStorage.DSSE_MEDIA_TYPE);
    assertThat(dsse.body().getBytes(StandardCharsets.UTF_8))
        .as("the envelope served is the layer pushed").isEqualTo(layers.get(0).content());

    // The registry has no referrers API: both attestations are listed in the index under the
    // referrers tag schema's tag, as Sigstore bundles whose subject is the image.
    FetchedManifest imageManifest = registry.fetchManifest(image);
    JsonNode index = JSON.readTree(registry.fetchManifest(OciReferrers.fallbackTag(image))
        .bytes());
    JsonNode entries = index.get("manifests");
    assertThat(entries).hasSize(2);
    assertThat(entries).allSatisfy(e -> assertThat(e.get("artifactType").asString())
        .isEqualTo(SigstoreBundle.MEDIA_TYPE));
    assertThat(entries).extracting(e -> e.at("/annotations/dev.sigstore.bundle.predicateType")
        .asString()).containsExactly(InTotoStatement.CYCLONEDX_PREDICATE,
            InTotoStatement.COSIGN_VULN_PREDICATE);
    for (JsonNode entry : entries) {
      FetchedManifest artifact = registry.fetchManifest(
          image.withDigest(dev.scangate.image.Digest.parse(entry.get("digest").asString())));
      assertThat(artifact.manifest().artifactType()).isEqualTo(SigstoreBundle.MEDIA_TYPE);
      assertThat(artifact.manifest().subject()).isEqualTo(imageManifest.descriptor());
    }
    assertThat(new CosignReferrers(registry).verifyAttestations(image, exportedPublicKey(keyId)))
        .extracting(LayerVerification::status).containsExactly(VERIFIED, VERIFIED);

    // The image view lists them, where each went and where to download it.
    Api.Response view = api().get("/api/v1/images/" + image.digest());
    assertThat(view.status()).as(view.body()).isEqualTo(200);
    List<JsonNode> viewed = ofScan(view.json().get("attestations"), scan.text("/id"));
    assertThat(viewed).extracting(a -> a.get("predicateType").asString()).containsExactly(
        InTotoStatement.CYCLONEDX_PREDICATE, InTotoStatement.COSIGN_VULN_PREDICATE);
    for (int i = 0; i < 2; i++) {
      JsonNode a = viewed.get(i);
      assertThat(a.get("keyId").asString()).isEqualTo(keyId);
      assertThat(a.get("createdAt").asString()).isNotBlank();
      assertThat(a.get("pushStatus").asString()).isEqualTo("PUSHED");
      assertThat(a.at("/destinations/tag/pushed").asBoolean()).isTrue();
      assertThat(a.at("/destinations/tag/reference").asString())
          .isEqualTo(image.name() + ":sha256-" + image.digest().hex() + ".att");
      assertThat(a.at("/destinations/referrers/pushed").asBoolean()).isTrue();
      assertThat(a.at("/destinations/referrers/via").asString()).isEqualTo("TAG_SCHEMA");
      assertThat(a.at("/destinations/referrers/indexTag").asString())
          .isEqualTo(image.name() + ":sha256-" + image.digest().hex());
      assertThat(a.at("/destinations/referrers/manifestDigest").asString())
          .isEqualTo(entries.get(i).get("digest").asString());
      Api.Response bundle = api().get(a.at("/downloads/bundle").asString());
      assertThat(bundle.status()).isEqualTo(200);
      assertThat(bundle.contentType()).startsWith(SigstoreBundle.MEDIA_TYPE);
      Api.Response envelope = api().get(a.at("/downloads/dsse").asString());
      assertThat(envelope.status()).isEqualTo(200);
      assertThat(SigstoreBundle.parse(bundle.body().getBytes(StandardCharsets.UTF_8)).envelope()
          .toJson()).isEqualTo(envelope.body().getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void scanningTwiceAppendsAndKeepsAnotherSignersAttestationAndSignature() {
    ImageReference image = copy();
    CosignPrivateKey theirs = CosignPrivateKey.generate();
    storage().attachAttestation(image, DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE,
        InTotoStatement.of(List.of(InTotoSubject.of(image.name(), image.digest())),
            "https://example.com/their-predicate/v1",
            "{\"by\":\"someone else\"}".getBytes(StandardCharsets.UTF_8)).toJson(),
        theirs.signer()));
    storage().attachSignature(image, theirs.signer(), Map.of("signer", "them"));
    // ...and their attestation is a referrer already (listed in the tag schema's index).
    new CosignReferrers(registry).attachAttestation(image, DsseEnvelope.sign(
        DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, InTotoStatement.of(List.of(InTotoSubject.of(
            image.name(), image.digest())), "https://example.com/their-predicate/v1",
            "{\"by\":\"someone else\"}".getBytes(StandardCharsets.UTF_8)).toJson(),
        theirs.signer()), "theirs", Instant.parse("2024-01-01T00:00:00Z"));
    String theirReferrer = JSON.readTree(registry.fetchManifest(OciReferrers.fallbackTag(image))
        .bytes()).at("/manifests/0").toString();

    scanned(image);
    scanned(image);
    AttestationStatus signature = signing.signImage(image, Map.of("environment", "staging"));

    SignatureVerifier ours = exportedPublicKey(activeKey().get("id").asString());
    SignatureVerifier theirKey = new SignatureVerifier(theirs.publicKey());
    assertThat(storage().verifyAttestations(image, ours)).extracting(LayerVerification::status)
        .containsExactly(OTHER_KEY, VERIFIED, VERIFIED, VERIFIED, VERIFIED);
    assertThat(storage().verifyAttestations(image, theirKey))
        .extracting(LayerVerification::status)
        .containsExactly(VERIFIED, OTHER_KEY, OTHER_KEY, OTHER_KEY, OTHER_KEY);
    assertThat(signature.pushed()).isTrue();
    assertThat(storage().verifySignatures(image, ours)).extracting(LayerVerification::status)
        .containsExactly(OTHER_KEY, VERIFIED);
    assertThat(storage().verifySignatures(image, theirKey)).extracting(LayerVerification::status)
        .containsExactly(VERIFIED, OTHER_KEY);
    assertThat(SimpleSigningPayload.parse(storage().signatures(image).get(1).content())
        .optional()).containsEntry("environment", "staging");

    Api.Response verified = api().post("/api/v1/verify", JSON.writeValueAsString(Map.of(
        "image", image.name() + ":" + image.tag(), "publicKey",
        dev.scangate.signing.PublicKeyPem.format(theirs.publicKey()))));
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    assertThat(verified.text("/digest")).isEqualTo(image.digest().toString());
    assertThat(verified.json().get("verified").asBoolean()).isTrue();
    assertThat(verified.json().get("attestations"))
        .extracting(l -> l.get("source").asString() + " " + l.get("status").asString())
        .containsExactly("tag VERIFIED", "tag NOT_SIGNED_BY_KEY", "tag NOT_SIGNED_BY_KEY",
            "tag NOT_SIGNED_BY_KEY", "tag NOT_SIGNED_BY_KEY", "referrers VERIFIED",
            "referrers NOT_SIGNED_BY_KEY", "referrers NOT_SIGNED_BY_KEY",
            "referrers NOT_SIGNED_BY_KEY", "referrers NOT_SIGNED_BY_KEY");
    assertThat(verified.json().get("attestations").get(0).get("predicateType").asString())
        .isEqualTo("https://example.com/their-predicate/v1");
    assertThat(verified.json().get("attestations").get(5).get("predicateType").asString())
        .isEqualTo("https://example.com/their-predicate/v1");
    assertThat(verified.json().get("signatures"))
        .extracting(l -> l.get("source").asString() + " " + l.get("status").asString())
        .containsExactly("tag VERIFIED", "tag NOT_SIGNED_BY_KEY", "referrers NOT_SIGNED_BY_KEY");

    // The referrers index: their entry first, byte for byte, then both scans' attestations
    // (appended, not replaced) and our signature.
    JsonNode index = JSON.readTree(registry.fetchManifest(OciReferrers.fallbackTag(image))
        .bytes());
    assertThat(index.get("manifests")).hasSize(6);
    assertThat(index.at("/manifests/0").toString()).isEqualTo(theirReferrer);
    assertThat(index.get("manifests")).extracting(e -> e.get("artifactType").asString())
        .containsExactly(SigstoreBundle.MEDIA_TYPE, SigstoreBundle.MEDIA_TYPE,
            SigstoreBundle.MEDIA_TYPE, SigstoreBundle.MEDIA_TYPE, SigstoreBundle.MEDIA_TYPE,
            CosignReferrers.SIGNATURE_ARTIFACT_TYPE);
    Api.Response ourCheck = api().post("/api/v1/verify", JSON.writeValueAsString(Map.of(
        "image", image.toString(), "keyId", activeKey().get("id").asString())));
    assertThat(ourCheck.json().get("signatures"))
        .extracting(l -> l.get("source").asString() + " " + l.get("status").asString())
        .containsExactly("tag NOT_SIGNED_BY_KEY", "tag VERIFIED", "referrers VERIFIED");
  }

  @Test
  void bundleVerifiesWithSigstoreJsOfflineAndAFlippedPayloadByteFails() throws Exception {
    ImageReference image = copy();
    String scanId = scanned(image).text("/id");
    String keyId = activeKey().get("id").asString();
    List<JsonNode> listed = ofScan(api().get("/api/v1/images/" + image.digest()
        + "/attestations").json(), scanId);
    String id = listed.get(1).get("id").asString();

    Api.Response bundle = api().get("/api/v1/images/" + image.digest() + "/attestations/" + id
        + "?format=bundle");
    assertThat(bundle.status()).isEqualTo(200);
    assertThat(bundle.contentType()).startsWith("application/vnd.dev.sigstore.bundle.v0.3+json");
    Files.writeString(dir.resolve("bundle.json"), bundle.body());
    Files.writeString(dir.resolve("cosign.pub"),
        api().get("/api/v1/keys/" + keyId + "/cosign.pub").body());
    // Made here from the bundle: the same bundle with one payload byte flipped.
    tools.jackson.databind.node.ObjectNode tampered =
        (tools.jackson.databind.node.ObjectNode) JSON.readTree(bundle.body());
    byte[] payload = Base64.getDecoder().decode(tampered.at("/dsseEnvelope/payload").asString());
    payload[payload.length / 2] ^= 0x01;
    ((tools.jackson.databind.node.ObjectNode) tampered.get("dsseEnvelope")).put("payload",
        Base64.getEncoder().encodeToString(payload));
    Files.writeString(dir.resolve("tampered.json"), JSON.writeValueAsString(tampered));

    SigningTools.Result ok = SigningTools.sigstoreJs(dir, "bundle.json", "cosign.pub", keyId);
    SigningTools.Result flipped = SigningTools.sigstoreJs(dir, "tampered.json", "cosign.pub",
        keyId);

    assertThat(ok.output().strip()).as(ok.output()).isEqualTo("VERIFIED");
    assertThat(ok.exitCode()).isZero();
    assertThat(flipped.exitCode()).isNotZero();
    assertThat(flipped.output()).startsWith("FAILED SIGNATURE_ERROR");
  }

  @Test
  void simpleSignatureOfSignImageVerifiesWithOpensslAndAFlippedByteFails() throws Exception {
    ImageReference image = copy();
    String keyId = activeKey().get("id").asString();

    AttestationStatus status = signing.signImage(image, Map.of("environment", "prod"));

    assertThat(status.pushed()).isTrue();
    assertThat(status.kind()).isEqualTo("signature");
    assertThat(status.keyId()).isEqualTo(keyId);
    CosignLayer layer = storage().signatures(image).get(0);
    byte[] payload = layer.content();
    assertThat(SimpleSigningPayload.parse(payload).manifestDigest()).isEqualTo(image.digest());
    Files.write(dir.resolve("payload.json"), payload);
    Files.write(dir.resolve("sig.der"), Base64.getDecoder().decode(
        layer.descriptor().annotations().get(CosignStorage.SIGNATURE_ANNOTATION)));
    Files.writeString(dir.resolve("cosign.pub"),
        api().get("/api/v1/keys/" + keyId + "/cosign.pub").body());
    SigningTools.Result ok = SigningTools.openssl(dir, "cosign.pub", "sig.der", "payload.json");
    payload[payload.length / 2] ^= 0x01;
    Files.write(dir.resolve("payload.json"), payload);
    SigningTools.Result flipped = SigningTools.openssl(dir, "cosign.pub", "sig.der",
        "payload.json");

    assertThat(ok.output().strip()).as(ok.output()).isEqualTo("Verified OK");
    assertThat(flipped.exitCode()).isNotZero();
    assertThat(flipped.output()).contains("Verification failure");
    assertThat(jdbc.sql("select count(*) from attestations where kind = 'SIGNATURE'"
        + " and repository = :repository and image_digest = :digest and push_status = 'PUSHED'")
        .param("repository", image.name()).param("digest", image.digest().toString())
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void attestPushesAnyPredicateAndRefusesOneThatIsNotAJsonObject() {
    ImageReference image = copy();
    byte[] vsa = ("{\"verifier\":{\"id\":\"https://scangate.dev\"},\"verificationResult\":"
        + "\"PASSED\",\"policy\":{\"uri\":\"policy/prod\"}}").getBytes(StandardCharsets.UTF_8);

    AttestationStatus status = signing.attest(image, InTotoStatement.SLSA_VSA_PREDICATE, vsa);

    assertThat(status.pushed()).as(String.valueOf(status)).isTrue();
    assertThat(status.kind()).isEqualTo("attestation");
    List<LayerVerification> checks = storage().verifyAttestations(image,
        exportedPublicKey(status.keyId()));
    assertThat(checks).extracting(LayerVerification::predicateType)
        .containsExactly(InTotoStatement.SLSA_VSA_PREDICATE);
    assertThat(checks.get(0).verified()).isTrue();
    assertThat(statement(storage().attestations(image).get(0)).predicate()).isEqualTo(vsa);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> signing.attest(image,
        InTotoStatement.SLSA_VSA_PREDICATE, "[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predicate");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> signing.attest(
        ImageReference.parse(image.name() + ":1"), InTotoStatement.SLSA_VSA_PREDICATE, vsa))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pinned");
    assertThat(storage().attestations(image)).as("nothing more was pushed").hasSize(1);
  }

  @Test
  void rotationSignsWithTheNewKeyWhileTheOldKeyStillVerifiesTheOldAttestations() {
    ImageReference image = copy();
    scanned(image);
    String oldKey = activeKey().get("id").asString();

    Api.Response created = api().post("/api/v1/keys", "");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String newKey = created.text("/id");
    assertThat(created.json().get("active").asBoolean()).isFalse();
    assertThat(created.text("/source")).isEqualTo("GENERATED");
    Api.Response activated = api().post("/api/v1/keys/" + newKey + "/activate", "");
    assertThat(activated.status()).as(activated.body()).isEqualTo(200);
    assertThat(activated.json().get("active").asBoolean()).isTrue();
    Api.Response second = scanned(image);

    assertThat(activeKey().get("id").asString()).isEqualTo(newKey);
    assertThat(second.json().get("attestations"))
        .allSatisfy(s -> assertThat(s.get("keyId").asString()).isEqualTo(newKey));
    Api.Response withOld = api().post("/api/v1/verify",
        "{\"image\":\"" + image.name() + ":" + image.tag() + "\",\"keyId\":\"" + oldKey + "\"}");
    assertThat(withOld.status()).as(withOld.body()).isEqualTo(200);
    assertThat(withOld.text("/keyId")).isEqualTo(oldKey);
    // The .att tag's layers first, then the referrers, each in push order.
    assertThat(withOld.json().get("attestations")).extracting(l -> l.get("status").asString())
        .containsExactly("VERIFIED", "VERIFIED", "NOT_SIGNED_BY_KEY", "NOT_SIGNED_BY_KEY",
            "VERIFIED", "VERIFIED", "NOT_SIGNED_BY_KEY", "NOT_SIGNED_BY_KEY");
    Api.Response withNew = api().post("/api/v1/verify",
        "{\"image\":\"" + image + "\",\"keyId\":\"" + newKey + "\"}");
    assertThat(withNew.json().get("attestations"))
        .extracting(l -> l.get("source").asString() + " " + l.get("status").asString())
        .containsExactly("tag NOT_SIGNED_BY_KEY", "tag NOT_SIGNED_BY_KEY", "tag VERIFIED",
            "tag VERIFIED", "referrers NOT_SIGNED_BY_KEY", "referrers NOT_SIGNED_BY_KEY",
            "referrers VERIFIED", "referrers VERIFIED");
    assertThat(api().get("/api/v1/keys").json().get("items")).anySatisfy(k -> {
      assertThat(k.get("id").asString()).isEqualTo(oldKey);
      assertThat(k.get("active").asBoolean()).isFalse();
    });
  }

  @Test
  void generatedKeyIsEncryptedWithAPasswordKeptOnlyInAnOwnerOnlyFile() throws Exception {
    assertThat(Files.getPosixFilePermissions(passwordFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String password = Files.readString(passwordFile).strip();
    assertThat(password).hasSizeGreaterThanOrEqualTo(40);
    List<Map<String, Object>> rows = jdbc.sql("select * from signing_keys").query().listOfRows();
    assertThat(rows).isNotEmpty();
    for (Map<String, Object> row : rows) {
      assertThat(row.values()).noneSatisfy(v -> assertThat(String.valueOf(v)).contains(password));
      String pem = (String) row.get("encrypted_private_key");
      assertThat(pem).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----");
      assertThat(CosignPrivateKey.decrypt(pem, password.toCharArray()).keyId())
          .isEqualTo(row.get("id"));
    }
    Api.Response keys = api().get("/api/v1/keys");
    assertThat(keys.body()).doesNotContain(password).doesNotContain("PRIVATE");
    assertThat(keys.json().at("/items/0/algorithm").asString()).isEqualTo("ECDSA_P256_SHA256");
  }

  @Test
  void verifyNamesTheBadInput() {
    ImageReference image = copy();
    String keyId = activeKey().get("id").asString();
    String unknownKey = "ab".repeat(32);

    Api.Response unknown = api().post("/api/v1/verify",
        "{\"image\":\"" + image + "\",\"keyId\":\"" + unknownKey + "\"}");
    Api.Response badPem = api().post("/api/v1/verify", JSON.writeValueAsString(Map.of(
        "image", image.toString(), "publicKey", "-----BEGIN PUBLIC KEY-----\nnot base64!\n"
            + "-----END PUBLIC KEY-----\n")));
    Api.Response privatePem = api().post("/api/v1/verify", JSON.writeValueAsString(Map.of(
        "image", image.toString(), "publicKey", CosignKeys.generate(new char[0])
            .encryptedPrivateKeyPem())));
    Api.Response noTag = api().post("/api/v1/verify", "{\"image\":\"" + image.name()
        + ":no-such-tag\",\"keyId\":\"" + keyId + "\"}");
    Api.Response notAllowed = api().post("/api/v1/verify",
        "{\"image\":\"registry.invalid/app:1\",\"keyId\":\"" + keyId + "\"}");
    Api.Response both = api().post("/api/v1/verify", JSON.writeValueAsString(Map.of(
        "image", image.toString(), "keyId", keyId, "publicKey", "x")));
    Api.Response unsigned = api().post("/api/v1/verify",
        "{\"image\":\"" + image + "\",\"keyId\":\"" + keyId + "\"}");

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
    assertThat(unknown.text("/detail")).contains(unknownKey);
    assertThat(badPem.status()).isEqualTo(400);
    assertThat(badPem.text("/detail")).startsWith("publicKey: ");
    assertThat(privatePem.status()).isEqualTo(400);
    assertThat(privatePem.text("/detail")).contains("ENCRYPTED SIGSTORE PRIVATE KEY");
    assertThat(noTag.status()).isEqualTo(422);
    assertThat(noTag.text("/detail")).contains(image.name() + ":no-such-tag");
    assertThat(notAllowed.status()).isEqualTo(400);
    assertThat(notAllowed.text("/detail")).contains("registry.invalid");
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.text("/detail")).contains("exactly one of keyId");
    assertThat(unsigned.status()).isEqualTo(200);
    assertThat(unsigned.json().get("verified").asBoolean()).isFalse();
    assertThat(unsigned.json().get("signatures")).isEmpty();
    assertThat(unsigned.json().get("attestations")).isEmpty();
  }

  @Test
  void keysArePagedAndBadPagingIsRefused() {
    api().post("/api/v1/keys", "");
    api().post("/api/v1/keys", "");

    Api.Response first = api().get("/api/v1/keys?page=0&size=2");
    Api.Response second = api().get("/api/v1/keys?page=1&size=2");

    assertThat(first.status()).isEqualTo(200);
    long total = first.json().get("total").asLong();
    assertThat(total).isGreaterThanOrEqualTo(3);
    assertThat(first.json().get("items")).hasSize(2);
    assertThat(first.json().at("/items/0/active").asBoolean()).as("active first").isTrue();
    assertThat(first.json().get("page").asInt()).isZero();
    assertThat(first.json().get("size").asInt()).isEqualTo(2);
    assertThat(second.json().get("items")).isNotEmpty();
    assertThat(second.json().at("/items/0/id").asString())
        .isNotIn(first.json().at("/items/0/id").asString(),
            first.json().at("/items/1/id").asString());
    for (String bad : List.of("page=-1", "size=0", "size=201", "page=abc")) {
      Api.Response refused = api().get("/api/v1/keys?" + bad);
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.contentType()).as(bad).startsWith("application/problem+json");
      assertThat(refused.text("/detail")).as(bad).contains(bad.substring(0, bad.indexOf('=')));
    }
  }

  @Test
  void keyAndAttestationEndpointsNameTheBadInput() {
    String keyId = activeKey().get("id").asString();
    String digest = "sha256:" + "0".repeat(64);

    assertThat(api().get("/api/v1/keys/" + "cd".repeat(32) + "/cosign.pub").status())
        .isEqualTo(404);
    assertThat(api().post("/api/v1/keys/nope/activate", "").status()).isEqualTo(404);
    assertThat(api().get("/api/v1/keys/" + keyId).text("/id")).isEqualTo(keyId);
    Api.Response badDigest = api().get("/api/v1/images/sha256:xyz/attestations");
    assertThat(badDigest.status()).isEqualTo(400);
    assertThat(badDigest.text("/detail")).contains("sha256:xyz");
    assertThat(api().get("/api/v1/images/" + digest + "/attestations").json()).isEmpty();
    assertThat(api().get("/api/v1/images/" + digest + "/attestations/"
        + java.util.UUID.randomUUID()).status()).isEqualTo(404);
    Api.Response format = api().get("/api/v1/images/" + digest + "/attestations/"
        + java.util.UUID.randomUUID() + "?format=xml");
    assertThat(format.status()).isEqualTo(400);
    assertThat(format.text("/detail")).contains("\"xml\"");
  }
}
