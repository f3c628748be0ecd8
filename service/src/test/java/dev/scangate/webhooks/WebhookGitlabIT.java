package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.TestRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookGitlabIT extends WebhookDeliveryIT {

  @Test
  void pipelineNamingAnImageIsScannedOnceAndItsRetryAnswersTheSameScan() {
    String image = TestRegistry.open() + "/scangate-test/gitlab-pipeline:1";
    byte[] body = WebhookGitlabExtractorTest.pipelineWith("SCANGATE_IMAGE", image);
    Map<String, String> headers = Map.of("X-Gitlab-Token", GITLAB_SECRET,
        "X-Gitlab-Event", "Pipeline Hook",
        "Idempotency-Key", "908a6d9e-45fd-46c8-97e6-c4f350f219dd");

    Api.Response first = sender().post("/api/v1/webhooks/gitlab", body, headers);

    assertThat(first.status()).as(first.body()).isEqualTo(202);
    assertThat(first.text("/scans/0/image/reference")).isEqualTo(image);
    String id = first.text("/scans/0/id");
    assertThat(storedReference(id)).isEqualTo(image);
    assertThat(recordedScans("gitlab", "908a6d9e-45fd-46c8-97e6-c4f350f219dd"))
        .containsExactly(id);

    Counts before = counts();
    Api.Response retry = sender().post("/api/v1/webhooks/gitlab", body, headers);
    assertThat(retry.status()).isEqualTo(202);
    assertThat(scanIds(retry)).containsExactly(id);
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void wrongTokenIsRefused() {
    Counts before = counts();
    Api.Response r = sender().post("/api/v1/webhooks/gitlab",
        WebhookGitlabExtractorTest.pipelineWith("SCANGATE_IMAGE", "reg.example/x:1"),
        Map.of("X-Gitlab-Token", "wrong"));

    assertProblem(r, 401, "webhook-unauthorized");
    assertThat(r.text("/detail")).contains("X-Gitlab-Token does not match");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void tagPushIsRefusedAsHavingNoImage() {
    Counts before = counts();
    Api.Response r = sender().post("/api/v1/webhooks/gitlab",
        Payloads.bytes("gitlab/tag_push.json"), Map.of("X-Gitlab-Token", GITLAB_SECRET));

    assertProblem(r, 400, "webhook-no-image");
    assertThat(r.text("/detail")).startsWith("gitlab payload has no container image:"
        + " object_kind tag_push");
    assertThat(counts()).isEqualTo(before);
  }
}
