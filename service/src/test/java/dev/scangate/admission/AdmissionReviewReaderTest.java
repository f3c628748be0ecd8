package dev.scangate.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.admission.AdmissionRequest.ContainerImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Reading the real AdmissionReview requests in {@code k8s-admission/}. */
class AdmissionReviewReaderTest {

  private final AdmissionReviewReader reader = new AdmissionReviewReader(new JsonMapper());

  static byte[] fixture(String name) {
    try (InputStream in = AdmissionReviewReaderTest.class.getResourceAsStream(
        "/k8s-admission/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void podByDigest() {
    AdmissionRequest request = reader.read(fixture("02_pod.json"));
    assertThat(request.apiVersion()).isEqualTo("admission.k8s.io/v1");
    assertThat(request.uid()).isEqualTo("0c3331b6-1812-11ea-b3fc-02897404852e");
    assertThat(request.kind()).isEqualTo("Pod");
    assertThat(request.namespace()).isEqualTo("test-connaisseur");
    assertThat(request.operation()).isEqualTo("CREATE");
    assertThat(request.user()).isEqualTo("system:serviceaccount:kube-system:replicaset-controller");
    assertThat(request.problem()).isNull();
    assertThat(request.images()).extracting(ContainerImage::image).containsExactly(
        "securesystemsengineering/charlie-image@sha256:"
            + "91ac9b26df583762234c1cdb2fc930364754ccc59bc752a2bfe298d2ea68f9ff");
    // A pod created by a ReplicaSet has only generateName.
    assertThat(request.name()).isNotNull();
  }

  @Test
  void deploymentTemplateInLegacyV1beta1() {
    AdmissionRequest request = reader.read(fixture("01_deployment.json"));
    assertThat(request.apiVersion()).isEqualTo("admission.k8s.io/v1beta1");
    assertThat(request.kind()).isEqualTo("Deployment");
    assertThat(request.images()).extracting(ContainerImage::image)
        .containsExactly("securesystemsengineering/alice-image:test");
  }

  @Test
  void updateOfReplicaSetReadsTheNewObject() {
    AdmissionRequest request = reader.read(fixture("10_update.json"));
    assertThat(request.operation()).isEqualTo("UPDATE");
    assertThat(request.name()).isEqualTo("test-58d59c69bf");
    assertThat(request.images()).extracting(ContainerImage::image).containsExactly(
        "docker.io/library/redis:latest@sha256:"
            + "1111111111111111111111111111111111111111111111111111111111111111");
  }

  @Test
  void initAndEphemeralContainersAreChecked() {
    assertThat(reader.read(fixture("19_pod_initcontainer.json")).images())
        .extracting(ContainerImage::field, ContainerImage::image)
        .contains(org.assertj.core.groups.Tuple.tuple("initContainers", "nginx"));
    assertThat(reader.read(fixture("20_pod_ephemeralcontainer.json")).images())
        .extracting(ContainerImage::field, ContainerImage::image)
        .contains(org.assertj.core.groups.Tuple.tuple("ephemeralContainers", "nginx"));
  }

  @Test
  void podWithoutContainersIsAnsweredWithTheProblem() {
    AdmissionRequest request = reader.read(fixture("12_err_pod.json"));
    assertThat(request.uid()).isEqualTo("0c3331b6-1812-11ea-b3fc-02897404852e");
    assertThat(request.problem()).isEqualTo("Pod has no pod spec at spec");
  }

  @Test
  void reviewWithoutUidIsRefused() {
    assertThatThrownBy(() -> reader.read(fixture("21_broken_admission_request.json")))
        .isInstanceOf(MalformedAdmissionReviewException.class)
        .hasMessageContaining("request.uid is missing");
  }

  @Test
  void notJsonOrNotAReviewIsRefused() {
    assertThatThrownBy(() -> reader.read("{\"kind\": \"AdmissionRev".getBytes(
        StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedAdmissionReviewException.class)
        .hasMessageStartingWith("the body is not JSON");
    assertThatThrownBy(() -> reader.read("{\"kind\":\"Pod\"}".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("kind must be AdmissionReview, got 'Pod'");
    assertThatThrownBy(() -> reader.read(("{\"kind\":\"AdmissionReview\",\"apiVersion\":"
        + "\"admission.k8s.io/v2\",\"request\":{\"uid\":\"x\"}}").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("got 'admission.k8s.io/v2'");
    assertThatThrownBy(() -> reader.read(new byte[0])).hasMessage("the body is empty");
  }

  @Test
  void cronJobTemplateAndTemplateAnnotations() {
    String review = """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
          "uid":"u-1","kind":{"group":"batch","version":"v1","kind":"CronJob"},
          "namespace":"jobs","operation":"CREATE","dryRun":true,
          "object":{"metadata":{"name":"nightly"},"spec":{"schedule":"0 1 * * *",
            "jobTemplate":{"spec":{"template":{
              "metadata":{"annotations":{"scangate.dev/break-glass":"incident 42"}},
              "spec":{"containers":[{"name":"job","image":"registry.example/jobs@sha256:%s"}]}}}}}}}}
        """.formatted("a".repeat(64));
    AdmissionRequest request = reader.read(review.getBytes(StandardCharsets.UTF_8));
    assertThat(request.dryRun()).isTrue();
    assertThat(request.name()).isEqualTo("nightly");
    assertThat(request.annotations()).containsEntry("scangate.dev/break-glass", "incident 42");
    assertThat(request.images()).extracting(ContainerImage::image)
        .containsExactly("registry.example/jobs@sha256:" + "a".repeat(64));
  }

  @Test
  void kindsWithoutPodsAreNotChecked() {
    String review = """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
          "uid":"u-2","kind":{"group":"","version":"v1","kind":"ConfigMap"},
          "namespace":"x","operation":"CREATE","object":{"metadata":{"name":"c"},"data":{}}}}
        """;
    AdmissionRequest request = reader.read(review.getBytes(StandardCharsets.UTF_8));
    assertThat(request.problem()).isNull();
    assertThat(AdmissionReviewReader.isChecked(request.kind())).isFalse();
  }
}
