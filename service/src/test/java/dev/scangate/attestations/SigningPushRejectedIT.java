package dev.scangate.attestations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.image.ImageReference;
import dev.scangate.registry.RegistryClient;
import dev.scangate.signing.CosignStorage;
import dev.scangate.signing.LayerVerification;
import dev.scangate.signing.SignatureVerifier;
import dev.scangate.support.Api;
import dev.scangate.support.TestDatabase;
import dev.scangate.support.TestRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A registry that serves pulls but refuses pushes (403 DENIED, as for pull-only credentials):
 * the scan still succeeds, its attestations are in PostgreSQL, marked not pushed with the
 * registry's error, and the attestation-push job pushes them once the registry accepts.
 *
 * <p>Not a {@link dev.scangate.support.ScangateIT}: its registry list must include the proxy's
 * port, and a subclass cannot replace a property that ScangateIT's own
 * {@code @DynamicPropertySource} sets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SigningPushRejectedIT {

  private static final PushRejectingProxy PROXY = startProxy();

  @LocalServerPort
  int port;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  RegistryClient registry;

  @DynamicPropertySource
  static void throughTheProxy(DynamicPropertyRegistry registry) {
    TestDatabase.Database db = TestDatabase.create();
    registry.add("scangate.database.url", db::url);
    registry.add("scangate.database.username", db::username);
    registry.add("scangate.database.password", db::password);
    registry.add("scangate.database.pool-size", () -> "8");
    String registries = String.join(",", TestRegistry.open(), PROXY.address());
    registry.add("scangate.registries.allowed", () -> registries);
    registry.add("scangate.registries.insecure", () -> registries);
    registry.add("scangate.registries.max-attempts", () -> "1");
    registry.add("scangate.worker.poll-interval", () -> "100ms");
    registry.add("scangate.bootstrap-token", () -> Api.TEST_TOKEN);
    registry.add("scangate.worker.retry-backoff", () -> "200ms");
    registry.add("scangate.worker.max-retry-backoff", () -> "1s");
    registry.add("scangate.signing.push-max-attempts", () -> "30");
    registry.add("scangate.signing.generated-password-file", () -> Path.of(
        System.getProperty("java.io.tmpdir"), "scangate-test-signing", "signing-key.password")
        .toString());
  }

  private Api api() {
    return new Api("http://127.0.0.1:" + port);
  }

  private static PushRejectingProxy startProxy() {
    try {
      return new PushRejectingProxy(TestRegistry.open());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopProxy() {
    PROXY.close();
  }

  @Test
  void rejectedPushLeavesTheAttestationsStoredAndTheScanSucceededUntilARetryPushesThem() {
    ImageReference copy = SigningTools.copyTestImage(registry, TestRegistry.open());
    ImageReference viaProxy = ImageReference.parse(PROXY.address() + "/" + copy.repository()
        + ":1");

    Api.Response scan = api().awaitFinished(api().scan(viaProxy.toString()).text("/id"));

    assertThat(scan.text("/status")).as(scan.body()).isEqualTo("SUCCEEDED");
    assertThat(PROXY.rejected()).isPositive();
    assertThat(scan.json().get("stages")).anySatisfy(stage -> {
      assertThat(stage.get("name").asString()).isEqualTo("sign");
      assertThat(stage.get("outcome").asString()).isEqualTo("SUCCEEDED");
      assertThat(stage.get("detail").asString()).contains("push failed, will retry")
          .contains("403");
    });
    JsonNode statuses = scan.json().get("attestations");
    assertThat(statuses).hasSize(2).allSatisfy(s -> {
      assertThat(s.get("pushed").asBoolean()).isFalse();
      assertThat(s.get("error").asString()).contains("403").contains("DENIED");
    });
    List<Map<String, Object>> rows = jdbc.sql("""
            select push_status, push_attempts, length(envelope) as size from attestations
             where scan_id = :scan""").param("scan", java.util.UUID.fromString(scan.text("/id")))
        .query().listOfRows();
    assertThat(rows).hasSize(2).allSatisfy(row -> {
      assertThat(row.get("push_status")).isIn("PENDING");
      assertThat(((Number) row.get("push_attempts")).intValue()).isPositive();
      assertThat(((Number) row.get("size")).intValue()).isGreaterThan(100);
    });
    CosignStorage storage = new CosignStorage(registry);
    assertThat(storage.attestations(copy)).as("nothing reached the registry").isEmpty();

    PROXY.acceptPushes();
    Api.Response retried = api().awaitScan(scan.text("/id"), r -> {
      JsonNode list = r.json().get("attestations");
      return list != null && list.size() == 2 && list.get(0).get("pushed").asBoolean()
          && list.get(1).get("pushed").asBoolean();
    }, Duration.ofSeconds(60));

    assertThat(retried.json().get("attestations")).allSatisfy(s -> {
      assertThat(s.has("error")).isFalse();
      assertThat(s.get("pushStatus").asString()).isEqualTo("PUSHED");
    });
    String keyId = retried.json().get("attestations").get(0).get("keyId").asString();
    SignatureVerifier key = SignatureVerifier.fromPem(
        api().get("/api/v1/keys/" + keyId + "/cosign.pub").body());
    assertThat(storage.verifyAttestations(copy.atDigest(copy.digest()), key))
        .extracting(LayerVerification::status).containsExactly(LayerVerification.Status.VERIFIED,
            LayerVerification.Status.VERIFIED);
  }
}
