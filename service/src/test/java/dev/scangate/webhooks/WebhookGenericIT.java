package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Standard Webhooks deliveries, and what every source shares: unknown sources, bad bodies. */
class WebhookGenericIT extends WebhookDeliveryIT {

  private Api.Response deliver(String id, Instant at, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return sender().post("/api/v1/webhooks/ci", body,
        WebhookSender.standard(id, at, CI_SECRET, body));
  }

  @Test
  void imagesAreScannedOnceAndTheSameWebhookIdAnswersTheSameScans() {
    String a = TestRegistry.open() + "/scangate-test/generic-a:1";
    String b = TestRegistry.open() + "/scangate-test/generic-b:1";
    String json = "{\"images\":[\"" + a + "\",\"" + b + "\"]}";

    Api.Response first = deliver("msg_generic_1", Instant.now(), json);

    assertThat(first.status()).as(first.body()).isEqualTo(202);
    List<String> ids = scanIds(first);
    assertThat(ids).hasSize(2);
    assertThat(storedReference(ids.get(0))).isEqualTo(a);
    assertThat(storedReference(ids.get(1))).isEqualTo(b);
    assertThat(api().get("/api/v1/scans/" + ids.get(0)).text("/priority")).isEqualTo("NORMAL");

    Counts before = counts();
    // A retry is signed anew at a later time; the webhook-id is what stays.
    Api.Response retry = deliver("msg_generic_1", Instant.now().plusSeconds(1), json);
    assertThat(retry.status()).isEqualTo(202);
    assertThat(scanIds(retry)).isEqualTo(ids);
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void staleTimestampIsRefused() {
    Counts before = counts();
    Api.Response r = deliver("msg_stale", Instant.now().minus(Duration.ofMinutes(6)),
        "{\"image\":\"" + TestRegistry.open() + "/scangate-test/stale:1\"}");

    assertProblem(r, 401, "webhook-unauthorized");
    assertThat(r.text("/detail")).contains("stale timestamp");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void signatureOfAnotherBodyIsRefused() {
    Counts before = counts();
    byte[] signed = "{\"image\":\"reg.example/a:1\"}".getBytes(StandardCharsets.UTF_8);
    byte[] sent = "{\"image\":\"reg.example/b:1\"}".getBytes(StandardCharsets.UTF_8);
    Api.Response r = sender().post("/api/v1/webhooks/ci", sent,
        WebhookSender.standard("msg_swap", Instant.now(), CI_SECRET, signed));

    assertProblem(r, 401, "webhook-unauthorized");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void unknownSourceIsRefused() {
    Counts before = counts();
    byte[] body = "{\"image\":\"reg.example/a:1\"}".getBytes(StandardCharsets.UTF_8);
    Api.Response r = sender().post("/api/v1/webhooks/nosuchsource", body,
        WebhookSender.standard("msg_unknown", Instant.now(), CI_SECRET, body));

    assertProblem(r, 401, "webhook-unauthorized");
    assertThat(r.text("/detail")).contains("no webhook source \"nosuchsource\"");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void bodyWithoutImageIsRefused() {
    Counts before = counts();
    Api.Response r = deliver("msg_noimage", Instant.now(), "{\"images\":[]}");

    assertProblem(r, 400, "webhook-no-image");
    assertThat(r.text("/detail")).startsWith("generic payload has no container image");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void malformedJsonIsRefused() {
    Counts before = counts();
    Api.Response r = deliver("msg_malformed", Instant.now(), "{\"image\": "); // truncated

    assertProblem(r, 400, "malformed-request");
    assertThat(r.text("/detail")).startsWith("the generic payload is not valid");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void imageScangateRefusesFailsTheWholeDeliveryAndLeavesItRetryable() {
    Counts before = counts();
    String allowed = TestRegistry.open() + "/scangate-test/generic-partial:1";
    Api.Response r = deliver("msg_partial", Instant.now(),
        "{\"images\":[\"" + allowed + "\",\"registry.evil.example/app:1\"]}");

    assertProblem(r, 400, "registry-not-allowed");
    assertThat(r.text("/detail")).contains("registry.evil.example");
    // The allowed image's scan was rolled back with the refused one; the delivery is unrecorded.
    assertThat(counts()).isEqualTo(before);

    Api.Response fixed = deliver("msg_partial", Instant.now(), "{\"image\":\"" + allowed + "\"}");
    assertThat(fixed.status()).as(fixed.body()).isEqualTo(202);
    assertThat(storedReference(scanIds(fixed).get(0))).isEqualTo(allowed);
  }

  @Test
  void concurrentDeliveriesOfOneImageShareOneScan() throws Exception {
    String image = TestRegistry.open() + "/scangate-test/generic-concurrent:1";
    String json = "{\"image\":\"" + image + "\"}";
    long scansBefore = count("scans");
    int senders = 6;
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Api.Response>> responses = new java.util.ArrayList<>();
      for (int i = 0; i < senders; i++) {
        String id = "msg_concurrent_" + i;
        responses.add(CompletableFuture.supplyAsync(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return deliver(id, Instant.now(), json);
        }, pool));
      }
      start.countDown();
      List<String> ids = new java.util.ArrayList<>();
      for (CompletableFuture<Api.Response> response : responses) {
        Api.Response r = response.get(60, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        ids.addAll(scanIds(r));
      }
      assertThat(ids).hasSize(senders).containsOnly(ids.get(0));
      assertThat(count("scans")).isEqualTo(scansBefore + 1);
      assertThat(jdbc.sql("select count(*) from webhook_deliveries where source = 'ci'"
          + " and delivery_id like 'msg_concurrent_%'").query(Long.class).single())
          .isEqualTo(senders);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sameDeliveryIdSentConcurrentlyIsRecordedOnce() throws Exception {
    String image = TestRegistry.open() + "/scangate-test/generic-same-id:1";
    byte[] body = ("{\"image\":\"" + image + "\"}").getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        WebhookSender.standard("msg_same_id", Instant.now(), CI_SECRET, body);
    Counts before = counts();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Api.Response>> responses = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        responses.add(CompletableFuture.supplyAsync(
            () -> sender().post("/api/v1/webhooks/ci", body, headers), pool));
      }
      List<String> ids = new java.util.ArrayList<>();
      for (CompletableFuture<Api.Response> response : responses) {
        Api.Response r = response.get(60, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        ids.addAll(scanIds(r));
      }
      assertThat(ids).hasSize(4).containsOnly(ids.get(0));
      assertThat(counts()).isEqualTo(new Counts(before.scans() + 1, before.jobs() + 1,
          before.deliveries() + 1));
    } finally {
      pool.shutdownNow();
    }
  }
}
