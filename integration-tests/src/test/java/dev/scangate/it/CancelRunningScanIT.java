package dev.scangate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.TestDatabase;
import dev.scangate.support.TestRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running scan stuck on a registry that does not answer is cancelled at its next heartbeat. */
class CancelRunningScanIT {

  @TempDir
  Path dir;

  @Test
  void runningScanIsCancelledAndItsJobEnds() throws Exception {
    TestDatabase.Database db = TestDatabase.create();
    try (StallingProxy proxy = new StallingProxy(TestRegistry.open());
        ScangateProcess scangate = ScangateProcess.start(ScangateProcess.jarCommand(), Map.of(
            "scangate.database.url", db.url(),
            "scangate.database.username", db.username(),
            "scangate.database.password", db.password(),
            "scangate.registries.allowed", proxy.address(),
            "scangate.registries.insecure", proxy.address(),
            "scangate.registries.read-timeout", "10m",
            "scangate.worker.lease", "3s"), Map.of(), dir.resolve("scangate.log"))) {
      scangate.awaitHealthy(Duration.ofSeconds(90));
      Api api = new Api(scangate.baseUrl());
      String id = api.scan(proxy.address() + "/scangate-test/files:1").text("/id");
      api.awaitScan(id, r -> "RUNNING".equals(r.text("/status")) && proxy.held() > 0,
          Duration.ofSeconds(30));

      Api.Response requested = api.post("/api/v1/scans/" + id + "/cancel", "");
      assertThat(requested.status()).as(requested.body()).isEqualTo(200);
      Api.Response done = api.awaitScan(id, r -> "CANCELLED".equals(r.text("/status")),
          Duration.ofSeconds(20));
      assertThat(done.text("/error")).isEqualTo("cancelled");
      assertThat(done.text("/finishedAt")).isNotNull();

      // The worker is free again: a new request for the same image is a new scan and runs.
      proxy.release();
      Api.Response again = api.scan(proxy.address() + "/scangate-test/files:1");
      assertThat(again.text("/id")).isNotEqualTo(id);
      assertThat(api.awaitFinished(again.text("/id")).text("/status")).isEqualTo("SUCCEEDED");
    }
  }
}
