package dev.scangate.scans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.jobs.Job;
import dev.scangate.jobs.JobQueue;
import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** CI requests go before background work: claim order follows priority, then age. */
@TestPropertySource(properties = {"scangate.worker.enabled=false",
    "scangate.worker.id=priority-test"})
class ScanPriorityIT extends ScangateIT {

  @Autowired
  JobQueue queue;

  @Test
  void claimsByPriorityThenAge() {
    List<String> submitted = new ArrayList<>();
    for (String priority : List.of("LOW", "NORMAL", "HIGH", "NORMAL", "LOW")) {
      submitted.add(api().post("/api/v1/scans", "{\"image\":\"" + TestRegistry.open()
          + "/prio/" + submitted.size() + ":1\",\"priority\":\"" + priority + "\"}").text("/id"));
    }
    List<String> claimed = new ArrayList<>();
    Optional<Job> job;
    while ((job = queue.claim(List.of("scan"), "test", Duration.ofMinutes(1))).isPresent()) {
      claimed.add(job.get().subjectId().toString());
    }
    assertThat(claimed).containsExactly(submitted.get(2), submitted.get(1), submitted.get(3),
        submitted.get(0), submitted.get(4));
    Api.Response scan = api().get("/api/v1/scans/" + submitted.get(2));
    assertThat(scan.text("/priority")).isEqualTo("HIGH");
  }
}
