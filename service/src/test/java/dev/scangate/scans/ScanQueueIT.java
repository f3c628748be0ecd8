package dev.scangate.scans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.jobs.JobQueue;
import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The queue as an API-only instance sees it (no worker here): de-duplication under a burst,
 * joining, priorities and cancellation.
 */
@TestPropertySource(properties = "scangate.worker.enabled=false")
class ScanQueueIT extends ScangateIT {

  @Autowired
  JobQueue queue;

  @Test
  void burstOf500RequestsFor20DigestsYields20Scans() throws Exception {
    List<String> refs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      refs.add(TestRegistry.open() + "/burst/app@sha256:"
          + HexFormat.of().toHexDigits((long) i).repeat(4));
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    Set<String> ids = ConcurrentHashMap.newKeySet();
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String ref = refs.get(i % 20);
      statuses.add(pool.submit(() -> {
        Api.Response r = api().scan(ref);
        ids.add(r.text("/id"));
        return r.status();
      }));
    }
    for (Future<Integer> status : statuses) {
      assertThat(status.get()).isEqualTo(202);
    }
    pool.shutdown();
    assertThat(ids).hasSize(20);
    assertThat(count("scans where repository = 'burst/app'")).isEqualTo(20);
    assertThat(count("jobs j join scans s on s.id = j.subject_id"
        + " where s.repository = 'burst/app'")).isEqualTo(20);
  }

  @Test
  void concurrentRequestForSameTagJoinsTheQueuedScan() {
    String ref = TestRegistry.open() + "/join/app:1";
    Api.Response first = api().scan(ref);
    Api.Response second = api().scan(ref);
    assertThat(second.status()).isEqualTo(202);
    assertThat(second.text("/id")).isEqualTo(first.text("/id"));
    Api.Response otherPlatform = api().scan(ref, "linux/arm64");
    assertThat(otherPlatform.text("/id")).isNotEqualTo(first.text("/id"));
  }

  @Test
  void joiningWithHigherPriorityRaisesIt() {
    String ref = TestRegistry.open() + "/raise/app:1";
    Api.Response low = api().post("/api/v1/scans",
        "{\"image\":\"" + ref + "\",\"priority\":\"LOW\"}");
    api().post("/api/v1/scans", "{\"image\":\"" + ref + "\",\"priority\":\"HIGH\"}");
    assertThat(jdbc.sql("select priority from jobs where subject_id = cast(:id as uuid)")
        .param("id", low.text("/id")).query(Integer.class).single()).isEqualTo(10);
  }

  @Test
  void queuedScanCanBeCancelled() {
    Api.Response queued = api().scan(TestRegistry.open() + "/cancel/app:1");
    Api.Response cancelled = api().post("/api/v1/scans/" + queued.text("/id") + "/cancel", "");
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.text("/status")).isEqualTo("CANCELLED");
    assertThat(jdbc.sql("select status from jobs where subject_id = cast(:id as uuid)")
        .param("id", queued.text("/id")).query(String.class).single()).isEqualTo("CANCELLED");
    Api.Response again = api().post("/api/v1/scans/" + queued.text("/id") + "/cancel", "");
    assertThat(again.status()).isEqualTo(409);
    // a new request after cancellation starts a new scan
    assertThat(api().scan(TestRegistry.open() + "/cancel/app:1").text("/id"))
        .isNotEqualTo(queued.text("/id"));
  }
}
