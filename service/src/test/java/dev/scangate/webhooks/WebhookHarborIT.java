package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookHarborIT extends WebhookDeliveryIT {

  private static final String REFERENCE = "localhost/harbor/alpine@sha256:"
      + "954b378c375d852eb3c63ab88978f640b4348b01c1b3456a024a81536dafbbf4";

  @Test
  void artifactPushIsScannedOnceAndTheSameBodyAgainAnswersTheSameScan() {
    byte[] body = Payloads.bytes("harbor/push_artifact.default.json");
    Map<String, String> headers = Map.of("Authorization", HARBOR_AUTH_HEADER);

    Api.Response first = sender().post("/api/v1/webhooks/harbor", body, headers);

    assertThat(first.status()).as(first.body()).isEqualTo(202);
    assertThat(first.text("/scans/0/image/reference")).isEqualTo(REFERENCE);
    String id = first.text("/scans/0/id");
    assertThat(storedReference(id)).isEqualTo(REFERENCE);
    assertThat(recordedScans("harbor", dev.scangate.image.Digest.sha256(body).toString()))
        .containsExactly(id);

    Counts before = counts();
    Api.Response again = sender().post("/api/v1/webhooks/harbor", body, headers);
    assertThat(scanIds(again)).containsExactly(id);
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void pullIsIgnoredWithNoScans() {
    Counts before = counts();
    Api.Response r = sender().post("/api/v1/webhooks/harbor",
        Payloads.bytes("harbor/pull_artifact.default.json"),
        Map.of("Authorization", HARBOR_AUTH_HEADER));

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("scans")).isEmpty();
    assertThat(r.text("/ignored")).isEqualTo("harbor event PULL_ARTIFACT is not an artifact push");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void missingAuthorizationIsRefused() {
    Counts before = counts();
    Api.Response r = sender().post("/api/v1/webhooks/harbor",
        Payloads.bytes("harbor/push_artifact.default.json"), Map.of());

    assertProblem(r, 401, "webhook-unauthorized");
    assertThat(r.text("/detail")).contains("missing header Authorization");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void pushWithoutResourcesIsRefused() {
    Counts before = counts();
    byte[] body = ("{\"type\":\"PUSH_ARTIFACT\",\"occur_at\":1680501893,"
        + "\"event_data\":{\"resources\":[]}}").getBytes(); // hand-made negative case
    Api.Response r = sender().post("/api/v1/webhooks/harbor", body,
        Map.of("Authorization", HARBOR_AUTH_HEADER));

    assertProblem(r, 400, "webhook-no-image");
    assertThat(r.text("/detail"))
        .isEqualTo("harbor payload has no container image: event_data.resources is empty");
    assertThat(counts()).isEqualTo(before);
  }
}
