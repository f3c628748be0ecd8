package dev.scangate.vex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.PolicyIT;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** VEX import of real OpenVEX and CycloneDX documents, and export of an image's waivers. */
class VexIT extends PolicyIT {

  private Api.Response importVex(String resource, String query) throws IOException {
    byte[] body;
    try (InputStream in = getClass().getResourceAsStream("/policy/" + resource)) {
      body = in.readAllBytes();
    }
    return api().post("/api/v1/vex?owner=security-team" + query,
        HttpRequest.BodyPublishers.ofByteArray(body), "application/json");
  }

  @Test
  void importsOpenVexNotAffectedStatementsWithTheirJustification() throws IOException {
    Api.Response r = importVex("openvex/trivy-testdata-openvex-oci.json", "");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.text("/format")).isEqualTo("openvex");
    JsonNode w = r.json().at("/waivers/0");
    assertThat(w.path("vulnerability").asString()).isEqualTo("CVE-2022-3715");
    assertThat(w.path("package").asString()).isEqualTo("pkg:deb/debian/bash");
    assertThat(w.path("justification").asString()).isEqualTo("vulnerable_code_not_in_execute_path");
    assertThat(w.path("source").asString()).isEqualTo("OPENVEX");
    assertThat(w.path("owner").asString()).isEqualTo("security-team");
    assertThat(w.path("expiresAt").asString()).isNotBlank();
    JsonNode created = auditEvent("waiver.created", w.path("id").asString());
    assertThat(created.path("actor").asString()).isEqualTo("token:bootstrap");
    assertThat(created.at("/details/source").asString()).isEqualTo("openvex");
    assertThat(created.at("/details/sourceDocument").isMissingNode())
        .as("the document has no @id").isTrue();
    assertThat(created.at("/details/vulnerability").asString()).isEqualTo("CVE-2022-3715");

    Api.Response demo = importVex("openvex/go-vex-v0.2.0.json", "&environment=staging");
    assertThat(demo.status()).as(demo.body()).isEqualTo(201);
    // 2 not_affected statements over 2 subcomponents each; the 3 fixed ones are skipped
    assertThat(demo.json().path("waivers").size()).isEqualTo(4);
    assertThat(demo.json().path("statementsSkipped").asInt()).isEqualTo(3);
    assertThat(demo.json().at("/waivers/0/environment").asString()).isEqualTo("staging");
    JsonNode demoCreated = auditEvent("waiver.created", demo.text("/waivers/3/id"));
    assertThat(demoCreated.at("/details/source").asString()).isEqualTo("openvex");
    assertThat(demoCreated.at("/details/sourceDocument").asString()).isEqualTo(
        "https://openvex.dev/docs/public/vex-"
            + "d4e9020b6d0d26f131d535e055902dd6ccf3e2088bce3079a8cd3588a4b14c78");
    assertThat(demoCreated.at("/details/environment").asString()).isEqualTo("staging");
  }

  @Test
  void importsCycloneDxVexResolvingBomLinks() throws IOException {
    Api.Response r = importVex("cyclonedx/bom-examples-vex.json", "");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode w = r.json().at("/waivers/0");
    assertThat(w.path("vulnerability").asString()).isEqualTo("CVE-2020-25649");
    assertThat(w.path("package").asString())
        .isEqualTo("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0");
    assertThat(w.path("justification").asString()).isEqualTo("code_not_reachable");
    assertThat(w.path("reason").asString()).contains("not reachable");
    assertThat(auditEvent("waiver.created", w.path("id").asString()).at("/details/source")
        .asString()).isEqualTo("cyclonedx");
    Api.Response cisa = importVex("cyclonedx/bom-examples-cisa-case-2-vex.json", "");
    assertThat(cisa.status()).as(cisa.body()).isEqualTo(201);
    assertThat(cisa.json().path("waivers").size()).isEqualTo(19);
    Api.Response trivy = importVex("cyclonedx/trivy-testdata-cyclonedx-vex.json", "");
    assertThat(trivy.status()).as(trivy.body()).isEqualTo(201);
    assertThat(trivy.json().path("waivers").toString()).contains("CVE-2021-44228");
  }

  @Test
  void malformedOrUnusableVexIsRejectedWithoutPartialWrites() throws IOException {
    long before = count("waivers");
    long eventsBefore = waiverCreatedEvents();
    Api.Response notJson = api().post("/api/v1/vex?owner=x", "{\"statements\": [");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.text("/type")).endsWith("/invalid-vex");
    Api.Response other = api().post("/api/v1/vex?owner=x", "{\"hello\": \"world\"}");
    assertThat(other.status()).isEqualTo(400);
    assertThat(other.text("/detail")).contains("neither OpenVEX");
    Api.Response noVuln = api().post("/api/v1/vex?owner=x", """
        {"@context": "https://openvex.dev/ns/v0.2.0", "statements": [
          {"vulnerability": {"name": "CVE-2023-1"}, "products": [{"@id": "pkg:apk/a/b"}],
           "status": "not_affected"},
          {"products": [{"@id": "pkg:apk/a/b"}], "status": "not_affected"}]}""");
    assertThat(noVuln.status()).isEqualTo(400);
    assertThat(noVuln.text("/detail")).contains("statements[1].vulnerability");
    Api.Response onlyFixed = importVex("openvex/go-vex-v0.0.1-legacy.json", "");
    assertThat(onlyFixed.status()).isEqualTo(400);
    assertThat(onlyFixed.text("/detail")).contains("no not_affected");
    Api.Response noOwner = api().post("/api/v1/vex", """
        {"@context": "https://openvex.dev/ns/v0.2.0", "statements": [
          {"vulnerability": {"name": "CVE-2023-1"}, "products": [{"@id": "pkg:apk/a/b"}],
           "status": "not_affected"}]}""");
    assertThat(noOwner.status()).isEqualTo(400);
    assertThat(noOwner.text("/field")).isEqualTo("owner");
    assertThat(count("waivers")).isEqualTo(before);
    assertThat(waiverCreatedEvents()).isEqualTo(eventsBefore);
    assertAuditChainIsValid();
  }

  private long waiverCreatedEvents() {
    return api().get("/api/v1/audit?action=waiver.created&size=1").json().path("total")
        .asLong();
  }

  @Test
  void exportsTheWaiversApplyingToAnImage() {
    String digest = scanned("scangate-test/artifacts:1");
    Api.Response created = api().post("/api/v1/waivers", """
        {"vulnerability": "CVE-2023-44981", "package": "pkg:rpm/rhel/cups-libs",
         "reason": "cups is not used", "owner": "alice", "justification": "code_not_reachable",
         "expiresAt": "%s"}""".formatted(clock.instant().plus(5, ChronoUnit.DAYS)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    api().post("/api/v1/waivers", """
        {"vulnerability": "CVE-1999-0001", "reason": "not in this image", "owner": "alice",
         "expiresAt": "%s"}""".formatted(clock.instant().plus(5, ChronoUnit.DAYS)));

    Api.Response openvex = api().get("/api/v1/images/" + digest + "/vex?format=openvex");
    assertThat(openvex.status()).as(openvex.body()).isEqualTo(200);
    String waiverId = created.text("/id");
    JsonNode statement = null;
    for (JsonNode st : openvex.json().path("statements")) {
      if (st.path("impact_statement").asString().contains(waiverId)) {
        statement = st;
      }
    }
    assertThat(statement).as(openvex.body()).isNotNull();
    assertThat(openvex.body()).doesNotContain("CVE-1999-0001");
    assertThat(statement.at("/vulnerability/name").asString()).isEqualTo("CVE-2023-32360");
    assertThat(statement.at("/vulnerability/aliases/0").asString()).isEqualTo("CVE-2023-44981");
    assertThat(statement.at("/status").asString()).isEqualTo("not_affected");
    assertThat(statement.at("/justification").asString())
        .isEqualTo("vulnerable_code_not_in_execute_path");
    assertThat(statement.at("/products/0/@id").asString()).startsWith("pkg:oci/artifacts@sha256%3A");
    assertThat(statement.at("/products/0/subcomponents/0/@id").asString())
        .startsWith("pkg:rpm/rhel/cups-libs@");

    Api.Response cdx = api().get("/api/v1/images/" + digest + "/vex?format=cyclonedx");
    assertThat(cdx.status()).isEqualTo(200);
    assertThat(cdx.json().path("bomFormat").asString()).isEqualTo("CycloneDX");
    JsonNode vulnerability = null;
    for (JsonNode v : cdx.json().path("vulnerabilities")) {
      if (v.at("/analysis/detail").asString().contains(waiverId)) {
        vulnerability = v;
      }
    }
    assertThat(vulnerability).as(cdx.body()).isNotNull();
    assertThat(vulnerability.at("/analysis/state").asString()).isEqualTo("not_affected");
    assertThat(vulnerability.at("/analysis/justification").asString())
        .isEqualTo("code_not_reachable");
    assertThat(cdx.json().path("components").toString())
        .contains(vulnerability.at("/affects/0/ref").asString());

    // exported OpenVEX imports back
    Api.Response back = api().post("/api/v1/vex?owner=alice", openvex.body());
    assertThat(back.status()).as(back.body()).isEqualTo(201);
    assertThat(back.json().at("/waivers/0/vulnerability").asString()).isEqualTo("CVE-2023-32360");
    assertThat(api().get("/api/v1/images/" + digest + "/vex?format=spdx").status())
        .isEqualTo(400);
  }
}
