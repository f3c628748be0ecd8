package dev.scangate.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.Await;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /k8s/admission} end to end: real AdmissionReview requests, and requests built from
 * them for images the test scanned and promoted through the API, against the real registry.
 */
class AdmissionIT extends ScangateIT {
  // AdmissionListenerIT runs every test here against the admission listener's own port.

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String FILES = TestRegistry.open() + "/scangate-test/files:1";

  @DynamicPropertySource
  static void admission(DynamicPropertyRegistry registry) {
    registry.add("scangate.admission.environments.staging.mode", () -> "warn");
    registry.add("scangate.admission.environments.dev.mode", () -> "audit");
    registry.add("scangate.admission.environments.prod.exempt-namespaces",
        () -> "kube-system");
    registry.add("scangate.admission.environments.prod.require-digest", () -> "true");
  }

  @Autowired
  private AdmissionRecorder recorder;

  @Autowired
  private PromotedDigests promoted;

  /**
   * The promoted digest, per test class: each class (this one, and subclasses running the same
   * tests elsewhere) has an application and a database of its own and promotes it there once.
   */
  private static final Map<Class<?>, String> PROMOTED = new ConcurrentHashMap<>();

  private String filesDigest;

  @BeforeEach
  void promoteTheFilesImageToProd() {
    filesDigest = PROMOTED.get(getClass());
    if (filesDigest != null) {
      return;
    }
    Api api = api();
    String scan = api.scan(FILES).text("/id");
    Api.Response finished = api.awaitFinished(scan);
    assertThat(finished.text("/status")).as(finished.body()).isEqualTo("SUCCEEDED");
    filesDigest = finished.text("/image/digest");
    String ref = TestRegistry.open() + "/scangate-test/files@" + filesDigest;
    for (String environment : List.of("dev", "staging", "prod")) {
      Api.Response promotion = api.post("/api/v1/promotions",
          "{\"image\":\"" + ref + "\",\"environment\":\"" + environment + "\"}");
      assertThat(promotion.status()).as(promotion.body()).isEqualTo(201);
    }
    awaitPromoted("prod", filesDigest);
    PROMOTED.put(getClass(), filesDigest);
  }

  @Test
  void promotedDigestIsAllowedAndTheResponseEchoesTheReview() {
    JsonNode review = admit("prod", pod(pinned(), null, Map.of(), false));
    assertThat(review.get("apiVersion").asString()).isEqualTo("admission.k8s.io/v1");
    assertThat(review.get("kind").asString()).isEqualTo("AdmissionReview");
    assertThat(review.at("/response/uid").asString()).isEqualTo(UID);
    assertThat(review.at("/response/allowed").asBoolean()).isTrue();
    assertThat(review.at("/response/status").isMissingNode()).isTrue();

    // The image view lists the promotions admission decides from.
    JsonNode image = api().get("/api/v1/images/" + filesDigest).json();
    assertThat(image.get("promotions")).extracting(p -> p.get("environment").asString())
        .containsExactlyInAnyOrder("dev", "staging", "prod");
    assertThat(image.get("promotions")).allSatisfy(p ->
        assertThat(p.get("status").asString()).isEqualTo("ACTIVE"));
  }

  @Test
  void realFixturesForImagesNeverPromotedAreDeniedNamingImageAndFix() {
    JsonNode review = admit("prod", AdmissionReviewReaderTest.fixture("02_pod.json"));
    assertThat(review.at("/response/uid").asString())
        .isEqualTo("0c3331b6-1812-11ea-b3fc-02897404852e");
    assertThat(review.at("/response/allowed").asBoolean()).isFalse();
    assertThat(review.at("/response/status/code").asInt()).isEqualTo(403);
    assertThat(review.at("/response/status/message").asString())
        .contains("securesystemsengineering/charlie-image@sha256:91ac9b26")
        .contains("is not promoted to prod")
        .contains("POST /api/v1/promotions");

    JsonNode deployment = admit("prod", AdmissionReviewReaderTest.fixture("01_deployment.json"));
    assertThat(deployment.get("apiVersion").asString()).isEqualTo("admission.k8s.io/v1beta1");
    assertThat(deployment.at("/response/allowed").asBoolean()).isFalse();
    assertThat(deployment.at("/response/status/message").asString())
        .contains("alice-image:test is referenced by tag only")
        .contains("requires a digest");
  }

  @Test
  void deploymentTemplateWithATagIsResolvedThroughTheRegistry() {
    byte[] request = workload("01_deployment.json", FILES);
    // staging resolves tags (no require-digest) and runs in warn mode; the tag points to the
    // promoted digest, so there is nothing to warn about.
    JsonNode review = admit("staging", request);
    assertThat(review.at("/response/allowed").asBoolean()).isTrue();
    assertThat(review.at("/response/warnings").isMissingNode()).isTrue();

    JsonNode unknownTag = admit("staging", workload("01_deployment.json",
        TestRegistry.open() + "/scangate-test/files:no-such-tag"));
    assertThat(unknownTag.at("/response/allowed").asBoolean()).isTrue();
    assertThat(unknownTag.at("/response/warnings/0").asString())
        .contains("files:no-such-tag is referenced by tag only and resolving the tag failed")
        .contains("warn mode: admitted");
  }

  @Test
  void initContainersAreCheckedToo() {
    byte[] request = withImages("19_pod_initcontainer.json",
        Map.of("containers", pinned(), "initContainers", TestRegistry.open()
            + "/scangate-test/multi@sha256:" + "0".repeat(64)));
    JsonNode review = admit("prod", request);
    assertThat(review.at("/response/allowed").asBoolean()).isFalse();
    assertThat(review.at("/response/status/message").asString())
        .contains("scangate-test/multi@sha256:0000").doesNotContain("scangate-test/files");
  }

  @Test
  void warnAndAuditModesAdmitAndRecord() {
    String stranger = TestRegistry.open() + "/scangate-test/multi@sha256:" + "1".repeat(64);
    JsonNode warn = admit("staging", pod(stranger, null, Map.of(), false));
    assertThat(warn.at("/response/allowed").asBoolean()).isTrue();
    assertThat(warn.at("/response/warnings/0").asString()).contains("is not promoted to staging");

    JsonNode audit = admit("dev", pod(stranger, null, Map.of(), false));
    assertThat(audit.at("/response/allowed").asBoolean()).isTrue();
    assertThat(audit.at("/response/warnings").isMissingNode()).isTrue();
    assertThat(audit.at("/response/auditAnnotations/policy").asString())
        .isEqualTo("deny (audit mode)");

    recorder.flush();
    JsonNode recorded = api().get("/api/v1/admission/decisions?environment=dev").json();
    assertThat(recorded.get("total").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(recorded.at("/items/0/allowed").asBoolean()).isTrue();
    assertThat(recorded.at("/items/0/policyAllows").asBoolean()).isFalse();
    assertThat(recorded.at("/items/0/images/0/image").asString()).isEqualTo(stranger);
  }

  @Test
  void exemptNamespaceIsAdmittedAndRecorded() {
    String stranger = TestRegistry.open() + "/scangate-test/multi@sha256:" + "2".repeat(64);
    JsonNode review = admit("prod", pod(stranger, "kube-system", Map.of(), false));
    assertThat(review.at("/response/allowed").asBoolean()).isTrue();
    assertThat(review.at("/response/auditAnnotations/exempt").asString())
        .isEqualTo("namespace kube-system");
    recorder.flush();
    assertThat(jdbc.sql("select count(*) from admission_decisions where exempt and namespace ="
        + " 'kube-system'").query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void breakGlassAdmitsUntilItExpires() {
    String stranger = TestRegistry.open() + "/scangate-test/multi@sha256:" + "3".repeat(64);
    Instant soon = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    JsonNode glass = admit("prod", pod(stranger, "shop", Map.of(
        "scangate.dev/break-glass", "INC-4711 hotfix",
        "scangate.dev/break-glass-expires", soon.toString()), false));
    assertThat(glass.at("/response/allowed").asBoolean()).isTrue();
    assertThat(glass.at("/response/warnings/0").asString()).contains("break-glass")
        .contains("INC-4711 hotfix");
    recorder.flush();
    // the writer thread may hold it already: flush() returns with the queue empty
    Await.until(() -> count("admission_decisions where break_glass_reason is not null") > 0,
        Duration.ofSeconds(10),
        "the break-glass decision written");
    assertThat(jdbc.sql("select break_glass_reason from admission_decisions where"
        + " break_glass_reason is not null").query(String.class).list())
        .containsExactly("INC-4711 hotfix");
    String decision = jdbc.sql("select id::text from admission_decisions where"
        + " break_glass_reason is not null").query(String.class).single();
    // the decision and its audit event commit together
    JsonNode event = auditEvent("admission.break-glass", decision);
    assertThat(event.path("actor").asString())
        .isEqualTo("k8s:system:serviceaccount:kube-system:replicaset-controller");
    assertThat(event.at("/details/namespace").asString()).isEqualTo("shop");
    assertThat(event.at("/details/environment").asString()).isEqualTo("prod");
    assertThat(event.at("/details/reason").asString()).isEqualTo("INC-4711 hotfix");
    assertThat(Instant.parse(event.at("/details/expires").asString())).isEqualTo(soon);
    assertThat(event.at("/details/object").asString()).startsWith("Pod shop/");
    assertThat(event.at("/details/images/0/image").asString()).isEqualTo(stranger);
    assertThat(event.at("/details/images/0/allowedByPolicy").asBoolean()).isFalse();

    JsonNode expired = admit("prod", pod(stranger, "shop", Map.of(
        "scangate.dev/break-glass", "INC-4711 hotfix",
        "scangate.dev/break-glass-expires", "2020-01-01T00:00:00Z"), false));
    assertThat(expired.at("/response/allowed").asBoolean()).isFalse();
    assertThat(expired.at("/response/status/message").asString())
        .contains("break-glass not honoured: it expired at 2020-01-01T00:00:00Z");

    JsonNode tooLong = admit("prod", pod(stranger, "shop", Map.of(
        "scangate.dev/break-glass", "forever",
        "scangate.dev/break-glass-expires", "2999-01-01T00:00:00Z"), false));
    assertThat(tooLong.at("/response/allowed").asBoolean()).isFalse();
    assertThat(tooLong.at("/response/status/message").asString())
        .contains("break-glass-max-duration");
    recorder.flush();
    assertThat(api().get("/api/v1/audit?action=admission.break-glass").json().path("total")
        .asLong()).as("break-glass not honoured is no break-glass").isOne();
    assertAuditChainIsValid();
  }

  @Test
  void dryRunLeavesNothingBehind() {
    recorder.flush();
    long before = count("admission_decisions");
    String stranger = TestRegistry.open() + "/scangate-test/multi@sha256:" + "4".repeat(64);
    JsonNode review = admit("prod", pod(stranger, "shop", Map.of(), true));
    assertThat(review.at("/response/allowed").asBoolean()).isFalse();
    recorder.flush();
    assertThat(count("admission_decisions")).isEqualTo(before);
  }

  @Test
  void revokedPromotionIsDeniedAgain() {
    String digest = filesDigest;
    try {
      jdbc.sql("update promotions set status = 'REVOKED', revoked_at = now(), revoke_reason ="
          + " 'test' where image_digest = :d and environment = 'prod'").param("d", digest)
          .update();
      jdbc.sql("select pg_notify('scangate_promotions', 'test')").query(String.class).list();
      awaitNotPromoted("prod", digest);
      JsonNode review = admit("prod", pod(pinned(), null, Map.of(), false));
      assertThat(review.at("/response/allowed").asBoolean()).isFalse();
    } finally {
      jdbc.sql("update promotions set status = 'ACTIVE', revoked_at = null, revoke_reason = null"
          + " where image_digest = :d and environment = 'prod'").param("d", digest).update();
      jdbc.sql("select pg_notify('scangate_promotions', 'test')").query(String.class).list();
      awaitPromoted("prod", digest);
    }
  }

  @Test
  void badInput() {
    Api.Response broken = post("/k8s/admission?environment=prod",
        AdmissionReviewReaderTest.fixture("21_broken_admission_request.json"));
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.contentType()).startsWith("application/problem+json");
    assertThat(broken.text("/type"))
        .isEqualTo("https://scangate.dev/problems/invalid-admission-review");
    assertThat(broken.text("/detail")).contains("request.uid is missing");

    JsonNode noPod = admit("prod", AdmissionReviewReaderTest.fixture("12_err_pod.json"));
    assertThat(noPod.at("/response/allowed").asBoolean()).isFalse();
    assertThat(noPod.at("/response/status/code").asInt()).isEqualTo(400);
    assertThat(noPod.at("/response/status/message").asString()).contains("has no pod spec");

    Api.Response noEnvironment = post("/k8s/admission",
        AdmissionReviewReaderTest.fixture("02_pod.json"));
    assertThat(noEnvironment.status()).isEqualTo(400);
    assertThat(noEnvironment.text("/detail")).contains("?environment=");

    Api.Response badEnvironment = post("/k8s/admission?environment=Prod%20Cluster",
        AdmissionReviewReaderTest.fixture("02_pod.json"));
    assertThat(badEnvironment.status()).isEqualTo(400);
    assertThat(badEnvironment.text("/detail")).contains("'Prod Cluster'");
  }

  // --- helpers

  private static final String UID = "5f1d6c0e-0000-4000-8000-000000000001";

  private String pinned() {
    return TestRegistry.open() + "/scangate-test/files@" + filesDigest;
  }

  private JsonNode admit(String environment, byte[] review) {
    Api.Response response = post("/k8s/admission?environment=" + environment, review);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private Api.Response post(String path, byte[] body) {
    return admissionServer().post(path, HttpRequest.BodyPublishers.ofByteArray(body),
        "application/json");
  }

  /** Where the admission requests go: the main port here. */
  protected Api admissionServer() {
    return api().anonymous();
  }

  /** The real Pod request 02_pod.json with another image, namespace and annotations. */
  private static byte[] pod(String image, String namespace, Map<String, String> annotations,
      boolean dryRun) {
    ObjectNode review = (ObjectNode) JSON.readTree(AdmissionReviewReaderTest.fixture(
        "02_pod.json"));
    ObjectNode request = (ObjectNode) review.get("request");
    request.put("uid", UID);
    request.put("dryRun", dryRun);
    if (namespace != null) {
      request.put("namespace", namespace);
    }
    ObjectNode object = (ObjectNode) request.get("object");
    ((ObjectNode) object.at("/spec/containers/0")).put("image", image);
    ObjectNode metadata = (ObjectNode) object.get("metadata");
    ObjectNode notes = metadata.putObject("annotations");
    annotations.forEach(notes::put);
    return JSON.writeValueAsBytes(review);
  }

  /** A real workload request with its first container's image replaced. */
  private static byte[] workload(String fixture, String image) {
    ObjectNode review = (ObjectNode) JSON.readTree(AdmissionReviewReaderTest.fixture(fixture));
    ((ObjectNode) review.at("/request/object/spec/template/spec/containers/0"))
        .put("image", image);
    return JSON.writeValueAsBytes(review);
  }

  /** A real Pod request with the first image of each named container list replaced. */
  private static byte[] withImages(String fixture, Map<String, String> images) {
    ObjectNode review = (ObjectNode) JSON.readTree(AdmissionReviewReaderTest.fixture(fixture));
    images.forEach((field, image) -> {
      ArrayNode list = (ArrayNode) review.at("/request/object/spec/" + field);
      ((ObjectNode) list.get(0)).put("image", image);
    });
    return JSON.writeValueAsBytes(review);
  }

  private void awaitPromoted(String environment, String digest) {
    Await.until(() -> promoted.find(environment, digest).isPresent(),
        Duration.ofSeconds(10), digest + " promoted");
  }

  private void awaitNotPromoted(String environment, String digest) {
    Await.until(() -> promoted.find(environment, digest).isEmpty(),
        Duration.ofSeconds(10), digest + " not promoted");
  }

}
