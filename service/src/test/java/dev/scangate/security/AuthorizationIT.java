package dev.scangate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.platform.Authority;
import dev.scangate.support.Api;
import dev.scangate.support.BrowserSession;
import dev.scangate.support.ScangateIT;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each scope and each role can call what it should and nothing more, over representative
 * endpoints of every authority. Permitted requests are made so that they change nothing (bad
 * input or unknown ids), so the table can run in any order: a permitted call answers its usual
 * 4xx/2xx, a refused one 403, an anonymous one 401.
 */
class AuthorizationIT extends ScangateIT {

  /** One request and the authority it needs. */
  record Call(String method, String path, String body, Authority needs) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static final List<Call> CALLS = List.of(
      new Call("GET", "/api/v1/images", null, Authority.READ),
      new Call("GET", "/api/v1/keys", null, Authority.READ),
      new Call("GET", "/api/v1/scans/00000000-0000-0000-0000-000000000000", null,
          Authority.READ),
      new Call("POST", "/api/v1/verify", "{}", Authority.READ),
      new Call("GET", "/actuator/prometheus", null, Authority.READ),
      new Call("POST", "/api/v1/scans", "{\"image\":\"Not A Reference!\"}", Authority.SCAN),
      new Call("POST", "/api/v1/scans/00000000-0000-0000-0000-000000000000/cancel", "{}",
          Authority.SCAN),
      new Call("POST", "/api/v1/sboms?image=not-pinned", "{}", Authority.SCAN),
      new Call("GET", "/api/v1/vulndb", null, Authority.READ),
      new Call("GET", "/api/v1/policies", null, Authority.READ),
      new Call("GET", "/api/v1/waivers", null, Authority.READ),
      new Call("GET", "/api/v1/promotions", null, Authority.READ),
      new Call("GET", "/api/v1/admission/decisions", null, Authority.READ),
      new Call("POST", "/api/v1/policies/00000000-0000-0000-0000-000000000000/evaluate", "{}",
          Authority.READ),
      new Call("POST", "/api/v1/vulndb/imports", "{\"url\":\"ftp://not-allowed\"}",
          Authority.SCAN),
      new Call("POST", "/api/v1/promotions", "{}", Authority.PROMOTE),
      new Call("POST", "/api/v1/policies", "{}", Authority.POLICY_ADMIN),
      new Call("POST", "/api/v1/waivers", "{}", Authority.POLICY_ADMIN),
      new Call("POST", "/api/v1/environments", "{}", Authority.POLICY_ADMIN),
      new Call("POST", "/api/v1/vex", "{}", Authority.POLICY_ADMIN),
      new Call("POST", "/api/v1/keys/unknown/activate", "{}", Authority.ADMIN),
      new Call("GET", "/api/v1/tokens", null, Authority.ADMIN),
      new Call("POST", "/api/v1/tokens", "{\"name\":\"x\",\"scopes\":[\"nope\"]}",
          Authority.ADMIN),
      new Call("DELETE", "/api/v1/tokens/00000000-0000-0000-0000-000000000000", null,
          Authority.ADMIN),
      new Call("GET", "/api/v1/users", null, Authority.ADMIN),
      new Call("POST", "/api/v1/users", "{\"username\":\"x\",\"password\":\"short\","
          + "\"role\":\"viewer\"}", Authority.ADMIN),
      new Call("GET", "/api/v1/audit", null, Authority.ADMIN),
      new Call("POST", "/api/v1/audit/verify", null, Authority.ADMIN));

  private final Map<Authority, String> tokens = new EnumMap<>(Authority.class);

  @BeforeEach
  void tokens() {
    for (Authority scope : Authority.values()) {
      Api.Response created = api().post("/api/v1/tokens", "{\"name\":\"only-" + scope.value()
          + "\",\"scopes\":[\"" + scope.value() + "\"]}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      tokens.put(scope, created.text("/secret"));
    }
  }

  @Test
  void eachScopeCanCallExactlyTheEndpointsOfItsAuthority() {
    List<String> wrong = new ArrayList<>();
    for (Authority scope : Authority.values()) {
      Api api = api().as(tokens.get(scope));
      Set<Authority> has = scope == Authority.ADMIN ? EnumSet.allOf(Authority.class)
          : EnumSet.of(scope);
      check("scope " + scope.value(), has, call -> api.send(call.method(), call.path(),
          body(call), headers(call)), wrong);
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void eachRoleCanCallExactlyTheEndpointsOfItsAuthorities() {
    List<String> wrong = new ArrayList<>();
    for (Role role : Role.values()) {
      String username = "role-" + role.value() + "-" + System.nanoTime();
      Api.Response created = api().post("/api/v1/users", "{\"username\":\"" + username
          + "\",\"password\":\"correct horse battery\",\"role\":\"" + role.value() + "\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      BrowserSession session = new BrowserSession(api().base());
      assertThat(session.login(username, "correct horse battery").status()).isEqualTo(200);
      check("role " + role.value(), role.authorities(), call -> switch (call.method()) {
        case "GET" -> session.get(call.path());
        case "DELETE" -> session.delete(call.path());
        default -> session.post(call.path(), call.body() == null ? "{}" : call.body());
      }, wrong);
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void anonymousCallsGetProblem401() {
    Api anonymous = api().anonymous();
    for (Call call : CALLS) {
      Api.Response response = anonymous.send(call.method(), call.path(), body(call),
          headers(call));
      assertThat(response.status()).as(call.toString()).isEqualTo(401);
      assertThat(response.contentType()).as(call.toString())
          .startsWith("application/problem+json");
    }
  }

  @Test
  void refusalsSayWhichAuthorityIsMissing() {
    Api.Response refused = api().as(tokens.get(Authority.READ)).scan("alpine");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.text("/type")).isEqualTo("https://scangate.dev/problems/forbidden");
    assertThat(refused.text("/detail")).contains("token:only-read").contains("'scan'");
    assertThat(refused.text("/requiredAuthority")).isEqualTo("scan");
  }

  @Test
  void publicEndpointsNeedNoToken() {
    Api anonymous = api().anonymous();
    assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
    Api.Response docs = anonymous.get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.json().at("/components/securitySchemes/apiToken/scheme").asString())
        .isEqualTo("bearer");
    assertThat(anonymous.get("/swagger-ui.html").status()).isIn(200, 302);
    // Webhooks authenticate with their own secrets: an unknown source is their 401, not ours.
    Api.Response webhook = anonymous.post("/api/v1/webhooks/unknown", "{}");
    assertThat(webhook.status()).isEqualTo(401);
    assertThat(webhook.text("/type"))
        .isEqualTo("https://scangate.dev/problems/webhook-unauthorized");
  }

  private void check(String who, Set<Authority> has, Function<Call, Api.Response> send,
      List<String> wrong) {
    for (Call call : CALLS) {
      Api.Response response = send.apply(call);
      boolean allowed = has.contains(call.needs()) || has.contains(Authority.ADMIN);
      boolean refused = response.status() == 403
          && response.contentType().startsWith("application/problem+json")
          && "https://scangate.dev/problems/forbidden".equals(response.text("/type"));
      if (allowed == refused || response.status() == 401) {
        wrong.add(who + " " + call + " -> " + response.status() + " " + response.body()
            + " (expected " + (allowed ? "permitted" : "403") + ")");
      }
    }
  }

  private static java.net.http.HttpRequest.BodyPublisher body(Call call) {
    return call.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
        : java.net.http.HttpRequest.BodyPublishers.ofString(call.body());
  }

  private static String[] headers(Call call) {
    return call.body() == null ? new String[0]
        : new String[] {"Content-Type", "application/json"};
  }
}
