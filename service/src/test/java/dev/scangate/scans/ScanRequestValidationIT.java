package dev.scangate.scans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Bad scan requests get a problem+json naming the input and the rule, and enqueue nothing. */
@TestPropertySource(properties = "scangate.worker.enabled=false")
class ScanRequestValidationIT extends ScangateIT {

  private long scansBefore;
  private long jobsBefore;

  @BeforeEach
  void countBefore() {
    scansBefore = count("scans");
    jobsBefore = count("jobs");
  }

  private void assertNothingEnqueued() {
    assertThat(count("scans")).isEqualTo(scansBefore);
    assertThat(count("jobs")).isEqualTo(jobsBefore);
  }

  private static void assertProblem(Api.Response r, int status, String type) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.text("/type")).isEqualTo("https://scangate.dev/problems/" + type);
    assertThat(r.text("/title")).isNotBlank();
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
  }

  @Test
  void malformedReferenceIsRejectedQuotingIt() {
    Api.Response r = api().scan("registry.example.com/My_App:1");
    assertProblem(r, 400, "invalid-reference");
    assertThat(r.text("/detail")).contains("\"registry.example.com/My_App:1\"")
        .contains("lowercase");
    assertThat(r.text("/input")).isEqualTo("registry.example.com/My_App:1");
    assertNothingEnqueued();
  }

  @Test
  void badDigestIsRejected() {
    Api.Response r = api().scan(TestRegistry.open() + "/app@sha256:1234");
    assertProblem(r, 400, "invalid-reference");
    assertThat(r.text("/detail")).contains("64 lowercase hex digits");
    assertNothingEnqueued();
  }

  @Test
  void unknownPlatformIsRejected() {
    Api.Response r = api().scan(TestRegistry.open() + "/scangate-test/multi:1", "linux/amd65");
    assertProblem(r, 400, "invalid-platform");
    assertThat(r.text("/detail")).contains("\"linux/amd65\"").contains("unknown architecture");
    assertNothingEnqueued();
  }

  @Test
  void registryNotAllowedIsRejected() {
    Api.Response r = api().scan("registry.evil.example:5000/app:1");
    assertProblem(r, 400, "registry-not-allowed");
    assertThat(r.text("/detail")).contains("registry.evil.example:5000")
        .contains("scangate.registries.allowed");
    assertNothingEnqueued();
  }

  @Test
  void loopbackRegistryThatIsNotConfiguredIsRejected() {
    Api.Response r = api().scan("127.0.0.1:6000/app:1");
    assertProblem(r, 400, "registry-not-allowed");
    assertNothingEnqueued();
  }

  @Test
  void oversizedBodyIsRejected() {
    String body = "{\"image\":\"" + "a".repeat(100_000) + "\"}";
    Api.Response r = api().post("/api/v1/scans", body);
    assertProblem(r, 413, "request-too-large");
    assertThat(r.text("/detail")).contains("scangate.api.max-request-size");
    assertNothingEnqueued();
  }

  @Test
  void oversizedChunkedBodyIsRejected() {
    byte[] body = ("{\"image\":\"" + "a".repeat(100_000) + "\"}").getBytes();
    Api.Response r = api().post("/api/v1/scans", HttpRequest.BodyPublishers.ofInputStream(
        () -> new java.io.ByteArrayInputStream(body)), "application/json");
    assertProblem(r, 413, "request-too-large");
    assertNothingEnqueued();
  }

  @Test
  void missingImageIsRejectedNamingTheField() {
    Api.Response r = api().post("/api/v1/scans", "{\"platform\":\"linux/amd64\"}");
    assertProblem(r, 400, "validation-failed");
    assertThat(r.text("/detail")).contains("image");
    assertNothingEnqueued();
  }

  @Test
  void invalidJsonIsRejected() {
    Api.Response r = api().post("/api/v1/scans", "{\"image\": ");
    assertProblem(r, 400, "malformed-request");
    assertNothingEnqueued();
  }

  @Test
  void unknownPriorityIsRejected() {
    Api.Response r = api().post("/api/v1/scans",
        "{\"image\":\"" + TestRegistry.open() + "/a:1\",\"priority\":\"URGENT\"}");
    assertProblem(r, 400, "validation-failed");
    assertThat(r.text("/detail")).contains("URGENT");
    assertNothingEnqueued();
  }

  @Test
  void unknownScanIs404AndBadIdIs400() {
    assertProblem(api().get("/api/v1/scans/00000000-0000-0000-0000-000000000000"), 404,
        "not-found");
    assertProblem(api().get("/api/v1/scans/not-a-uuid"), 400, "validation-failed");
    assertProblem(api().get("/api/v1/images/sha256:abc"), 400, "invalid-digest");
  }
}
