package dev.scangate.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.Await;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TcpRelay;
import dev.scangate.support.TestDatabase;
import dev.scangate.support.TestRegistry;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * PostgreSQL becomes unreachable (its connections cut by a relay): admission keeps answering
 * from the promotions it read last, health says DEGRADED, and both recover when the database is
 * back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdmissionDegradedIT {

  private static final Pattern HOST_PORT = Pattern.compile("//([^/:]+):(\\d+)/");
  private static TcpRelay relay;

  @DynamicPropertySource
  static void throughRelay(DynamicPropertyRegistry registry) throws IOException {
    TestDatabase.Database db = TestDatabase.create();
    Matcher m = HOST_PORT.matcher(db.url());
    if (!m.find()) {
      throw new IllegalStateException("unexpected database URL " + db.url());
    }
    relay = new TcpRelay(m.group(1) + ":" + m.group(2));
    String url = m.replaceFirst("//127.0.0.1:" + relay.port() + "/");
    ScangateIT.configure(registry, new TestDatabase.Database(url, db.username(),
        db.password()));
  }

  @LocalServerPort
  private int port;

  private Api api() {
    return new Api("http://127.0.0.1:" + port);
  }

  @AfterAll
  static void closeRelay() throws IOException {
    relay.close();
  }

  @Autowired
  private PromotedDigests promoted;

  @Test
  void answersFromTheLastKnownStateWhilePostgresIsUnreachable() throws Exception {
    Api api = api();
    String image = TestRegistry.open() + "/scangate-test/files:1";
    Api.Response scan = api.awaitFinished(api.scan(image).text("/id"));
    assertThat(scan.text("/status")).as(scan.body()).isEqualTo("SUCCEEDED");
    String digest = scan.text("/image/digest");
    String ref = TestRegistry.open() + "/scangate-test/files@" + digest;
    for (String environment : List.of("dev", "staging", "prod")) {
      Api.Response promotion = api.post("/api/v1/promotions",
          "{\"image\":\"" + ref + "\",\"environment\":\"" + environment + "\"}");
      assertThat(promotion.status()).as(promotion.body()).isEqualTo(201);
    }
    Await.until(() -> promoted.find("prod", digest).isPresent(),
        Duration.ofSeconds(30), "promotion seen");
    Await.until(() -> "UP".equals(api.get("/actuator/health/admission").text("/status")),
        Duration.ofSeconds(30),
        "admission UP");

    // Kubernetes and health probes call without an API token: nothing on their path may need
    // the database.
    Api kubernetes = api.anonymous();
    relay.cut();
    try {
      Await.until(() -> "DEGRADED".equals(kubernetes.get("/actuator/health/admission")
          .text("/status")), Duration.ofSeconds(30), "admission DEGRADED");
      // The database component is down, but the instance stays in service: Kubernetes'
      // readiness probe keeps routing admission requests to it.
      assertThat(kubernetes.get("/actuator/health/readiness").status()).isEqualTo(200);

      Api.Response allowed = admit(ref);
      assertThat(allowed.status()).isEqualTo(200);
      assertThat(allowed.json().at("/response/allowed").asBoolean()).isTrue();
      Api.Response denied = admit(TestRegistry.open() + "/scangate-test/files@sha256:"
          + "5".repeat(64));
      assertThat(denied.json().at("/response/allowed").asBoolean()).isFalse();
    } finally {
      relay.restore();
    }
    Await.until(() -> "UP".equals(api.get("/actuator/health/admission").text("/status")),
        Duration.ofSeconds(30),
        "admission UP again");
  }

  private Api.Response admit(String image) {
    JsonMapper json = JsonMapper.builder().build();
    ObjectNode review = (ObjectNode) json.readTree(AdmissionReviewReaderTest.fixture(
        "02_pod.json"));
    ((ObjectNode) review.at("/request/object/spec/containers/0")).put("image", image);
    return api().anonymous().post("/k8s/admission?environment=prod",
        HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(review)),
        "application/json");
  }
}
