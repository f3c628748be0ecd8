package dev.scangate.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import org.junit.jupiter.api.Test;

/** What an operator reaches: health, metrics, the API description and the front page. */
class OperationsIT extends ScangateIT {

  @Test
  void healthIsUpWithDatabase() {
    Api.Response health = api().get("/actuator/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.text("/status")).isEqualTo("UP");
  }

  @Test
  void prometheusExposesScanAndJobMetrics() {
    Api.Response scan = api().scan(TestRegistry.open() + "/scangate-test/files:1");
    api().awaitFinished(scan.text("/id"));
    Api.Response metrics = api().get("/actuator/prometheus");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("scangate_scans_submitted_total{outcome=\"created\"}")
        .containsPattern("scangate_jobs_seconds_count\\{kind=\"scan\",outcome=\"succeeded\"\\}");
  }

  @Test
  void openApiDescribesTheScanEndpoints() {
    Api.Response docs = api().get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.json().get("paths").has("/api/v1/scans")).isTrue();
    assertThat(docs.json().get("paths").has("/api/v1/images/{digest}")).isTrue();
  }

  @Test
  void frontPageLinksToTheApi() {
    Api.Response page = api().get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("scangate").contains("/swagger-ui.html");
  }
}
