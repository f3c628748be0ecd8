package dev.scangate.promotions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.admission.PromotedDigests;
import dev.scangate.findings.FindingsChanged;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.signing.DsseEnvelope;
import dev.scangate.support.Api;
import dev.scangate.support.PolicyIT;
import dev.scangate.support.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Promoting the two-platform index {@code scangate-test/multi:1} by its index digest, as a pod
 * spec pins it: denied while one platform is unscanned (naming it and how to scan it), allowed
 * once every platform is scanned, with the evaluation listing both platform scans and the
 * verification summary signed for the index digest, which admission then admits; new findings
 * in one platform re-evaluate the index promotion.
 */
class IndexPromotionIT extends PolicyIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String MULTI = TestRegistry.open() + "/scangate-test/multi";

  @Autowired
  private PromotedDigests promoted;

  @Autowired
  private PromotionService promotions;

  @Test
  void indexIsPromotedOnceEveryPlatformIsScannedAndAdmittedByItsDigest() {
    Api.Response policy = api().post("/api/v1/policies", """
        {"name": "index-gate", "rules": [
          {"id": "scanned", "action": "DENY", "expression": "!scan.present",
           "messageTemplate": "{{image.repository}}@{{image.digest}} was never scanned"},
          {"id": "no-critical", "action": "DENY", "findingSelector": "f.severity == 'CRITICAL'",
           "messageTemplate": "{{count}} critical finding(s): {{ids}}"}]}""");
    assertThat(policy.status()).as(policy.body()).isEqualTo(201);
    assertThat(api().post("/api/v1/environments", """
        {"name": "index-dev", "position": 2000, "policyId": "%s", "gracePeriod": "PT0S"}"""
        .formatted(policy.text("/policyId"))).status()).isEqualTo(201);

    // only linux/amd64 scanned: the index is not scanned as a whole
    Api.Response amd64 = api().awaitFinished(api().scan(MULTI + ":1", "linux/amd64")
        .text("/id"));
    assertThat(amd64.text("/status")).as(amd64.body()).isEqualTo("SUCCEEDED");
    String index = amd64.text("/image/indexDigest");
    String amd64Digest = amd64.text("/image/digest");
    assertThat(index).startsWith("sha256:").isNotEqualTo(amd64Digest);
    String pinned = MULTI + "@" + index;
    String arm64Digest = childDigest(index, "linux/arm64");

    Api.Response denied = api().post("/api/v1/promotions",
        "{\"image\":\"" + pinned + "\",\"environment\":\"index-dev\"}");
    assertThat(denied.status()).as(denied.body()).isEqualTo(422);
    assertThat(denied.text("/detail")).contains("was never scanned")
        .contains("linux/arm64 (" + arm64Digest + ")").doesNotContain("linux/amd64")
        .contains("POST /api/v1/scans").contains(pinned).contains("\"platform\": \"all\"");
    JsonNode deniedEvaluation = denied.json().get("evaluation");
    assertThat(deniedEvaluation.at("/rules/0/outcome").asString()).isEqualTo("FAIL");
    assertThat(deniedEvaluation.at("/image/digest").asString()).isEqualTo(index);
    assertThat(deniedEvaluation.path("unscanned").asString()).contains("linux/arm64");
    assertThat(platformScans(deniedEvaluation)).containsEntry("linux/amd64", amd64.text("/id"))
        .containsEntry("linux/arm64", null);
    assertThat(count("promotions where environment = 'index-dev'")).isZero();

    // every platform scanned, neither with findings
    Api.Response parent = api().awaitFinished(api().scan(MULTI + ":1", "all").text("/id"));
    assertThat(parent.text("/status")).as(parent.body()).isEqualTo("SUCCEEDED");
    for (JsonNode child : parent.json().get("children")) {
      Api.Response scan = api().awaitFinished(child.asString());
      assertThat(scan.text("/status")).as(scan.body()).isEqualTo("SUCCEEDED");
    }
    String arm64Scan = latestScan(arm64Digest);
    String amd64Scan = latestScan(amd64Digest);
    findings.set(UUID.fromString(arm64Scan), List.of());
    findings.set(UUID.fromString(amd64Scan), List.of());

    Api.Response allowed = api().post("/api/v1/promotions",
        "{\"image\":\"" + pinned + "\",\"environment\":\"index-dev\"}");
    assertThat(allowed.status()).as(allowed.body()).isEqualTo(201);
    assertThat(allowed.text("/promotion/image/digest")).isEqualTo(index);
    JsonNode evaluation = allowed.json().get("evaluation");
    assertThat(evaluation.has("unscanned")).isFalse();
    assertThat(platformScans(evaluation)).containsEntry("linux/amd64", amd64Scan)
        .containsEntry("linux/arm64", arm64Scan).hasSize(2);
    String evaluationId = evaluation.path("id").asString();
    assertThat(jdbc.sql("""
            select platform || ' ' || scan_id from evaluation_scans
             where evaluation_id = :id::uuid order by platform""")
        .param("id", evaluationId).query(String.class).list())
        .containsExactly("linux/amd64 " + amd64Scan, "linux/arm64 " + arm64Scan);

    // the verification summary's subject is the index digest
    JsonNode statement = vsaStatement(index, allowed.text("/attestation/id"));
    assertThat(statement.at("/subject/0/digest/sha256").asString())
        .isEqualTo(index.substring("sha256:".length()));
    assertThat(statement.at("/predicate/resourceUri").asString()).isEqualTo(pinned);

    // admission: a pod pinned to the index digest is admitted, one pinned to a platform is not
    awaitPromoted("index-dev", index);
    JsonNode review = admit("index-dev", pod(pinned));
    assertThat(review.at("/response/allowed").asBoolean()).as(review.toString()).isTrue();
    JsonNode platformPod = admit("index-dev", pod(MULTI + "@" + amd64Digest));
    assertThat(platformPod.at("/response/allowed").asBoolean()).isFalse();
    assertThat(platformPod.at("/response/status/message").asString())
        .contains("is not promoted to index-dev");

    // critical findings appear in the arm64 scan: the index promotion is re-evaluated (revoked
    // at once: no grace period)
    findings.set(UUID.fromString(arm64Scan), findings.defaults());
    promotions.onFindingsChanged(new FindingsChanged(Set.of(arm64Digest), UUID.randomUUID()));
    Api.Response revoked = api().get("/api/v1/promotions/" + allowed.text("/promotion/id"));
    assertThat(revoked.text("/status")).isEqualTo("REVOKED");
    assertThat(revoked.text("/revokeReason")).contains("no-critical");

    // both platforms with the same report: the union lists each finding once
    findings.set(UUID.fromString(amd64Scan), findings.defaults());
    Api.Response dryRun = api().post("/api/v1/policies/" + policy.text("/policyId")
        + "/evaluate", "{\"image\":\"" + pinned + "\",\"environment\":\"index-dev\"}");
    assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
    Set<String> distinct = new HashSet<>();
    for (FindingFacts f : findings.defaults()) {
      distinct.add(f.id() + " " + f.pkg().purl());
    }
    assertThat(dryRun.json().at("/findings/total").asInt()).isEqualTo(distinct.size())
        .isPositive();
  }

  /** The digest of the index's entry for a platform, as the image view lists it. */
  private String childDigest(String index, String platform) {
    for (JsonNode child : api().get("/api/v1/images/" + index).json().get("children")) {
      if (platform.equals(child.path("platform").asString())) {
        return child.path("digest").asString();
      }
    }
    throw new AssertionError(index + " has no " + platform + " entry");
  }

  private String latestScan(String digest) {
    return jdbc.sql("""
            select id::text from scans where digest = :digest and status = 'SUCCEEDED'
             order by finished_at desc, id limit 1""")
        .param("digest", digest).query(String.class).single();
  }

  /** Platform → scan id (null when unscanned) from an evaluation's platforms. */
  private static java.util.Map<String, String> platformScans(JsonNode evaluation) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    for (JsonNode p : evaluation.get("platforms")) {
      out.put(p.path("platform").asString(),
          p.has("scanId") ? p.path("scanId").asString() : null);
    }
    return out;
  }

  private JsonNode vsaStatement(String digest, String attestationId) {
    for (JsonNode a : api().get("/api/v1/images/" + digest + "/attestations").json()) {
      if (a.path("id").asString().equals(attestationId)) {
        DsseEnvelope envelope = DsseEnvelope.parse(a.path("envelope").toString()
            .getBytes(StandardCharsets.UTF_8));
        return JSON.readTree(envelope.payload());
      }
    }
    throw new AssertionError("no attestation " + attestationId + " of " + digest);
  }

  private JsonNode admit(String environment, byte[] review) {
    Api.Response response = api().anonymous().post("/k8s/admission?environment=" + environment,
        java.net.http.HttpRequest.BodyPublishers.ofByteArray(review), "application/json");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  /** The real Pod request 02_pod.json with another image. */
  private static byte[] pod(String image) {
    byte[] fixture;
    try (InputStream in = IndexPromotionIT.class.getResourceAsStream(
        "/k8s-admission/02_pod.json")) {
      fixture = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode review = (ObjectNode) JSON.readTree(fixture);
    ((ObjectNode) review.at("/request")).put("uid", UUID.randomUUID().toString());
    ((ObjectNode) review.at("/request/object/spec/containers/0")).put("image", image);
    return JSON.writeValueAsBytes(review);
  }

  private void awaitPromoted(String environment, String digest) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (promoted.find(environment, digest).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + digest + " promoted to " + environment);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
