package dev.scangate.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import dev.scangate.vulndb.OsvFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;

/**
 * Advisories imported after a scan change that image's findings without pulling it again, and a
 * withdrawn advisory takes its finding back.
 */
@Import(RematchIT.Events.class)
class RematchIT extends ScangateIT {

  static final List<FindingsChanged> EVENTS = new CopyOnWriteArrayList<>();

  /** Records the events later features listen to. */
  @TestConfiguration
  static class Events {
    @EventListener
    void on(FindingsChanged event) {
      EVENTS.add(event);
    }
  }

  private JsonNode awaitFindings(String scanId, java.util.function.Predicate<JsonNode> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode last;
    do {
      last = api().get("/api/v1/scans/" + scanId + "/findings").json();
      if (done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("findings of " + scanId + " did not change: " + last);
  }

  @Test
  void anAdvisoryImportedAfterTheScanAddsItsFindingAndAWithdrawalRemovesIt() {
    Api.Response scan = api().awaitFinished(api().scan(TestRegistry.open()
        + "/scangate-test/artifacts:1").text("/id"));
    assertThat(scan.text("/status")).as(scan.body()).isEqualTo("SUCCEEDED");
    String scanId = scan.text("/id");
    String digest = scan.text("/image/digest");
    Instant scanned = Instant.parse(scan.text("/finishedAt"));
    assertThat(api().get("/api/v1/scans/" + scanId + "/findings").json().get("total").asLong())
        .as("no advisories yet").isZero();
    long scans = count("scans");
    long jobs = count("jobs where kind = 'scan'");

    Api.Response imported = OsvFixtures.imported(api(), "npm.zip",
        OsvFixtures.zipOf(List.of("GHSA-35jh-r3h4-6jhm")));
    assertThat(imported.json().get("counts").get("added").asInt()).isOne();

    JsonNode findings = awaitFindings(scanId, f -> f.get("total").asLong() > 0);
    JsonNode lodash = findings.get("items").get(0);
    assertThat(lodash.get("vulnerability").asString()).isEqualTo("CVE-2021-23337");
    assertThat(lodash.get("aliases").toString()).contains("GHSA-35jh-r3h4-6jhm");
    assertThat(lodash.get("package").get("purl").asString()).isEqualTo("pkg:npm/lodash@4.17.20");
    assertThat(Instant.parse(lodash.get("firstSeen").asString())).isAfter(scanned);
    assertThat(count("scans")).as("no new scan").isEqualTo(scans);
    assertThat(count("jobs where kind = 'scan'")).as("nothing pulled").isEqualTo(jobs);
    Api.Response after = api().get("/api/v1/scans/" + scanId);
    assertThat(after.json().get("summary").get("high").asLong()).isOne();
    assertThat(after.json().get("scanners").get(0).get("dbVersion").asString())
        .startsWith("1 records");
    awaitEvent(digest);

    // OSV withdraws the advisory: the same record, later modified, with "withdrawn"
    String record = new String(OsvFixtures.record("GHSA-35jh-r3h4-6jhm"),
        StandardCharsets.UTF_8);
    String withdrawn = record.replaceFirst("\"modified\": \"[^\"]+\"",
        "\"modified\": \"2099-01-02T00:00:00Z\", \"withdrawn\": \"2099-01-02T00:00:00Z\"");
    Api.Response withdrawal = OsvFixtures.imported(api(), "GHSA-35jh-r3h4-6jhm.json",
        withdrawn.getBytes(StandardCharsets.UTF_8));
    assertThat(withdrawal.json().get("counts").get("withdrawn").asInt()).as(withdrawal.body())
        .isOne();

    awaitFindings(scanId, f -> f.get("total").asLong() == 0);
    assertThat(api().get("/api/v1/scans/" + scanId).json().get("summary").get("high").asLong())
        .isZero();
    Api.Response vulnerability = api().get("/api/v1/vulnerabilities/CVE-2021-23337");
    assertThat(vulnerability.status()).isEqualTo(200);
    assertThat(vulnerability.text("/advisory/withdrawn")).isEqualTo("2099-01-02T00:00:00Z");
    assertThat(vulnerability.json().get("images")).isEmpty();
  }

  private static void awaitEvent(String digest) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (EVENTS.stream().noneMatch(e -> e.imageDigests().contains(digest))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no FindingsChanged for " + digest + ": " + EVENTS);
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
