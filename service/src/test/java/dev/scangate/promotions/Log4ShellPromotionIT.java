package dev.scangate.promotions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.admission.PromotedDigests;
import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.registry.Descriptor;
import dev.scangate.registry.FetchedManifest;
import dev.scangate.registry.RegistryClient;
import dev.scangate.signing.DsseEnvelope;
import dev.scangate.support.Api;
import dev.scangate.support.Await;
import dev.scangate.support.MutableClock;
import dev.scangate.support.MutableClockConfiguration;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import dev.scangate.vulndb.OsvFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Log4Shell from the registry to the cluster, with nothing recorded or stubbed but the clock:
 * the real OSV records imported through the API, the real matcher's findings, the seeded
 * environments dev → staging → prod and their default policy, four-eyes waivers, the signed
 * verification summary and cosign signature checked with openssl, and Kubernetes admission
 * following the promotion until the waiver that let log4j through expires.
 */
@Import(MutableClockConfiguration.class)
class Log4ShellPromotionIT extends ScangateIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String LOG4SHELL = "CVE-2021-44228";
  private static final String LOG4SHELL_GHSA = "GHSA-jfh8-c2jp-5v3q";
  private static final String LOG4J_CORE = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String RULE = "no-fixable-critical-or-high";

  @Autowired
  private MutableClock clock;

  @Autowired
  private PromotionService promotions;

  @Autowired
  private PromotedDigests promoted;

  @Autowired
  private RegistryClient registry;

  @TempDir
  Path dir;

  @Test
  void log4ShellBlocksProdUntilAnApprovedWaiverAndItsExpiryRevokesThePromotion()
      throws Exception {
    Api.Response imported = OsvFixtures.imported(api(), "osv.zip",
        OsvFixtures.zipOf(OsvFixtures.RECORDS));
    assertThat(imported.text("/status")).as(imported.body()).isEqualTo("SUCCEEDED");

    // A private copy of scangate-test/artifacts:1 (the same bytes, so the same digest): the
    // promotions push signatures and attestations into the image's repository.
    ImageReference image = copyOfArtifactsImage();
    String repository = image.repository();
    Api.Response scan = api().awaitFinished(api().scan(image.name() + ":1").text("/id"));
    assertThat(scan.text("/status")).as(scan.body()).isEqualTo("SUCCEEDED");
    String digest = scan.text("/image/digest");
    assertThat(digest).isEqualTo(image.digest().toString());
    String pinned = image.name() + "@" + digest;
    Api alice = token("alice");
    Api bob = token("bob");

    // the seeded environments, all bound to the default policy
    assertThat(api().get("/api/v1/environments").json()).extracting(
            e -> e.path("name").asString() + " " + e.path("policy").path("name").asString()
                + " " + e.path("requiresPrevious").asBoolean())
        .containsExactly("dev default false", "staging default true", "prod default true");

    // prod needs staging first
    Api.Response skipped = promote(pinned, "prod");
    assertThat(skipped.status()).as(skipped.body()).isEqualTo(409);
    assertThat(skipped.text("/requiredEnvironment")).isEqualTo("staging");

    // dev and staging: the default policy denies the fixable critical and high findings;
    // alice waives each in that environment only, which needs no approval there
    List<String> blockingInDev = List.of();
    for (String environment : List.of("dev", "staging")) {
      Api.Response denied = promote(pinned, environment);
      assertThat(denied.status()).as(denied.body()).isEqualTo(422);
      List<JsonNode> deciding = decidingFindings(denied);
      assertThat(ids(deciding)).contains(LOG4SHELL);
      blockingInDev = ids(deciding);
      for (JsonNode finding : deciding) {
        JsonNode scope = finding.path("unblockWith");
        assertThat(scope.path("environment").asString()).isEqualTo(environment);
        Api.Response waiver = alice.post("/api/v1/waivers", waiver(scope,
            clock.instant().plus(30, ChronoUnit.DAYS).toString()));
        assertThat(waiver.status()).as(waiver.body()).isEqualTo(201);
      }
      Api.Response allowed = promote(pinned, environment);
      assertThat(allowed.status()).as(allowed.body()).isEqualTo(201);
      assertThat(allowed.text("/promotion/status")).isEqualTo("ACTIVE");
      assertThat(allowed.json().at("/evaluation/waiversApplied")).hasSize(deciding.size());
    }

    // prod: the same findings block, the dev and staging waivers do not apply there, and the
    // evaluation proposes the prod waiver that would unblock log4j
    Api.Response prodDenied = promote(pinned, "prod");
    assertThat(prodDenied.status()).as(prodDenied.body()).isEqualTo(422);
    assertThat(prodDenied.contentType()).startsWith("application/problem+json");
    assertThat(prodDenied.text("/detail")).contains(RULE).contains(LOG4SHELL);
    List<JsonNode> prodDeciding = decidingFindings(prodDenied);
    // Log4Shell in log4j-core 2.14.1 and CVE-2021-23337 in lodash 4.17.20, nothing else
    assertThat(ids(prodDeciding)).containsExactlyInAnyOrder(LOG4SHELL, "CVE-2021-23337")
        .containsExactlyInAnyOrderElementsOf(blockingInDev);
    assertThat(failedDenyRules(prodDenied)).containsExactly(RULE);
    JsonNode log4shell = find(prodDeciding, LOG4SHELL);
    assertThat(log4shell.path("aliases").toString()).contains(LOG4SHELL_GHSA);
    assertThat(log4shell.path("severity").asString()).isEqualTo("CRITICAL");
    assertThat(log4shell.path("package").asString()).isEqualTo(LOG4J_CORE);
    assertThat(log4shell.path("waiversNotApplying").toString()).contains("OTHER_ENVIRONMENT");
    JsonNode proposed = log4shell.path("unblockWith");
    assertThat(proposed.path("vulnerability").asString()).isIn(LOG4SHELL, LOG4SHELL_GHSA);
    assertThat(proposed.path("environment").asString()).isEqualTo("prod");
    assertThat(proposed.path("package").asString()).contains("log4j-core");

    // every other blocker is waived for prod (approved by bob), so log4j alone blocks
    for (JsonNode other : prodDeciding) {
      if (other != log4shell) {
        String id = alice.post("/api/v1/waivers", waiver(other.path("unblockWith"),
            clock.instant().plus(30, ChronoUnit.DAYS).toString())).text("/id");
        assertThat(bob.post("/api/v1/waivers/" + id + "/approvals", "").status()).isEqualTo(201);
      }
    }
    Api.Response onlyLog4j = promote(pinned, "prod");
    assertThat(onlyLog4j.status()).as(onlyLog4j.body()).isEqualTo(422);
    assertThat(ids(decidingFindings(onlyLog4j))).containsExactly(LOG4SHELL);
    assertThat(failedDenyRules(onlyLog4j)).containsExactly(RULE);

    // the proposed waiver, for two hours; prod requires a second person's approval
    Api.Response prodWaiver = alice.post("/api/v1/waivers", waiver(proposed,
        clock.instant().plus(2, ChronoUnit.HOURS).toString()));
    assertThat(prodWaiver.status()).as(prodWaiver.body()).isEqualTo(201);
    assertThat(prodWaiver.text("/createdBy")).isEqualTo("token:alice");
    String log4jWaiver = prodWaiver.text("/id");
    Api.Response unapproved = promote(pinned, "prod");
    assertThat(unapproved.status()).isEqualTo(422);
    assertThat(find(decidingFindings(unapproved), LOG4SHELL).path("waiversNotApplying")
        .toString()).contains(log4jWaiver).contains("NOT_APPROVED");
    Api.Response own = alice.post("/api/v1/waivers/" + log4jWaiver + "/approvals", "");
    assertThat(own.status()).as(own.body()).isEqualTo(403);
    assertThat(own.contentType()).startsWith("application/problem+json");
    Api.Response approved = bob.post("/api/v1/waivers/" + log4jWaiver + "/approvals", "");
    assertThat(approved.status()).as(approved.body()).isEqualTo(201);
    assertThat(approved.text("/approvedBy")).isEqualTo("token:bob");

    Api.Response toProd = promote(pinned, "prod");
    assertThat(toProd.status()).as(toProd.body()).isEqualTo(201);
    String prodPromotion = toProd.text("/promotion/id");
    assertThat(toProd.text("/promotion/status")).isEqualTo("ACTIVE");
    assertThat(toProd.text("/promotion/image/digest")).isEqualTo(digest);
    assertThat(toProd.text("/evaluation/decision")).isEqualTo("ALLOWED");
    assertThat(toProd.json().at("/evaluation/waiversApplied").toString()).contains(log4jWaiver);
    assertThat(toProd.text("/attestation/predicateType"))
        .isEqualTo("https://slsa.dev/verification_summary/v1");
    String keyId = toProd.text("/attestation/keyId");
    Files.writeString(dir.resolve("cosign.pub"),
        api().get("/api/v1/keys/" + keyId + "/cosign.pub").body());
    verifyVerificationSummary(digest, toProd.text("/attestation/id"));
    verifySignature(image, prodPromotion);

    // the cluster admits the digest in prod
    byte[] pod = pod(pinned);
    Await.until(() -> promoted.find("prod", digest).isPresent(),
        Duration.ofSeconds(10), "prod promotion of " + digest);
    JsonNode admitted = admit(pod);
    assertThat(admitted.at("/response/allowed").asBoolean()).as(admitted.toString()).isTrue();

    // the log4j waiver expires: the promotion is at risk (still admitted, with a warning) ...
    clock.advance(Duration.ofHours(3));
    List<Reevaluation> first = promotions.reevaluateDue();
    assertThat(first).filteredOn(r -> r.promotionId().toString().equals(prodPromotion))
        .extracting(Reevaluation::after).containsExactly("AT_RISK");
    Api.Response atRisk = api().get("/api/v1/promotions/" + prodPromotion);
    assertThat(atRisk.text("/status")).isEqualTo("AT_RISK");
    assertThat(atRisk.text("/revokeReason")).contains(log4jWaiver).contains("expired");
    Await.until(() -> promoted.find("prod", digest).map(p -> p.status().equals("AT_RISK"))
        .orElse(false), Duration.ofSeconds(10), "prod promotion of " + digest + " at risk");
    JsonNode warned = admit(pod);
    assertThat(warned.at("/response/allowed").asBoolean()).as(warned.toString()).isTrue();
    assertThat(warned.at("/response/warnings").toString()).contains("at risk");

    // ... and revoked once prod's 24-hour grace period is over
    clock.advance(Duration.ofHours(24).plusMinutes(1));
    promotions.reevaluateDue();
    Api.Response revoked = api().get("/api/v1/promotions/" + prodPromotion);
    assertThat(revoked.text("/status")).isEqualTo("REVOKED");
    assertThat(revoked.text("/revokeReason")).contains("waiver " + log4jWaiver + " expired")
        .contains(RULE).contains(LOG4SHELL);
    Await.until(() -> promoted.find("prod", digest).isEmpty(),
        Duration.ofSeconds(10), digest + " no longer in prod");
    JsonNode refused = admit(pod);
    assertThat(refused.at("/response/allowed").asBoolean()).as(refused.toString()).isFalse();
    assertThat(refused.at("/response/status/message").asString())
        .contains("is not promoted to prod");

    // dev and staging keep their promotions: their waivers are still valid
    assertThat(api().get("/api/v1/promotions?image=" + digest + "&status=ACTIVE").json())
        .extracting(p -> p.path("environment").asString())
        .containsExactlyInAnyOrder("dev", "staging");
  }

  // --- helpers

  private Api.Response promote(String image, String environment) {
    return api().post("/api/v1/promotions",
        "{\"image\":\"" + image + "\",\"environment\":\"" + environment + "\"}");
  }

  /** The deciding findings of every failed DENY rule of a denial. */
  private static List<JsonNode> decidingFindings(Api.Response denied) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode rule : denied.json().at("/evaluation/rules")) {
      if (rule.path("action").asString().equals("DENY")
          && !rule.path("outcome").asString().equals("PASS")) {
        rule.path("findings").forEach(out::add);
      }
    }
    return out;
  }

  private static List<String> failedDenyRules(Api.Response denied) {
    List<String> out = new ArrayList<>();
    for (JsonNode rule : denied.json().at("/evaluation/rules")) {
      if (rule.path("action").asString().equals("DENY")
          && !rule.path("outcome").asString().equals("PASS")) {
        out.add(rule.path("id").asString());
      }
    }
    return out;
  }

  private static List<String> ids(List<JsonNode> findings) {
    return findings.stream().map(f -> f.path("vulnerability").asString()).toList();
  }

  private static JsonNode find(List<JsonNode> findings, String id) {
    return findings.stream().filter(f -> f.path("vulnerability").asString().equals(id))
        .findFirst().orElseThrow(() -> new AssertionError("no " + id + " in " + findings));
  }

  /** A waiver request with the scope the evaluation proposed. */
  private static String waiver(JsonNode scope, String expiresAt) {
    ObjectNode body = JSON.createObjectNode();
    scope.properties().forEach(e -> body.set(e.getKey(), e.getValue()));
    body.put("reason", "not reachable: JNDI lookups are disabled by the service's"
        + " configuration");
    body.put("owner", "alice");
    body.put("expiresAt", expiresAt);
    return body.toString();
  }

  /** An API token with read, scan, promote and policy-admin; its actor is token:name. */
  private Api token(String name) {
    Api.Response created = api().post("/api/v1/tokens", "{\"name\":\"" + name + "\","
        + "\"scopes\":[\"read\",\"scan\",\"promote\",\"policy-admin\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return api().as(created.text("/secret"));
  }

  /** Copies scangate-test/artifacts:1 to a repository of its own and returns it pinned. */
  private ImageReference copyOfArtifactsImage() {
    ImageReference source = ImageReference.parse(TestRegistry.open()
        + "/scangate-test/artifacts:1");
    ImageReference target = ImageReference.parse(TestRegistry.open()
        + "/scangate-test/log4shell-" + UUID.randomUUID().toString().substring(0, 8) + ":1");
    FetchedManifest manifest = registry.fetchManifest(source);
    registry.pushBlob(target, registry.fetchBlob(source, manifest.manifest().config(), 1 << 20));
    for (Descriptor layer : manifest.manifest().layers()) {
      try (InputStream in = registry.openBlob(source, layer)) {
        registry.pushBlob(target, in.readAllBytes());
      } catch (IOException e) {
        throw new IllegalStateException("copying layer " + layer.digest() + ": " + e, e);
      }
    }
    Digest digest = registry.pushManifest(target, manifest.mediaType(), manifest.bytes());
    return target.withDigest(digest);
  }

  /** The VSA's DSSE signature verifies with openssl over PAE(type, payload). */
  private void verifyVerificationSummary(String digest, String attestationId) throws Exception {
    JsonNode vsa = null;
    for (JsonNode a : api().get("/api/v1/images/" + digest + "/attestations").json()) {
      if (a.path("id").asString().equals(attestationId)) {
        vsa = a;
      }
    }
    assertThat(vsa).as("attestation " + attestationId).isNotNull();
    DsseEnvelope envelope = DsseEnvelope.parse(vsa.path("envelope").toString()
        .getBytes(StandardCharsets.UTF_8));
    JsonNode statement = JSON.readTree(envelope.payload());
    assertThat(statement.at("/subject/0/digest/sha256").asString())
        .isEqualTo(digest.substring("sha256:".length()));
    assertThat(statement.at("/predicate/verificationResult").asString()).isEqualTo("PASSED");
    assertThat(statement.at("/predicate/policy/uri").asString())
        .contains("/policies/default/versions/1").endsWith("environment=prod");
    Files.write(dir.resolve("pae.bin"), DsseEnvelope.pae(envelope.payloadType(),
        envelope.payload()));
    Files.write(dir.resolve("vsa.sig"), Base64.getDecoder().decode(
        vsa.at("/envelope/signatures/0/sig").asString()));
    assertThat(openssl("vsa.sig", "pae.bin")).isEqualTo("Verified OK");
  }

  /**
   * The cosign signature of the promotion, read from the image's {@code sha256-<hex>.sig} tag in
   * the registry as cosign reads it, verifies with openssl over the simple signing payload.
   */
  private void verifySignature(ImageReference image, String promotionId) throws Exception {
    String repo = "http://" + TestRegistry.open() + "/v2/" + image.repository();
    JsonNode manifest = JSON.readTree(registryGet(repo + "/manifests/"
        + image.digest().toString().replace(':', '-') + ".sig"));
    JsonNode ours = null;
    byte[] payload = null;
    for (JsonNode layer : manifest.path("layers")) {
      byte[] blob = registryGet(repo + "/blobs/" + layer.path("digest").asString());
      JsonNode simple = JSON.readTree(blob);
      if (simple.at("/optional/promotion").asString("").equals(promotionId)) {
        ours = layer;
        payload = blob;
      }
    }
    assertThat(ours).as("a signature layer of promotion " + promotionId + " in " + manifest)
        .isNotNull();
    assertThat(ours.path("mediaType").asString())
        .isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
    JsonNode simple = JSON.readTree(payload);
    assertThat(simple.at("/critical/type").asString())
        .isEqualTo("cosign container image signature");
    assertThat(simple.at("/critical/image/docker-manifest-digest").asString())
        .isEqualTo(image.digest().toString());
    assertThat(simple.at("/critical/identity/docker-reference").asString())
        .isEqualTo(image.name());
    assertThat(simple.at("/optional/environment").asString()).isEqualTo("prod");
    Files.write(dir.resolve("payload.json"), payload);
    Files.write(dir.resolve("payload.sig"), Base64.getDecoder().decode(
        ours.at("/annotations/dev.cosignproject.cosign~1signature").asString()));
    assertThat(openssl("payload.sig", "payload.json")).isEqualTo("Verified OK");
  }

  private static byte[] registryGet(String url) throws Exception {
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(url)).header("Accept", "application/vnd.oci.image.manifest.v1+json")
        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
    return response.body();
  }

  private String openssl(String signature, String payload) throws Exception {
    Process openssl = new ProcessBuilder("openssl", "dgst", "-sha256", "-verify", "cosign.pub",
        "-signature", signature, payload).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(openssl.waitFor()).as(out).isZero();
    return out.strip();
  }

  /** The real Pod request 02_pod.json running {@code image}. */
  private static byte[] pod(String image) throws IOException {
    try (InputStream in = Log4ShellPromotionIT.class.getResourceAsStream(
        "/k8s-admission/02_pod.json")) {
      ObjectNode review = (ObjectNode) JSON.readTree(in.readAllBytes());
      ((ObjectNode) review.at("/request/object/spec/containers/0")).put("image", image);
      return JSON.writeValueAsBytes(review);
    }
  }

  private JsonNode admit(byte[] review) {
    Api.Response response = api().post("/k8s/admission?environment=prod",
        HttpRequest.BodyPublishers.ofByteArray(review), "application/json");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }
}
