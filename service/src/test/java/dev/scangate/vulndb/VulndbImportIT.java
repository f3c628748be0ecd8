package dev.scangate.vulndb;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Importing real OSV records: uploads, URLs, bad input, incremental updates. */
class VulndbImportIT extends ScangateIT {

  private static HttpServer server;

  /** Our own OSV zip served over HTTP, standing in for a mirror. */
  @BeforeAll
  static void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] zip = OsvFixtures.zipOf(List.of("GHSA-jfh8-c2jp-5v3q", "GHSA-35jh-r3h4-6jhm"));
    server.createContext("/osv/npm/all.zip", exchange -> {
      exchange.sendResponseHeaders(200, zip.length);
      exchange.getResponseBody().write(zip);
      exchange.close();
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @DynamicPropertySource
  static void mirror(DynamicPropertyRegistry registry) {
    registry.add("scangate.vulndb.allowed-urls", () -> "http://127.0.0.1:"
        + server.getAddress().getPort() + "/osv/");
  }

  @Test
  void importsTheRealRecordsOfAZipAndReportsTheUnsupportedEcosystemsItSkipped() {
    Api.Response done = OsvFixtures.imported(api(), "all.zip",
        OsvFixtures.zipOf(OsvFixtures.RECORDS));

    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    assertThat(done.json().get("complete").asBoolean()).isTrue();
    JsonNode counts = done.json().get("counts");
    assertThat(counts.get("entries").asInt()).isEqualTo(17);
    // crates.io and Packagist records have no package scangate matches: skipped, said why
    assertThat(counts.get("skipped").asInt()).isEqualTo(2);
    assertThat(counts.get("added").asInt() + counts.get("unchanged").asInt()).isEqualTo(15);
    assertThat(done.json().get("issues")).anySatisfy(issue -> {
      assertThat(issue.get("entry").asString()).isEqualTo("GHSA-mp6f-p9gp-vpj9.json");
      assertThat(issue.get("kind").asString()).isEqualTo("UNSUPPORTED_ECOSYSTEM");
      assertThat(issue.get("reason").asString()).contains("crates.io");
    });
    assertThat(count("advisories where id = 'GHSA-jfh8-c2jp-5v3q'"
        + " and 'CVE-2021-44228' = any(aliases)")).isOne();

    Api.Response again = OsvFixtures.imported(api(), "all.zip",
        OsvFixtures.zipOf(OsvFixtures.RECORDS));
    assertThat(again.json().get("counts").get("unchanged").asInt()).as(again.body())
        .isEqualTo(15);
    assertThat(again.json().get("counts").get("added").asInt()).isZero();

    Api.Response overview = api().get("/api/v1/vulndb");
    assertThat(overview.status()).isEqualTo(200);
    assertThat(overview.json().get("advisories").asLong()).isGreaterThanOrEqualTo(15);
    assertThat(overview.json().get("ecosystems")).anySatisfy(e -> {
      assertThat(e.get("ecosystem").asString()).isEqualTo("Maven");
      assertThat(e.get("advisories").asLong()).isGreaterThanOrEqualTo(5);
    });
    assertThat(overview.json().get("sources")).anySatisfy(s ->
        assertThat(s.get("name").asString()).isEqualTo("osv:npm"));
    assertThat(overview.json().get("lastImport").get("id").asString())
        .isEqualTo(again.text("/id"));
  }

  @Test
  void aNewerVersionOfARecordReplacesTheStoredOneAndAnOlderOneIsIgnored() {
    String current = new String(OsvFixtures.record("GHSA-75v8-2h7p-7m2m"),
        StandardCharsets.UTF_8);
    OsvFixtures.imported(api(), "GHSA-75v8-2h7p-7m2m.json", current.getBytes(
        StandardCharsets.UTF_8));
    String modified = jdbc.sql("select modified::text from advisories where id ="
        + " 'GHSA-75v8-2h7p-7m2m'").query(String.class).single();
    // the same record, later modified with a new summary (how OSV publishes a change)
    String newer = current.replaceFirst("\"modified\": \"[^\"]+\"",
        "\"modified\": \"2099-01-01T00:00:00Z\"").replaceFirst("\"summary\": \"[^\"]*\"",
        "\"summary\": \"changed upstream\"");

    Api.Response update = OsvFixtures.imported(api(), "newer.json",
        newer.getBytes(StandardCharsets.UTF_8));
    assertThat(update.json().get("counts").get("updated").asInt()).as(update.body()).isOne();
    assertThat(jdbc.sql("select summary from advisories where id = 'GHSA-75v8-2h7p-7m2m'")
        .query(String.class).single()).isEqualTo("changed upstream");

    Api.Response older = OsvFixtures.imported(api(), "older.json",
        current.getBytes(StandardCharsets.UTF_8));
    assertThat(older.json().get("counts").get("unchanged").asInt()).isOne();
    assertThat(jdbc.sql("select summary from advisories where id = 'GHSA-75v8-2h7p-7m2m'")
        .query(String.class).single()).isEqualTo("changed upstream");
    assertThat(modified).isNotBlank();
  }

  @Test
  void badEntriesAreSkippedWithTheirReasonAndTheValidRecordsAreKept() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("GHSA-f5pg-7wfw-84q9.json", OsvFixtures.record("GHSA-f5pg-7wfw-84q9"));
    entries.put("broken.json", "{\"id\": \"BROKEN-1\", \"modified\": ".getBytes(
        StandardCharsets.UTF_8));
    entries.put("no-modified.json", "{\"id\": \"NOMOD-1\", \"affected\": []}".getBytes(
        StandardCharsets.UTF_8));
    entries.put("GHSA-wjx8-cgrm-hh8p.json", OsvFixtures.record("GHSA-wjx8-cgrm-hh8p"));
    entries.put("GO-2022-0969.json", OsvFixtures.record("GO-2022-0969"));

    Api.Response done = OsvFixtures.imported(api(), "mixed.zip", OsvFixtures.zip(entries));
    JsonNode requested = auditEvent("vulndb.import-requested", done.text("/id"));
    assertThat(requested.path("actor").asString()).isEqualTo("token:bootstrap");
    assertThat(requested.at("/details/kind").asString()).isEqualTo("upload");
    assertThat(requested.at("/details/location").asString()).isEqualTo("mixed.zip");

    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    assertThat(done.json().get("counts").get("skipped").asInt()).isEqualTo(3);
    assertThat(done.json().get("issues")).extracting(i -> i.get("entry").asString() + " "
        + i.get("kind").asString()).contains("broken.json INVALID_JSON",
        "no-modified.json INVALID_RECORD", "GHSA-wjx8-cgrm-hh8p.json UNSUPPORTED_ECOSYSTEM");
    assertThat(count("advisories where id in ('GHSA-f5pg-7wfw-84q9', 'GO-2022-0969')"))
        .isEqualTo(2);
    assertThat(count("advisories where id in ('BROKEN-1', 'NOMOD-1', 'GHSA-wjx8-cgrm-hh8p')"))
        .isZero();
  }

  @Test
  void aTruncatedZipKeepsTheWholeRecordsBeforeTheDamageAndSaysItIsIncomplete() {
    byte[] zip = OsvFixtures.zipOf(List.of("GHSA-77rv-6vfw-x4gc", "GHSA-838r-hvwh-24h8",
        "GHSA-xx65-cc7g-9pfp"));
    byte[] truncated = Arrays.copyOf(zip, zip.length * 2 / 3);

    Api.Response done = OsvFixtures.imported(api(), "truncated.zip", truncated);

    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    assertThat(done.json().get("complete").asBoolean()).isFalse();
    assertThat(done.json().get("issues")).anySatisfy(i ->
        assertThat(i.get("kind").asString()).isEqualTo("SOURCE_ERROR"));
    assertThat(count("advisories where id = 'GHSA-77rv-6vfw-x4gc'")).isOne();
    // nothing half-written: every stored record is whole JSON of its own id (the cast fails
    // on a cut document)
    assertThat(jdbc.sql("select count(*) from advisories where (record::jsonb ->> 'id') <> id")
        .query(Long.class).single()).isZero();
  }

  @Test
  void anUploadThatIsNeitherZipNorJsonIsRefusedAndNothingIsQueued() {
    long before = count("vulndb_imports");
    long requestedBefore = importsRequested();

    Api.Response refused = OsvFixtures.upload(api(), "notes.txt",
        "this is not an OSV database".getBytes(StandardCharsets.UTF_8));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.text("/detail")).contains("notes.txt").contains("neither a zip");
    assertThat(count("vulndb_imports")).isEqualTo(before);
    assertThat(importsRequested()).isEqualTo(requestedBefore);
  }

  @Test
  void importsAZipFromAnAllowedUrlAndRefusesOthers() {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/osv/npm/all.zip";
    Api.Response token = api().post("/api/v1/tokens",
        "{\"name\":\"osv-mirror\",\"scopes\":[\"scan\",\"read\"]}");
    assertThat(token.status()).as(token.body()).isEqualTo(201);
    Api mirror = api().as(token.text("/secret"));
    long requestedBefore = importsRequested();
    Api.Response accepted = mirror.post("/api/v1/vulndb/imports", "{\"url\": \"" + url + "\"}");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    JsonNode requested = auditEvent("vulndb.import-requested", accepted.text("/id"));
    assertThat(requested.path("actor").asString()).isEqualTo("token:osv-mirror");
    assertThat(requested.at("/details/kind").asString()).isEqualTo("url");
    assertThat(requested.at("/details/location").asString()).isEqualTo(url);
    Api.Response done = OsvFixtures.awaitImport(api(), accepted.text("/id"));
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    assertThat(done.json().get("counts").get("entries").asInt()).isEqualTo(2);
    assertThat(count("advisories where id = 'GHSA-35jh-r3h4-6jhm'")).isOne();

    Api.Response refused = api().post("/api/v1/vulndb/imports",
        "{\"url\": \"http://127.0.0.1:9/elsewhere/all.zip\"}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("/detail")).contains("not under an allowed location");
    Api.Response notUrl = api().post("/api/v1/vulndb/imports", "{\"url\": \"file:///etc/passwd\"}");
    assertThat(notUrl.status()).isEqualTo(400);
    assertThat(importsRequested()).as("refused imports record nothing")
        .isEqualTo(requestedBefore + 1);
    assertAuditChainIsValid();
  }

  private long importsRequested() {
    return api().get("/api/v1/audit?action=vulndb.import-requested&size=1").json()
        .path("total").asLong();
  }

  @Test
  void anUnknownImportIsNotFound() {
    assertThat(api().get("/api/v1/vulndb/imports/00000000-0000-0000-0000-000000000000")
        .status()).isEqualTo(404);
  }
}
