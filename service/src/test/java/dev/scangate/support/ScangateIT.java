package dev.scangate.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the service's integration tests: the whole application on a random port, its own fresh
 * database, and the real test registries configured as allowed and plain HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ScangateIT {

  /** A registry address where nothing listens: "registry is down". */
  public static final String DOWN_REGISTRY = "127.0.0.1:5999";

  @LocalServerPort
  protected int port;

  @Autowired
  protected JdbcClient jdbc;

  @DynamicPropertySource
  static void scangateProperties(DynamicPropertyRegistry registry) {
    configure(registry, TestDatabase.create());
  }

  /**
   * The test configuration with the given database; for a test class that cannot extend this
   * one because it reaches the database another way (e.g. through a relay it cuts).
   */
  public static void configure(DynamicPropertyRegistry registry, TestDatabase.Database db) {
    registry.add("scangate.database.url", db::url);
    registry.add("scangate.database.username", db::username);
    registry.add("scangate.database.password", db::password);
    registry.add("scangate.database.pool-size", () -> "8");
    String registries = String.join(",", TestRegistry.open(), TestRegistry.auth(), DOWN_REGISTRY);
    registry.add("scangate.registries.allowed", () -> registries + ",docker.io");
    registry.add("scangate.registries.insecure", () -> registries);
    registry.add("scangate.registries.max-attempts", () -> "2");
    registry.add("scangate.worker.retry-backoff", () -> "200ms");
    registry.add("scangate.worker.max-attempts", () -> "2");
    registry.add("scangate.worker.poll-interval", () -> "100ms");
    // no scheduled download of the public OSV database in tests
    registry.add("scangate.vulndb.schedule.enabled", () -> "false");
    registry.add("scangate.bootstrap-token", () -> Api.TEST_TOKEN);
    // Keys generated at startup are encrypted with a password kept here, not in the home
    // directory of whoever runs the tests.
    registry.add("scangate.signing.generated-password-file", () -> Path.of(
        System.getProperty("java.io.tmpdir"), "scangate-test-signing", "signing-key.password")
        .toString());
  }

  protected Api api() {
    return new Api("http://127.0.0.1:" + port);
  }

  /**
   * The audit event of an action about a target, newest first (from {@code GET /api/v1/audit},
   * as an auditor would read it); fails when there is none.
   */
  protected JsonNode auditEvent(String action, String targetId) {
    List<JsonNode> events = auditEvents(action, targetId);
    assertThat(events)
        .as("audit events %s of %s", action, targetId).isNotEmpty();
    return events.get(0);
  }

  /** The audit events of an action about a target, newest first. */
  protected List<JsonNode> auditEvents(String action,
      String targetId) {
    Api.Response listed = api().get("/api/v1/audit?size=200&action=" + action);
    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode event : listed.json().path("items")) {
      if (targetId.equals(event.path("targetId").asString())) {
        events.add(event);
      }
    }
    return events;
  }

  /** {@code POST /api/v1/audit/verify} finds the chain intact. */
  protected void assertAuditChainIsValid() {
    Api.Response verified = api().post("/api/v1/audit/verify", "");
    assertThat(verified.json().path("valid").asBoolean())
        .as(verified.body()).isTrue();
  }

  /**
   * {@code POST /api/v1/policies/{id}/evaluate} of a new policy with these rules (a JSON array)
   * for an image reference, in the first environment: the dry-run evaluation, asserted 200.
   */
  protected Api.Response dryRun(String rules, String image) {
    Api.Response created = api().post("/api/v1/policies", "{\"name\": \"dry-run-"
        + UUID.randomUUID().toString().substring(0, 8) + "\", \"rules\": " + rules + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Api.Response run = api().post("/api/v1/policies/" + created.text("/policyId") + "/evaluate",
        "{\"image\": \"" + image + "\"}");
    assertThat(run.status()).as(run.body()).isEqualTo(200);
    return run;
  }

  /** The outcome of one rule in an evaluation, and its message. */
  protected static JsonNode rule(Api.Response evaluation, String id) {
    for (JsonNode rule : evaluation.json().path("rules")) {
      if (id.equals(rule.path("id").asString())) {
        return rule;
      }
    }
    throw new AssertionError("no rule " + id + " in " + evaluation.body());
  }

  protected long count(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }
}
