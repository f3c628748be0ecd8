package dev.scangate.promotions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.signing.DsseEnvelope;
import dev.scangate.support.Api;
import dev.scangate.support.PolicyIT;
import dev.scangate.support.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The promotion of a real image through two environments of a policy that denies fixable
 * critical findings: the critical finding of the recorded Grype report blocks it, waivers
 * (environment-scoped, then approved by a second user for the four-eyes environment) let it
 * through, the verification summary verifies with the exported public key, and when the
 * waiver expires the promotion is at risk, then revoked after the grace period.
 */
class PromotionIT extends PolicyIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired
  private PromotionService promotions;

  @Autowired
  private DataSource dataSource;

  @TempDir
  Path dir;

  @Test
  void criticalFindingBlocksUntilAnApprovedWaiverAndTheWaiverExpiryRevokes() throws Exception {
    String tag = TestRegistry.open() + "/scangate-test/artifacts:1";
    String digest = scanned("scangate-test/artifacts:1");
    String pinned = TestRegistry.open() + "/scangate-test/artifacts@" + digest;
    Api alice = as("alice");
    Api bob = as("bob");

    Api.Response policy = alice.post("/api/v1/policies", """
        {"name": "critical-gate", "description": "fixable critical findings block",
         "rules": [
           {"id": "no-fixable-critical", "action": "DENY",
            "findingSelector": "f.severity == 'CRITICAL' && f.fixAvailable",
            "messageTemplate": "{{count}} fixable critical finding(s): {{ids}}"},
           {"id": "scanned", "action": "DENY", "expression": "!scan.present"}]}""");
    assertThat(policy.status()).as(policy.body()).isEqualTo(201);
    String policyId = policy.text("/policyId");
    assertThat(api().post("/api/v1/environments", """
        {"name": "gate-dev", "position": 1000, "policyId": "%s", "gracePeriod": "PT0S"}"""
        .formatted(policyId)).status()).isEqualTo(201);
    Api.Response prodEnv = api().post("/api/v1/environments", """
        {"name": "gate-prod", "position": 1010, "policyId": "%s", "requiresPrevious": true,
         "gracePeriod": "PT1H"}""".formatted(policyId));
    assertThat(prodEnv.status()).as(prodEnv.body()).isEqualTo(201);
    assertThat(prodEnv.text("/previous")).isEqualTo("gate-dev");

    // skipping gate-dev is refused, naming it
    Api.Response skipped = api().post("/api/v1/promotions",
        "{\"image\":\"" + tag + "\",\"environment\":\"gate-prod\"}");
    assertThat(skipped.status()).isEqualTo(409);
    assertThat(skipped.contentType()).contains("application/problem+json");
    assertThat(skipped.text("/requiredEnvironment")).isEqualTo("gate-dev");
    assertThat(skipped.text("/detail")).contains("gate-dev");
    JsonNode skipAttempt = auditEvent("promotion.denied", digest);
    assertThat(skipAttempt.path("actor").asString()).isEqualTo("token:bootstrap");
    assertThat(skipAttempt.at("/details/environment").asString()).isEqualTo("gate-prod");
    assertThat(skipAttempt.at("/details/requiredEnvironment").asString()).isEqualTo("gate-dev");

    // the critical finding (filed as CVE-2023-32360, alias CVE-2023-44981) denies gate-dev
    Api.Response denied = bob.post("/api/v1/promotions",
        "{\"image\":\"" + tag + "\",\"environment\":\"gate-dev\"}");
    assertThat(denied.status()).as(denied.body()).isEqualTo(422);
    assertThat(denied.text("/evaluation/decision")).isEqualTo("DENIED");
    JsonNode rule = denied.json().at("/evaluation/rules/0");
    assertThat(rule.path("id").asString()).isEqualTo("no-fixable-critical");
    assertThat(rule.path("outcome").asString()).isEqualTo("FAIL");
    assertThat(rule.at("/findings/0/vulnerability").asString()).isEqualTo("CVE-2023-32360");
    assertThat(rule.at("/findings/0/aliases/0").asString()).isEqualTo("CVE-2023-44981");
    assertThat(rule.at("/findings/0/unblockWith/vulnerability").asString())
        .isEqualTo("CVE-2023-32360");
    assertThat(rule.at("/findings/0/unblockWith/environment").asString()).isEqualTo("gate-dev");
    assertThat(jdbc.sql("select count(*) from promotions where environment like 'gate-%'")
        .query(Long.class).single()).isZero();
    assertThat(jdbc.sql("select count(*) from evaluations where allowed = false"
        + " and environment = 'gate-dev'").query(Long.class).single()).isEqualTo(1);
    // the security team sees who tried
    JsonNode deniedAttempt = auditEvent("promotion.denied", digest);
    assertThat(deniedAttempt.path("actor").asString()).isEqualTo("token:bob");
    assertThat(deniedAttempt.at("/details/environment").asString()).isEqualTo("gate-dev");
    assertThat(deniedAttempt.at("/details/evaluation").asString())
        .isEqualTo(denied.text("/evaluation/id"));
    assertThat(deniedAttempt.at("/details/policy").asString()).isEqualTo("critical-gate");
    assertThat(deniedAttempt.at("/details/reason").asString()).contains("no-fixable-critical");

    // a waiver by alias, scoped to gate-dev (which needs no approval), lets the tag through
    Api.Response devWaiver = alice.post("/api/v1/waivers", waiver("CVE-2023-44981", "gate-dev",
        clock.instant().plus(30, ChronoUnit.DAYS).toString()));
    assertThat(devWaiver.status()).as(devWaiver.body()).isEqualTo(201);
    assertThat(devWaiver.text("/createdBy")).isEqualTo("token:alice");
    Api.Response toDev = api().post("/api/v1/promotions",
        "{\"image\":\"" + tag + "\",\"environment\":\"gate-dev\"}");
    assertThat(toDev.status()).as(toDev.body()).isEqualTo(201);
    assertThat(toDev.text("/promotion/image/reference")).isEqualTo(tag);
    assertThat(toDev.text("/promotion/image/digest")).isEqualTo(digest);
    assertThat(toDev.text("/promotion/status")).isEqualTo("ACTIVE");
    assertThat(toDev.text("/evaluation/waiversApplied/0/waiverId"))
        .isEqualTo(devWaiver.text("/id"));
    assertThat(toDev.text("/attestation/predicateType"))
        .isEqualTo("https://slsa.dev/verification_summary/v1");
    assertThat(jdbc.sql("select requested_reference || ' ' || image_digest from promotions"
        + " where environment = 'gate-dev'").query(String.class).single()).isEqualTo(tag + " " + digest);
    verifyVerificationSummary(digest, toDev.text("/attestation/id"), "gate-dev");
    JsonNode devPromoted = auditEvent("promotion.created", toDev.text("/promotion/id"));
    assertThat(devPromoted.path("actor").asString()).isEqualTo("token:bootstrap");
    assertThat(devPromoted.at("/details/environment").asString()).isEqualTo("gate-dev");
    assertThat(devPromoted.at("/details/digest").asString()).isEqualTo(digest);
    assertThat(devPromoted.at("/details/policyDigest").asString())
        .isEqualTo(toDev.text("/promotion/policy/digest")).startsWith("sha256:");
    assertThat(devPromoted.at("/details/evaluation").asString())
        .isEqualTo(toDev.text("/evaluation/id"));
    assertThat(auditEvent("waiver.created", devWaiver.text("/id")).path("actor").asString())
        .isEqualTo("token:alice");

    // gate-prod requires an approved waiver: the dev waiver does not apply there
    Api.Response prodDenied = api().post("/api/v1/promotions",
        "{\"image\":\"" + pinned + "\",\"environment\":\"gate-prod\"}");
    assertThat(prodDenied.status()).as(prodDenied.body()).isEqualTo(422);
    assertThat(prodDenied.json().at("/evaluation/rules/0/findings/0/waiversNotApplying/0/reason")
        .asString()).isEqualTo("OTHER_ENVIRONMENT");

    Api.Response prodWaiver = alice.post("/api/v1/waivers", waiver("CVE-2023-44981",
        "gate-prod", clock.instant().plus(2, ChronoUnit.HOURS).toString()));
    assertThat(prodWaiver.status()).isEqualTo(201);
    String prodWaiverId = prodWaiver.text("/id");
    Api.Response anonymous = api().anonymous().post("/api/v1/waivers/" + prodWaiverId
        + "/approvals", "");
    assertThat(anonymous.status()).isEqualTo(401);
    Api.Response own = alice.post("/api/v1/waivers/" + prodWaiverId + "/approvals", "");
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.text("/detail")).contains("alice").contains("four eyes");
    Api.Response unapproved = api().post("/api/v1/promotions",
        "{\"image\":\"" + pinned + "\",\"environment\":\"gate-prod\"}");
    assertThat(unapproved.status()).isEqualTo(422);
    assertThat(unapproved.json().at("/evaluation/rules/0/findings/0/waiversNotApplying")
        .toString()).contains(prodWaiverId).contains("NOT_APPROVED");

    Api.Response approved = bob.post("/api/v1/waivers/" + prodWaiverId + "/approvals", "");
    assertThat(approved.status()).as(approved.body()).isEqualTo(201);
    assertThat(approved.text("/approvedBy")).isEqualTo("token:bob");
    assertThat(auditEvents("waiver.approved", prodWaiverId)).singleElement()
        .satisfies(e -> assertThat(e.path("actor").asString()).isEqualTo("token:bob"));
    List<String> notified;
    Api.Response toProd;
    try (var listener = dataSource.getConnection()) {
      listener.createStatement().execute("listen " + PromotionService.CHANNEL);
      toProd = api().post("/api/v1/promotions",
          "{\"image\":\"" + pinned + "\",\"environment\":\"gate-prod\"}");
      notified = notifications(listener.unwrap(PGConnection.class));
    }
    assertThat(toProd.status()).as(toProd.body()).isEqualTo(201);
    String prodPromotion = toProd.text("/promotion/id");
    assertThat(notified).contains(prodPromotion);
    assertThat(toProd.text("/evaluation/waiversApplied/0/waiverId")).isEqualTo(prodWaiverId);
    verifyVerificationSummary(digest, toProd.text("/attestation/id"), "gate-prod");
    Api.Response listed = api().get("/api/v1/promotions?image=" + digest);
    assertThat(listed.body()).contains(prodPromotion).contains(toDev.text("/promotion/id"));
    assertThat(api().get("/api/v1/promotions?environment=gate-prod&image=" + digest).json()
        .get(0).path("id").asString()).isEqualTo(prodPromotion);

    // a draft that also denies fixable high findings would flip both promotions
    Api.Response preview = api().post("/api/v1/policies/" + policyId + "/versions/preview", """
        {"rules": [{"id": "no-fixable-high", "action": "DENY",
                    "findingSelector": "severity_at_least(f.severity, 'HIGH') && f.fixAvailable"}]}""");
    assertThat(preview.status()).as(preview.body()).isEqualTo(200);
    assertThat(preview.json().path("evaluated").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(preview.json().path("flips").toString()).contains(prodPromotion)
        .contains("no-fixable-high");

    // the prod waiver expires: at risk first, revoked once the one-hour grace period is over
    clock.advance(Duration.ofHours(3));
    List<Reevaluation> first = promotions.reevaluateDue();
    assertThat(first).extracting(Reevaluation::after).contains("AT_RISK");
    assertThat(api().get("/api/v1/promotions/" + prodPromotion).text("/status"))
        .isEqualTo("AT_RISK");
    clock.advance(Duration.ofMinutes(61));
    promotions.reevaluateDue();
    Api.Response revoked = api().get("/api/v1/promotions/" + prodPromotion);
    assertThat(revoked.text("/status")).isEqualTo("REVOKED");
    assertThat(revoked.text("/revokeReason")).contains(prodWaiverId).contains("expired")
        .contains("no-fixable-critical");
    JsonNode atRisk = auditEvent("promotion.at-risk", prodPromotion);
    assertThat(atRisk.path("actor").asString()).isEqualTo("system");
    assertThat(atRisk.at("/details/environment").asString()).isEqualTo("gate-prod");
    assertThat(atRisk.at("/details/reason").asString()).contains(prodWaiverId)
        .contains("expired");
    assertThat(atRisk.at("/details/gracePeriod").asString()).isEqualTo("PT1H");
    JsonNode revokedEvent = auditEvent("promotion.revoked", prodPromotion);
    assertThat(revokedEvent.path("actor").asString()).isEqualTo("system");
    assertThat(revokedEvent.at("/details/reason").asString())
        .isEqualTo(revoked.text("/revokeReason"));
    assertThat(auditEvent("policy.created", policyId).path("actor").asString())
        .isEqualTo("token:alice");
    assertThat(auditEvent("environment.created", "gate-prod").at("/details/gracePeriod")
        .asString()).isEqualTo("PT1H");
    // the dev promotion's waiver is still valid
    assertThat(api().get("/api/v1/promotions/" + toDev.text("/promotion/id")).text("/status"))
        .isEqualTo("ACTIVE");
    assertThat(auditEvents("promotion.at-risk", toDev.text("/promotion/id"))).isEmpty();

    // promoting the digest to gate-dev again supersedes the first promotion there
    Api.Response again = alice.post("/api/v1/promotions",
        "{\"image\":\"" + pinned + "\",\"environment\":\"gate-dev\"}");
    assertThat(again.status()).as(again.body()).isEqualTo(201);
    assertThat(api().get("/api/v1/promotions/" + toDev.text("/promotion/id")).text("/status"))
        .isEqualTo("REVOKED");
    JsonNode superseded = auditEvent("promotion.revoked", toDev.text("/promotion/id"));
    assertThat(superseded.path("actor").asString()).isEqualTo("token:alice");
    assertThat(superseded.at("/details/reason").asString())
        .isEqualTo("superseded by promotion " + again.text("/promotion/id"));
    assertThat(auditEvent("promotion.created", again.text("/promotion/id")).path("actor")
        .asString()).isEqualTo("token:alice");
    assertAuditChainIsValid();
  }

  private static String waiver(String vulnerability, String environment, String expiresAt) {
    return """
        {"vulnerability": "%s", "package": "pkg:rpm/rhel/cups-libs",
         "repository": "scangate-test/**", "environment": "%s",
         "reason": "cups is not used by the service", "owner": "alice", "expiresAt": "%s"}"""
        .formatted(vulnerability, environment, expiresAt);
  }

  private List<String> notifications(PGConnection connection) throws Exception {
    List<String> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline && out.isEmpty()) {
      PGNotification[] got = connection.getNotifications(500);
      if (got != null) {
        for (PGNotification n : got) {
          out.add(n.getParameter());
        }
      }
    }
    return out;
  }

  /** The VSA envelope verifies (openssl over the DSSE PAE) with the exported public key. */
  private void verifyVerificationSummary(String digest, String attestationId, String environment)
      throws Exception {
    JsonNode attestations = api().get("/api/v1/images/" + digest + "/attestations").json();
    JsonNode vsa = null;
    for (JsonNode a : attestations) {
      if (a.path("id").asString().equals(attestationId)) {
        vsa = a;
      }
    }
    assertThat(vsa).as(attestations.toString()).isNotNull();
    DsseEnvelope envelope = DsseEnvelope.parse(vsa.path("envelope").toString()
        .getBytes(StandardCharsets.UTF_8));
    JsonNode statement = JSON.readTree(envelope.payload());
    assertThat(statement.path("predicateType").asString())
        .isEqualTo("https://slsa.dev/verification_summary/v1");
    assertThat(statement.at("/subject/0/digest/sha256").asString())
        .isEqualTo(digest.substring("sha256:".length()));
    assertThat(statement.at("/predicate/verificationResult").asString()).isEqualTo("PASSED");
    assertThat(statement.at("/predicate/policy/uri").asString()).endsWith("environment="
        + environment);
    String keyId = vsa.path("keyId").asString();
    Path work = Files.createDirectories(dir.resolve(UUID.randomUUID().toString()));
    Files.writeString(work.resolve("cosign.pub"),
        api().get("/api/v1/keys/" + keyId + "/cosign.pub").body());
    Files.write(work.resolve("pae.bin"), DsseEnvelope.pae(envelope.payloadType(),
        envelope.payload()));
    String sig = JSON.readTree(vsa.path("envelope").toString()).at("/signatures/0/sig")
        .asString();
    Files.write(work.resolve("sig.der"), Base64.getDecoder().decode(sig));
    Process openssl = new ProcessBuilder("openssl", "dgst", "-sha256", "-verify", "cosign.pub",
        "-signature", "sig.der", "pae.bin").directory(work.toFile()).redirectErrorStream(true)
        .start();
    String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(openssl.waitFor()).as(out).isZero();
    assertThat(out.strip()).isEqualTo("Verified OK");
  }
}
