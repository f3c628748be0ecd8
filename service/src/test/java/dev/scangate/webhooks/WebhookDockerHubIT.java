package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookDockerHubIT extends WebhookDeliveryIT {

  @Test
  void pushIsScannedOnceAndTheSameBodyAgainAnswersTheSameScan() {
    byte[] body = Payloads.bytes("dockerhub/push.payload.json");
    Api.Response first = sender().post("/api/v1/webhooks/hub?token=" + HUB_TOKEN, body, Map.of());

    assertThat(first.status()).as(first.body()).isEqualTo(202);
    assertThat(first.text("/scans/0/image/reference"))
        .isEqualTo("docker.io/svendowideit/testhook:latest");
    String id = first.text("/scans/0/id");
    assertThat(storedReference(id)).isEqualTo("docker.io/svendowideit/testhook:latest");

    Counts before = counts();
    Api.Response again = sender().post("/api/v1/webhooks/hub?token=" + HUB_TOKEN, body,
        Map.of());
    assertThat(scanIds(again)).containsExactly(id);
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void wrongOrMissingTokenIsRefused() {
    Counts before = counts();
    byte[] body = Payloads.bytes("dockerhub/push.payload.json");

    assertProblem(sender().post("/api/v1/webhooks/hub?token=guess", body, Map.of()), 401,
        "webhook-unauthorized");
    Api.Response missing = sender().post("/api/v1/webhooks/hub", body, Map.of());
    assertProblem(missing, 401, "webhook-unauthorized");
    assertThat(missing.text("/detail")).contains("missing query parameter token");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void callbackPayloadIsRefusedAsHavingNoImage() {
    Counts before = counts();
    Api.Response r = sender().post("/api/v1/webhooks/hub?token=" + HUB_TOKEN,
        Payloads.bytes("dockerhub/callback.payload.json"), Map.of());

    assertProblem(r, 400, "webhook-no-image");
    assertThat(r.text("/detail"))
        .isEqualTo("dockerhub payload has no container image: push_data.tag is missing");
    assertThat(counts()).isEqualTo(before);
  }
}
