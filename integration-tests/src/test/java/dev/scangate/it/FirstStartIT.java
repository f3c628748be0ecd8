package dev.scangate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's start command on a machine with no configuration: it comes up healthy on an
 * embedded PostgreSQL in {@code ~/.scangate/pgdata}, warns that this is for evaluation, writes a
 * generated admin token to {@code ~/.scangate/admin-token} (never to the log), and keeps its data
 * and that token across a restart.
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
    Path tokenFile = home.resolve(".scangate/admin-token");
    String token;
    try (ScangateProcess first = ScangateProcess.startUnconfigured(command, properties, env,
        home.resolve("first.log"))) {
      first.awaitHealthy(Duration.ofSeconds(120));
      assertThat(first.log()).contains("embedded PostgreSQL").contains("evaluation only");
      assertThat(Files.isDirectory(home.resolve(".scangate/pgdata"))).isTrue();
      token = Files.readString(tokenFile).strip();
      assertThat(token).startsWith("sgt_");
      assertThat(Files.getPosixFilePermissions(tokenFile)).containsExactlyInAnyOrder(
          PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      assertThat(first.log()).contains(tokenFile.toString()).doesNotContain(token);
      Api.Response anonymous = new Api(first.baseUrl(), null)
          .scan("docker.io/library/alpine:3.20");
      assertThat(anonymous.status()).isEqualTo(401);
      Api.Response accepted = new Api(first.baseUrl(), token)
          .scan("docker.io/library/alpine:3.20");
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
      scanId = accepted.text("/id");
      first.stop();
    }
    try (ScangateProcess second = ScangateProcess.startUnconfigured(command, properties, env,
        home.resolve("second.log"))) {
      second.awaitHealthy(Duration.ofSeconds(120));
      assertThat(Files.readString(tokenFile).strip()).as("not generated again").isEqualTo(token);
      Api.Response scan = new Api(second.baseUrl(), token).get("/api/v1/scans/" + scanId);
      assertThat(scan.status()).isEqualTo(200);
      assertThat(scan.text("/image/reference")).isEqualTo("docker.io/library/alpine:3.20");
      assertThat(scan.text("/status")).isEqualTo("QUEUED");
      second.stop();
    }
  }
}
