package dev.scangate.evaluations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import org.junit.jupiter.api.Test;

/** Without a findings source, a scanned image is not evaluated as if it had no findings. */
class FindingsUnavailableIT extends ScangateIT {

  @Test
  void evaluationOfAScannedImageFailsWith503() {
    Api.Response scan = api().awaitFinished(api().scan(TestRegistry.open()
        + "/scangate-test/artifacts:1").text("/id"));
    assertThat(scan.text("/status")).isEqualTo("SUCCEEDED");
    String policy = jdbc.sql("select id::text from policies where name = 'default'")
        .query(String.class).single();
    Api.Response r = api().post("/api/v1/policies/" + policy + "/evaluate", "{\"image\": \""
        + TestRegistry.open() + "/scangate-test/artifacts@" + scan.text("/image/digest") + "\"}");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.text("/title")).isEqualTo("Vulnerability findings are not available");
    assertThat(r.text("/detail")).contains("vulnerability findings are not available");
    Api.Response promotion = api().post("/api/v1/promotions", "{\"image\": \""
        + TestRegistry.open() + "/scangate-test/artifacts:1\", \"environment\": \"dev\"}");
    assertThat(promotion.status()).isEqualTo(503);
    assertThat(count("promotions")).isZero();
  }
}
