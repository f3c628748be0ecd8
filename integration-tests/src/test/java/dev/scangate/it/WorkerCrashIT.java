package dev.scangate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.TestDatabase;
import dev.scangate.support.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed with SIGKILL in the middle of a scan loses nothing: after its lease expires
 * another worker reclaims the job, and the scan finishes exactly once.
 */
class WorkerCrashIT {

  @TempDir
  Path dir;

  @Test
  void jobOfKilledWorkerIsReclaimedAfterLeaseAndFinishesOnce() throws Exception {
    TestDatabase.Database db = TestDatabase.create();
    try (StallingProxy proxy = new StallingProxy(TestRegistry.open())) {
      Map<String, String> common = Map.of(
          "scangate.database.url", db.url(),
          "scangate.database.username", db.username(),
          "scangate.database.password", db.password(),
          "scangate.registries.allowed", proxy.address(),
          "scangate.registries.insecure", proxy.address(),
          "scangate.registries.read-timeout", "10m",
          "scangate.worker.lease", "5s",
          "scangate.worker.poll-interval", "200ms");

      String scanId;
      try (ScangateProcess first = ScangateProcess.start(ScangateProcess.jarCommand(), common,
          Map.of(), dir.resolve("first.log"))) {
        first.awaitHealthy(Duration.ofSeconds(90));
        Api api = new Api(first.baseUrl());
        Api.Response accepted = api.scan(proxy.address() + "/scangate-test/files:1");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        scanId = accepted.text("/id");
        api.awaitScan(scanId, r -> "RUNNING".equals(r.text("/status")) && proxy.held() > 0,
            Duration.ofSeconds(30));
        first.kill9();
      }
      assertThat(query(db, "select status from jobs where kind = 'scan'")).isEqualTo("RUNNING");

      proxy.release();
      try (ScangateProcess second = ScangateProcess.start(ScangateProcess.jarCommand(), common,
          Map.of(), dir.resolve("second.log"))) {
        second.awaitHealthy(Duration.ofSeconds(90));
        Api api = new Api(second.baseUrl());
        Api.Response done = api.awaitScan(scanId, r -> !"QUEUED".equals(r.text("/status"))
            && !"RUNNING".equals(r.text("/status")), Duration.ofSeconds(60));
        assertThat(done.text("/status")).as(done.body() + "\n" + second.log())
            .isEqualTo("SUCCEEDED");
        assertThat(done.json().get("attempts").asInt()).isEqualTo(2);
        assertThat(done.json().get("stages")).extracting(s -> s.get("name").asString())
            .containsExactly("resolve", "fetch-manifest", "fetch-config", "record-image",
                "catalog", "match", "sign");
      }
      assertThat(query(db, "select count(*) from jobs where kind = 'scan'")).isEqualTo("1");
      assertThat(query(db, "select status || ' ' || attempts from jobs where kind = 'scan'"))
          .isEqualTo("SUCCEEDED 2");
      assertThat(query(db, "select count(*) from scans")).isEqualTo("1");
      assertThat(query(db, "select count(*) from images")).isEqualTo("1");
      assertThat(query(db, "select count(*) from tag_history")).isEqualTo("1");
      assertThat(query(db, "select count(*) from sboms")).isEqualTo("1");
    }
  }

  private static String query(TestDatabase.Database db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }

  static {
    // keep the logs of failed runs next to the failsafe reports
    try {
      Files.createDirectories(Path.of("target"));
    } catch (java.io.IOException ignored) {
      // only a convenience
    }
  }
}
