package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import org.junit.jupiter.api.Test;

class WebhookGithubIT extends WebhookDeliveryIT {

  private static final String REFERENCE = "ghcr.io/codertocat/hello-world@sha256:"
      + "3da1996a8115d7616457760d9920b815241d0a03b34cf5f04e9a0e9d8de37498";
  private final byte[] body =
      Payloads.bytes("github/registry_package.published.docker.payload.json");

  @Test
  void publishedContainerIsScannedOnceAndItsRedeliveryAnswersTheSameScan() {
    String delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
    Api.Response first = sender().post("/api/v1/webhooks/github", body,
        WebhookSender.github("registry_package", delivery, GITHUB_SECRET, body));

    assertThat(first.status()).as(first.body()).isEqualTo(202);
    assertThat(first.json().get("scans")).hasSize(1);
    assertThat(first.text("/scans/0/status")).isEqualTo("QUEUED");
    assertThat(first.text("/scans/0/image/reference")).isEqualTo(REFERENCE);
    assertThat(first.text("/scans/0/image/digest"))
        .isEqualTo(REFERENCE.substring(REFERENCE.indexOf('@') + 1));
    assertThat(first.json().has("ignored")).isFalse();
    String id = first.text("/scans/0/id");
    assertThat(storedReference(id)).isEqualTo(REFERENCE);
    assertThat(recordedScans("github", delivery)).containsExactly(id);
    assertThat(api().get("/api/v1/scans/" + id).text("/priority")).isEqualTo("HIGH");

    Counts before = counts();
    Api.Response again = sender().post("/api/v1/webhooks/github", body,
        WebhookSender.github("registry_package", delivery, GITHUB_SECRET, body));

    assertThat(again.status()).isEqualTo(202);
    assertThat(scanIds(again)).containsExactly(id);
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void badSignatureIsRefusedAndEnqueuesNothing() {
    Counts before = counts();
    Api.Response r = sender().post("/api/v1/webhooks/github", body,
        WebhookSender.github("registry_package", "bad-1", "not-the-secret", body));

    assertProblem(r, 401, "webhook-unauthorized");
    assertThat(r.text("/detail")).contains("X-Hub-Signature-256 does not match")
        .doesNotContain(GITHUB_SECRET);
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void npmPackageIsRefusedAsHavingNoImage() {
    byte[] npm = Payloads.bytes("github/package.published.npm.payload.json");
    Counts before = counts();
    Api.Response r = sender().post("/api/v1/webhooks/github", npm,
        WebhookSender.github("package", "npm-1", GITHUB_SECRET, npm));

    assertProblem(r, 400, "webhook-no-image");
    assertThat(r.text("/detail"))
        .isEqualTo("github payload has no container image: package_type npm");
    assertThat(r.text("/provider")).isEqualTo("github");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void pingIsAnsweredWithNoScans() {
    byte[] ping = "{\"zen\":\"Design for failure.\",\"hook_id\":1}".getBytes();
    Api.Response r = sender().post("/api/v1/webhooks/github", ping,
        WebhookSender.github("ping", "ping-1", GITHUB_SECRET, ping));

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("scans")).isEmpty();
    assertThat(r.text("/ignored")).isEqualTo("github ping event");
  }
}
