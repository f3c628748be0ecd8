package dev.scangate.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.PolicyIT;
import dev.scangate.support.TestRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Policies, versions, environments, dry runs and promotion input errors through the API. */
class PolicyApiIT extends PolicyIT {

  private static final String RULES = """
      [{"id": "scanned", "action": "DENY", "expression": "!scan.present"}]""";

  @Test
  void defaultPolicyAndEnvironmentsAreSeeded() {
    Api.Response policies = api().get("/api/v1/policies");
    assertThat(policies.json().toString()).contains("\"name\":\"default\"");
    Api.Response versions = api().get("/api/v1/policies/" + defaultPolicyId() + "/versions");
    assertThat(versions.json().get(0).path("rules").size()).isEqualTo(5);
    assertThat(versions.json().get(0).path("digest").asString()).startsWith("sha256:");

    Api.Response environments = api().get("/api/v1/environments");
    assertThat(environments.json().get(0).path("name").asString()).isEqualTo("dev");
    assertThat(environments.json().get(1).path("name").asString()).isEqualTo("staging");
    assertThat(environments.json().get(2).path("name").asString()).isEqualTo("prod");
    assertThat(environments.json().get(2).path("requiresPrevious").asBoolean()).isTrue();
    assertThat(environments.json().get(2).path("previous").asString()).isEqualTo("staging");
    assertThat(environments.json().get(2).at("/policy/name").asString()).isEqualTo("default");
    assertThat(environments.json().get(0).path("revokeImmediately").asBoolean()).isTrue();

    JsonNode policyCreated = auditEvent("policy.created", defaultPolicyId());
    assertThat(policyCreated.path("actor").asString()).isEqualTo("system");
    assertThat(policyCreated.at("/details/name").asString()).isEqualTo("default");
    JsonNode versionAdded = auditEvent("policy.version-added", defaultPolicyId());
    assertThat(versionAdded.path("actor").asString()).isEqualTo("system");
    assertThat(versionAdded.at("/details/version").asInt()).isEqualTo(1);
    assertThat(versionAdded.at("/details/digest").asString())
        .isEqualTo(versions.json().get(0).path("digest").asString());
    for (String name : List.of("dev", "staging", "prod")) {
      JsonNode seeded = auditEvent("environment.created", name);
      assertThat(seeded.path("actor").asString()).isEqualTo("system");
      assertThat(seeded.at("/details/policy").asString()).isEqualTo("default");
    }
    assertThat(auditEvent("environment.created", "prod").at("/details/gracePeriod").asString())
        .isEqualTo("PT24H");
    assertAuditChainIsValid();
  }

  @Test
  void versionsAreImmutableAndNumbered() {
    Api.Response created = as("petra").post("/api/v1/policies",
        "{\"name\": \"versioned\", \"rules\": " + RULES + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.text("/policyId");
    Api.Response second = as("quentin").post("/api/v1/policies/" + id + "/versions", """
        {"rules": [{"id": "scanned", "action": "WARN", "expression": "!scan.present"}]}""");
    assertThat(second.status()).as(second.body()).isEqualTo(201);
    assertThat(second.json().path("version").asInt()).isEqualTo(2);
    Api.Response versions = api().get("/api/v1/policies/" + id + "/versions");
    assertThat(versions.json().size()).isEqualTo(2);
    assertThat(versions.json().get(0).at("/rules/0/action").asString()).isEqualTo("DENY");
    assertThat(versions.json().get(0).path("digest").asString())
        .isNotEqualTo(versions.json().get(1).path("digest").asString());
    assertThat(api().get("/api/v1/policies/" + id).json().at("/latestVersion/version").asInt())
        .isEqualTo(2);
    assertThat(api().post("/api/v1/policies", "{\"name\": \"versioned\", \"rules\": " + RULES
        + "}").status()).isEqualTo(409);

    List<JsonNode> policyCreated = auditEvents("policy.created", id);
    assertThat(policyCreated).hasSize(1);
    assertThat(policyCreated.get(0).path("actor").asString()).isEqualTo("token:petra");
    assertThat(policyCreated.get(0).at("/details/name").asString()).isEqualTo("versioned");
    List<JsonNode> added = auditEvents("policy.version-added", id);
    assertThat(added).extracting(e -> e.path("actor").asString() + " v"
            + e.at("/details/version").asInt() + " " + e.at("/details/digest").asString())
        .containsExactly(
            "token:quentin v2 " + versions.json().get(1).path("digest").asString(),
            "token:petra v1 " + versions.json().get(0).path("digest").asString());
    assertAuditChainIsValid();
  }

  @Test
  void invalidCelIsRejectedWithLineAndColumn() {
    Api.Response bad = api().post("/api/v1/policies", """
        {"name": "broken", "rules": [{"id": "bad", "action": "DENY",
          "expression": "scan.present &&\\n  (image.user == "}]}""");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.contentType()).contains("application/problem+json");
    assertThat(bad.text("/type")).endsWith("/invalid-policy");
    assertThat(bad.json().at("/problems/0/ruleId").asString()).isEqualTo("bad");
    assertThat(bad.json().at("/problems/0/line").asInt()).isEqualTo(2);
    assertThat(bad.json().at("/problems/0/column").asInt()).isPositive();
    assertThat(count("policies")).isEqualTo(jdbc.sql(
        "select count(*) from policies where name <> 'broken'").query(Long.class).single());
    assertThat(api().get("/api/v1/audit?size=200&action=policy.created").json().path("items")
        .toString()).doesNotContain("\"broken\"");
  }

  @Test
  void unknownVariableIsRejected() {
    Api.Response bad = api().post("/api/v1/policies/" + defaultPolicyId() + "/versions", """
        {"rules": [{"id": "typo", "action": "DENY", "expression": "image.reposiotry == 'x'"}]}""");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text("/detail")).contains("typo").contains("reposiotry");
    Api.Response unknown = api().post("/api/v1/policies/" + defaultPolicyId() + "/versions", """
        {"rules": [{"id": "undeclared", "action": "DENY", "expression": "imagee.user == ''"}]}""");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.text("/detail")).contains("imagee");
    assertThat(api().get("/api/v1/policies/" + defaultPolicyId() + "/versions").json().size())
        .isEqualTo(1);
    assertThat(auditEvents("policy.version-added", defaultPolicyId())).hasSize(1);
  }

  @Test
  void malformedPolicyBodiesAreRejected() {
    assertThat(api().post("/api/v1/policies", "{\"name\": \"Bad Name\", \"rules\": []}")
        .status()).isEqualTo(400);
    Api.Response unknownKey = api().post("/api/v1/policies", """
        {"name": "k", "rules": [{"id": "r", "action": "DENY", "findingSelectr": "true"}]}""");
    assertThat(unknownKey.status()).isEqualTo(400);
    assertThat(unknownKey.text("/detail")).contains("findingSelectr");
    assertThat(api().post("/api/v1/policies/" + java.util.UUID.randomUUID() + "/versions",
        "{\"rules\": " + RULES + "}").status()).isEqualTo(404);
  }

  @Test
  void environmentBindingCanBeUpdatedAndBadValuesAreRejected() {
    String id = api().post("/api/v1/policies", "{\"name\": \"qa-policy\", \"rules\": " + RULES
        + "}").text("/policyId");
    Api.Response created = as("ruth").post("/api/v1/environments",
        "{\"name\": \"qa\", \"position\": 500, \"policyId\": \"" + id + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.text("/gracePeriod")).isEqualTo("PT24H");
    Api.Response updated = as("sam").put("/api/v1/environments/qa",
        "{\"policyId\": \"" + defaultPolicyId() + "\", \"gracePeriod\": \"PT0S\","
            + " \"requiresPrevious\": true}");
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.text("/policy/name")).isEqualTo("default");
    assertThat(updated.json().path("revokeImmediately").asBoolean()).isTrue();
    assertThat(api().put("/api/v1/environments/qa", "{\"gracePeriod\": \"3 days\"}").status())
        .isEqualTo(400);
    assertThat(api().put("/api/v1/environments/nope", "{}").status()).isEqualTo(400);

    JsonNode environmentCreated = auditEvent("environment.created", "qa");
    assertThat(environmentCreated.path("actor").asString()).isEqualTo("token:ruth");
    assertThat(environmentCreated.at("/details/policy").asString()).isEqualTo("qa-policy");
    assertThat(environmentCreated.at("/details/position").asInt()).isEqualTo(500);
    assertThat(environmentCreated.at("/details/gracePeriod").asString()).isEqualTo("PT24H");
    List<JsonNode> environmentUpdated = auditEvents("environment.updated", "qa");
    assertThat(environmentUpdated).as("the refused update records nothing").hasSize(1);
    assertThat(environmentUpdated.get(0).path("actor").asString()).isEqualTo("token:sam");
    assertThat(environmentUpdated.get(0).at("/details/policy").asString()).isEqualTo("default");
    assertThat(environmentUpdated.get(0).at("/details/gracePeriod").asString())
        .isEqualTo("PT0S");
    assertThat(environmentUpdated.get(0).at("/details/changed").toString())
        .contains("policy", "requiresPrevious", "gracePeriod");
    assertAuditChainIsValid();
  }

  @Test
  void dryRunEvaluatesWithoutRecording() {
    String digest = scanned("scangate-test/artifacts:1");
    long before = count("evaluations");
    Api.Response run = api().post("/api/v1/policies/" + defaultPolicyId() + "/evaluate",
        "{\"image\": \"" + TestRegistry.open() + "/scangate-test/artifacts@" + digest
            + "\", \"environment\": \"prod\"}");
    assertThat(run.status()).as(run.body()).isEqualTo(200);
    assertThat(run.text("/decision")).isEqualTo("DENIED");
    assertThat(run.text("/id")).isNull();
    assertThat(run.text("/rules/0/id")).isEqualTo("no-fixable-critical-or-high");
    assertThat(run.text("/rules/0/outcome")).isEqualTo("FAIL");
    assertThat(run.text("/rules/0/message")).contains("CVE-2023-32360");
    assertThat(run.text("/scanId")).isNotNull();
    assertThat(count("evaluations")).isEqualTo(before);
    assertThat(api().post("/api/v1/policies/" + defaultPolicyId() + "/evaluate",
        "{\"image\": \"" + TestRegistry.open() + "/scangate-test/artifacts@" + digest
            + "\", \"environment\": \"qa-unknown\"}").status()).isEqualTo(400);
  }

  @Test
  void promotionInputErrorsAreProblems() {
    String digestRef = TestRegistry.open() + "/scangate-test/artifacts@sha256:" + "a".repeat(64);
    Api.Response unknownEnv = api().post("/api/v1/promotions",
        "{\"image\": \"" + digestRef + "\", \"environment\": \"production\"}");
    assertThat(unknownEnv.status()).isEqualTo(400);
    assertThat(unknownEnv.text("/type")).endsWith("/unknown-environment");
    assertThat(unknownEnv.text("/detail")).contains("production").contains("dev, staging, prod");
    Api.Response skip = api().post("/api/v1/promotions",
        "{\"image\": \"" + digestRef + "\", \"environment\": \"prod\"}");
    assertThat(skip.status()).isEqualTo(409);
    assertThat(skip.text("/detail")).contains("staging");
    JsonNode skipped = auditEvent("promotion.denied", "sha256:" + "a".repeat(64));
    assertThat(skipped.at("/details/environment").asString()).isEqualTo("prod");
    assertThat(skipped.at("/details/requiredEnvironment").asString()).isEqualTo("staging");
    Api.Response noImage = api().post("/api/v1/promotions", "{\"environment\": \"dev\"}");
    assertThat(noImage.status()).isEqualTo(400);
    Api.Response badRef = api().post("/api/v1/promotions",
        "{\"image\": \"UPPER/Case:1\", \"environment\": \"dev\"}");
    assertThat(badRef.status()).isEqualTo(400);
    Api.Response missingTag = api().post("/api/v1/promotions", "{\"image\": \""
        + TestRegistry.open() + "/scangate-test/artifacts:no-such-tag\", \"environment\": \"dev\"}");
    assertThat(missingTag.status()).isEqualTo(422);
    assertThat(jdbc.sql("select count(*) from promotions where image_digest = :d")
        .param("d", "sha256:" + "a".repeat(64)).query(Long.class).single()).isZero();
  }

  @Test
  void promotionOfAnUnscannedTagIsDeniedAndRecordsTagAndDigest() {
    String tag = TestRegistry.open() + "/scangate-test/files:1";
    Api.Response denied = as("tom").post("/api/v1/promotions",
        "{\"image\": \"" + tag + "\", \"environment\": \"dev\"}");
    assertThat(denied.status()).as(denied.body()).isEqualTo(422);
    assertThat(denied.text("/evaluation/image/reference")).isEqualTo(tag);
    assertThat(denied.text("/evaluation/image/digest")).startsWith("sha256:");
    assertThat(denied.body()).contains("was never scanned");
    String id = denied.text("/evaluation/id");
    assertThat(jdbc.sql("select image_digest from evaluations where id = :id::uuid")
        .param("id", id).query(String.class).single())
        .isEqualTo(denied.text("/evaluation/image/digest"));
    assertThat(jdbc.sql("select count(*) from evaluation_rules where evaluation_id = :id::uuid"
        + " and outcome = 'FAIL' and rule_id = 'scanned'").param("id", id).query(Long.class)
        .single()).isEqualTo(1);

    // who tried is kept, although nothing was promoted
    JsonNode attempt = auditEvent("promotion.denied", denied.text("/evaluation/image/digest"));
    assertThat(attempt.path("actor").asString()).isEqualTo("token:tom");
    assertThat(attempt.at("/details/environment").asString()).isEqualTo("dev");
    assertThat(attempt.at("/details/evaluation").asString()).isEqualTo(id);
    assertThat(attempt.at("/details/reference").asString()).isEqualTo(tag);
    assertThat(attempt.at("/details/reason").asString()).contains("scanned");
    assertAuditChainIsValid();
  }
}
