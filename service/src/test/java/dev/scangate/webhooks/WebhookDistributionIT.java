package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookDistributionIT extends WebhookDeliveryIT {

  private static final Map<String, String> HEADERS = Map.of(
      "Authorization", "Bearer " + REGISTRY_SECRET,
      "Content-Type", "application/vnd.docker.distribution.events.v2+json");

  @Test
  void manifestPushIsScannedOnceAndTheRetriedEnvelopeAnswersTheSameScan() {
    byte[] body = Payloads.bytes("registry-notifications/push-events.envelope.json");
    Api.Response first = sender().post("/api/v1/webhooks/registry", body, HEADERS);

    assertThat(first.status()).as(first.body()).isEqualTo(202);
    assertThat(first.json().get("scans")).hasSize(1);
    String reference = "registrycluster.local/library/test@sha256:"
        + "fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf";
    assertThat(first.text("/scans/0/image/reference")).isEqualTo(reference);
    assertThat(first.text("/ignored")).isEqualTo("blob push (2 times)");
    String id = first.text("/scans/0/id");
    assertThat(storedReference(id)).isEqualTo(reference);
    assertThat(recordedScans("registry", "asdf-asdf-asdf-asdf-0")).containsExactly(id);

    Counts before = counts();
    Api.Response again = sender().post("/api/v1/webhooks/registry", body, HEADERS);
    assertThat(scanIds(again)).containsExactly(id);
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void pullIsIgnored() {
    Counts before = counts();
    Api.Response r = sender().post("/api/v1/webhooks/registry",
        Payloads.bytes("registry-notifications/pull-event.envelope.json"), HEADERS);

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("scans")).isEmpty();
    assertThat(r.text("/ignored")).isEqualTo("pull event");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void secretWithoutBearerSchemeIsRefused() {
    Counts before = counts();
    Api.Response r = sender().post("/api/v1/webhooks/registry",
        Payloads.bytes("registry-notifications/push-events.envelope.json"),
        Map.of("Authorization", REGISTRY_SECRET));

    assertProblem(r, 401, "webhook-unauthorized");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void envelopeWithoutEventsIsRefused() {
    Counts before = counts();
    Api.Response r = sender().post("/api/v1/webhooks/registry", "{\"events\":[]}".getBytes(),
        HEADERS); // hand-made negative case

    assertProblem(r, 400, "webhook-no-image");
    assertThat(counts()).isEqualTo(before);
  }
}
