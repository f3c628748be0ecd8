package dev.scangate.waivers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.PolicyIT;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Waiver creation rules, listing, revocation and four-eyes approval through the API. */
class WaiverApiIT extends PolicyIT {

  private String body(String expiresAt) {
    return """
        {"vulnerability": "CVE-2021-44228", "package": "pkg:maven/org.apache.logging.log4j/*",
         "repository": "team-a/**", "environment": "prod", "reason": "JNDI lookups disabled",
         "owner": "carol"%s}""".formatted(expiresAt == null ? "" : ", \"expiresAt\": \""
        + expiresAt + "\"");
  }

  @Test
  void waiverWithoutExpiryIsRejected() {
    long before = count("waivers");
    Api.Response r = api().post("/api/v1/waivers", body(null));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text("/field")).isEqualTo("expiresAt");
    assertThat(r.text("/detail")).contains("expiresAt").contains("90 days");
    assertThat(count("waivers")).isEqualTo(before);
  }

  @Test
  void waiverBeyondTheMaximumIsRejected() {
    Api.Response r = api().post("/api/v1/waivers",
        body(clock.instant().plus(91, ChronoUnit.DAYS).toString()));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text("/detail")).contains("beyond the maximum").contains("max-duration");
    assertThat(api().post("/api/v1/waivers", body(clock.instant().minus(1, ChronoUnit.HOURS)
        .toString())).status()).isEqualTo(400);
    assertThat(api().post("/api/v1/waivers", body("next tuesday")).status()).isEqualTo(400);
  }

  @Test
  void missingReasonOwnerOrBadScopeIsRejected() {
    long before = count("waivers");
    String expires = clock.instant().plus(10, ChronoUnit.DAYS).toString();
    assertThat(api().post("/api/v1/waivers", body(expires).replace("\"owner\": \"carol\"",
        "\"owner\": \"\"")).text("/field")).isEqualTo("owner");
    assertThat(api().post("/api/v1/waivers", body(expires).replace("JNDI lookups disabled", ""))
        .text("/field")).isEqualTo("reason");
    assertThat(api().post("/api/v1/waivers", body(expires).replace(
        "pkg:maven/org.apache.logging.log4j/*", "log4j")).text("/field")).isEqualTo("package");
    Api.Response env = api().post("/api/v1/waivers", body(expires).replace("\"prod\"",
        "\"production\""));
    assertThat(env.status()).isEqualTo(400);
    assertThat(env.text("/type")).endsWith("/unknown-environment");
    assertThat(count("waivers")).isEqualTo(before);
    assertThat(api().get("/api/v1/audit?action=waiver.created&size=200").json().path("items")
        .toString()).doesNotContain("production");
  }

  @Test
  void revokedWaiversAreKeptAndListed() {
    Api.Response created = as("carol").post("/api/v1/waivers",
        body(clock.instant().plus(10, ChronoUnit.DAYS).toString()));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.text("/status")).isEqualTo("ACTIVE");
    String id = created.text("/id");
    Api.Response revoked = as("dave").delete("/api/v1/waivers/" + id
        + "?reason=log4j%20upgraded");
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.text("/status")).isEqualTo("REVOKED");
    assertThat(revoked.text("/revokedBy")).isEqualTo("token:dave");
    assertThat(revoked.text("/revokeReason")).isEqualTo("log4j upgraded");
    assertThat(api().delete("/api/v1/waivers/" + id).status()).isEqualTo(409);
    assertThat(api().get("/api/v1/waivers?status=REVOKED").json().path("items").toString())
        .contains(id);
    assertThat(api().get("/api/v1/waivers?status=ACTIVE").json().path("items").toString())
        .doesNotContain(id);
    assertThat(api().anonymous().post("/api/v1/waivers/" + id + "/approvals", "").status())
        .isEqualTo(401);
    assertThat(as("erin").post("/api/v1/waivers/" + id + "/approvals", "").status())
        .isEqualTo(409);

    JsonNode createdEvent = auditEvent("waiver.created", id);
    assertThat(createdEvent.path("actor").asString()).isEqualTo("token:carol");
    assertThat(createdEvent.at("/details/vulnerability").asString()).isEqualTo("CVE-2021-44228");
    assertThat(createdEvent.at("/details/environment").asString()).isEqualTo("prod");
    assertThat(createdEvent.at("/details/owner").asString()).isEqualTo("carol");
    assertThat(createdEvent.at("/details/source").asString()).isEqualTo("api");
    assertThat(Instant.parse(createdEvent.at("/details/expiresAt").asString()))
        .isEqualTo(Instant.parse(created.text("/expiresAt")));
    List<JsonNode> revokedEvents = auditEvents("waiver.revoked", id);
    assertThat(revokedEvents).as("the second revocation was refused").hasSize(1);
    assertThat(revokedEvents.get(0).path("actor").asString()).isEqualTo("token:dave");
    assertThat(revokedEvents.get(0).at("/details/reason").asString())
        .isEqualTo("log4j upgraded");
    assertThat(auditEvents("waiver.approved", id)).isEmpty();
    assertAuditChainIsValid();
  }

  @Test
  void creatorAndOwnerCannotApproveAndExpiredWaiversStopBeingActive() {
    Api.Response created = as("frank").post("/api/v1/waivers",
        body(clock.instant().plus(1, ChronoUnit.DAYS).toString()));
    String id = created.text("/id");
    Api.Response byCreator = as("frank").post("/api/v1/waivers/" + id + "/approvals", "");
    assertThat(byCreator.status()).isEqualTo(403);
    assertThat(byCreator.contentType()).contains("application/problem+json");
    assertThat(byCreator.text("/detail")).contains("created");
    Api.Response byOwner = as("Carol").post("/api/v1/waivers/" + id + "/approvals", "");
    assertThat(byOwner.status()).isEqualTo(403);
    assertThat(api().get("/api/v1/waivers/" + id).text("/approvedBy")).isNull();
    assertThat(as("grace").post("/api/v1/waivers/" + id + "/approvals", "")
        .text("/approvedBy")).isEqualTo("token:grace");
    List<JsonNode> approvals = auditEvents("waiver.approved", id);
    assertThat(approvals).as("refused approvals record nothing").hasSize(1);
    assertThat(approvals.get(0).path("actor").asString()).isEqualTo("token:grace");
    assertThat(approvals.get(0).at("/details/createdBy").asString()).isEqualTo("token:frank");
    assertThat(auditEvent("waiver.created", id).path("actor").asString())
        .isEqualTo("token:frank");

    clock.advance(java.time.Duration.ofDays(2));
    assertThat(api().get("/api/v1/waivers/" + id).text("/status")).isEqualTo("EXPIRED");
  }
}
