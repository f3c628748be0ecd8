package dev.scangate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's start command on a machine with no configuration: it comes up healthy on an
 * embedded PostgreSQL in {@code ~/.scangate/pgdata}, warns that this is for evaluation, and keeps
 * its data across a restart.
 */
class FirstStartIT {

  @TempDir
  Path home;

  @Test
  void startsWithEmbeddedDatabaseThatSurvivesRestart() throws Exception {
    Path root = Path.of(System.getProperty("scangate.jar")).getParent().getParent().getParent();
    List<String> command = List.of(root.resolve("bin/scangate").toString());
    // No worker: the queued scan must still be there after the restart.
    Map<String, String> properties = Map.of("scangate.worker.enabled", "false");
    Map<String, String> env = Map.of("HOME", home.toString(),
        "SCANGATE_JAVA_OPTS", "-Duser.home=" + home + " -Xmx512m");

    String scanId;
    try (ScangateProcess first = ScangateProcess.start(command, properties, env,
        home.resolve("first.log"))) {
      first.awaitHealthy(Duration.ofSeconds(120));
      assertThat(first.log()).contains("embedded PostgreSQL").contains("evaluation only");
      assertThat(Files.isDirectory(home.resolve(".scangate/pgdata"))).isTrue();
      Api.Response accepted = new Api(first.baseUrl()).scan("docker.io/library/alpine:3.20");
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
      scanId = accepted.text("/id");
      first.stop();
    }
    try (ScangateProcess second = ScangateProcess.start(command, properties, env,
        home.resolve("second.log"))) {
      second.awaitHealthy(Duration.ofSeconds(120));
      Api.Response scan = new Api(second.baseUrl()).get("/api/v1/scans/" + scanId);
      assertThat(scan.status()).isEqualTo(200);
      assertThat(scan.text("/image/reference")).isEqualTo("docker.io/library/alpine:3.20");
      assertThat(scan.text("/status")).isEqualTo("QUEUED");
      second.stop();
    }
  }
}
