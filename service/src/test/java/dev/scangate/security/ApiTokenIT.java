package dev.scangate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** API tokens: shown once, stored hashed, listed without secrets, expiring, revocable. */
class ApiTokenIT extends ScangateIT {

  @Autowired
  ApiTokens tokens;

  @Autowired
  TransactionTemplate tx;

  @Test
  void createdTokenIsShownOnceAndStoredOnlyAsItsHash() {
    Api.Response created = api().post("/api/v1/tokens",
        "{\"name\":\"ci pipeline\",\"scopes\":[\"scan\",\"read\"]}");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.text("/token/name")).isEqualTo("ci pipeline");
    List<String> scopes = new java.util.ArrayList<>();
    for (JsonNode scope : created.json().at("/token/scopes")) {
      scopes.add(scope.asString());
    }
    assertThat(scopes).containsExactlyInAnyOrder("scan", "read");
    String secret = created.text("/secret");
    assertThat(secret).startsWith("sgt_").hasSizeGreaterThanOrEqualTo(40);
    String id = created.text("/token/id");

    Api.Response listed = api().get("/api/v1/tokens?size=200");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body()).doesNotContain(secret).doesNotContain(Api.TEST_TOKEN);
    assertThat(listed.json().at("/total").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(api().get("/api/v1/tokens/" + id).body()).doesNotContain(secret)
        .contains("\"status\":\"active\"");

    String rows = String.join("\n", jdbc.sql("select t::text from api_tokens t")
        .query(String.class).list());
    assertThat(rows).doesNotContain(secret).doesNotContain(Api.TEST_TOKEN)
        .doesNotContain(secret.substring(12));
    assertThat(jdbc.sql("select token_hash from api_tokens where id = cast(:id as uuid)")
        .param("id", id).query(String.class).single()).isEqualTo(ApiTokens.sha256(secret));

    Api ci = api().as(secret);
    assertThat(ci.get("/api/v1/images").status()).isEqualTo(200);
    assertThat(ci.scan("Not A Reference!").status()).isEqualTo(400);
    assertThat(ci.get("/api/v1/tokens").status()).isEqualTo(403);
    assertThat(api().get("/api/v1/tokens/" + id).text("/lastUsedAt")).isNotNull();
  }

  @Test
  void revokedTokenIsRefusedAtOnce() {
    Api.Response created = api().post("/api/v1/tokens",
        "{\"name\":\"to revoke\",\"scopes\":[\"read\"]}");
    String secret = created.text("/secret");
    assertThat(api().as(secret).get("/api/v1/images").status()).isEqualTo(200);

    Api.Response revoked = api().delete("/api/v1/tokens/" + created.text("/token/id"));

    assertThat(revoked.status()).isEqualTo(204);
    Api.Response refused = api().as(secret).get("/api/v1/images");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.text("/detail")).contains("\"to revoke\"").contains("revoked");
    assertThat(api().get("/api/v1/tokens/" + created.text("/token/id")).text("/status"))
        .isEqualTo("revoked");
    assertThat(api().delete("/api/v1/tokens/" + created.text("/token/id")).status())
        .as("revoking again changes nothing").isEqualTo(204);
    assertThat(api().delete("/api/v1/tokens/" + java.util.UUID.randomUUID()).status())
        .isEqualTo(404);
  }

  @Test
  void expiredTokenIsRefused() throws Exception {
    Instant expiresAt = Instant.now().plusSeconds(2);
    Api.Response created = api().post("/api/v1/tokens", "{\"name\":\"short-lived\","
        + "\"scopes\":[\"read\"],\"expiresAt\":\"" + expiresAt + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Api shortLived = api().as(created.text("/secret"));
    assertThat(shortLived.get("/api/v1/images").status()).isEqualTo(200);

    Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 200);

    Api.Response refused = shortLived.get("/api/v1/images");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.text("/detail")).contains("expired");
    assertThat(api().get("/api/v1/tokens/" + created.text("/token/id")).text("/status"))
        .isEqualTo("expired");
  }

  @Test
  void unknownOrMalformedCredentialsGet401() {
    Api.Response unknown = api().as("sgt_" + "x".repeat(43)).get("/api/v1/images");
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.text("/detail")).isEqualTo("unknown API token");
    Api.Response basic = api().anonymous().send("GET", "/api/v1/images",
        java.net.http.HttpRequest.BodyPublishers.noBody(), "Authorization", "Basic YTpi");
    assertThat(basic.status()).isEqualTo(401);
    assertThat(basic.text("/detail")).contains("Bearer");
  }

  @Test
  void badTokenRequestsAre400AndCreateNothing() {
    long before = count("api_tokens");
    List<Api.Response> bad = List.of(
        api().post("/api/v1/tokens", "{\"name\":\"x\",\"scopes\":[\"read\",\"superuser\"]}"),
        api().post("/api/v1/tokens", "{\"name\":\"x\",\"scopes\":[]}"),
        api().post("/api/v1/tokens", "{\"name\":\" \",\"scopes\":[\"read\"]}"),
        api().post("/api/v1/tokens", "{\"name\":\"x\",\"scopes\":[\"read\"],"
            + "\"expiresAt\":\"2001-01-01T00:00:00Z\"}"),
        api().post("/api/v1/tokens", "{\"name\":\"x\",\"scopes\":[\"read\"],"
            + "\"expiresAt\":\"tomorrow\"}"),
        api().post("/api/v1/tokens", "{\"name\":"));
    assertThat(bad).allSatisfy(r -> {
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
    });
    assertThat(bad.get(0).text("/detail")).contains("superuser").contains("policy-admin");
    assertThat(bad.get(3).text("/detail")).contains("expiresAt").contains("not in the future");
    assertThat(bad.get(4).text("/detail")).contains("tomorrow");
    assertThat(count("api_tokens")).isEqualTo(before);
  }

  @Test
  void changedBootstrapTokenReplacesTheOldOne() {
    String replacement = "sgt_replacement-bootstrap-token-abcdefghijklmnop";
    try {
      tx.executeWithoutResult(s -> tokens.syncBootstrap(replacement));

      assertThat(api().get("/api/v1/images").status()).isEqualTo(401);
      assertThat(api().as(replacement).get("/api/v1/tokens").status()).isEqualTo(200);
    } finally {
      tx.executeWithoutResult(s -> tokens.syncBootstrap(Api.TEST_TOKEN));
    }
    assertThat(api().get("/api/v1/images").status()).isEqualTo(200);
    assertThat(api().as(replacement).get("/api/v1/images").status()).isEqualTo(401);
    assertThat(jdbc.sql("select count(*) from api_tokens where origin = 'BOOTSTRAP'"
        + " and revoked_at is null").query(Long.class).single()).isEqualTo(1);
  }
}
