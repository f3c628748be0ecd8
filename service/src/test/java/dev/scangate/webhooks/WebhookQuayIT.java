package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookQuayIT extends WebhookDeliveryIT {

  @Test
  void repoPushIsScannedOnceAndTheSameBodyAgainAnswersTheSameScan() {
    byte[] body = Payloads.bytes("quay/repo_push.json");
    Api.Response first = sender().post("/api/v1/webhooks/quay?token=" + QUAY_TOKEN, body,
        Map.of());

    assertThat(first.status()).as(first.body()).isEqualTo(202);
    assertThat(first.text("/scans/0/image/reference"))
        .isEqualTo("quay.io/mynamespace/repository:latest");
    String id = first.text("/scans/0/id");
    assertThat(storedReference(id)).isEqualTo("quay.io/mynamespace/repository:latest");

    Counts before = counts();
    Api.Response again = sender().post("/api/v1/webhooks/quay?token=" + QUAY_TOKEN, body,
        Map.of());
    assertThat(scanIds(again)).containsExactly(id);
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void wrongTokenIsRefused() {
    Counts before = counts();
    assertProblem(sender().post("/api/v1/webhooks/quay?token=" + HUB_TOKEN,
        Payloads.bytes("quay/repo_push.json"), Map.of()), 401, "webhook-unauthorized");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void vulnerabilityNotificationIsIgnoredAndAPayloadWithoutTagsRefused() {
    Counts before = counts();
    Api.Response vulnerability = sender().post("/api/v1/webhooks/quay?token=" + QUAY_TOKEN,
        Payloads.bytes("quay/vulnerability_found.json"), Map.of());
    assertThat(vulnerability.status()).isEqualTo(202);
    assertThat(vulnerability.text("/ignored")).isEqualTo("quay vulnerability notification");

    Api.Response noTags = sender().post("/api/v1/webhooks/quay?token=" + QUAY_TOKEN,
        "{\"repository\":\"mynamespace/repository\",\"updated_tags\":[]}".getBytes(), // hand-made
        Map.of());
    assertProblem(noTags, 400, "webhook-no-image");
    assertThat(noTags.text("/detail"))
        .isEqualTo("quay payload has no container image: updated_tags is empty");
    assertThat(counts()).isEqualTo(before);
  }
}
