package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class WebhookGitlabExtractorTest {

  private final GitlabExtractor extractor = new GitlabExtractor(Payloads.reader());

  /**
   * The real pipeline payload with the variables a pipeline created with them carries (GitLab
   * reports a pipeline's creation variables in object_attributes.variables); added at run time.
   */
  static byte[] pipelineWith(String key, String value) {
    ObjectNode pipeline = Payloads.tree("gitlab/pipeline.json");
    ArrayNode variables = (ArrayNode) pipeline.get("object_attributes").get("variables");
    variables.addObject().put("key", key).put("value", value);
    return Payloads.bytes(pipeline);
  }

  @Test
  void successfulPipelineWithScangateImageNamesThatImage() {
    Extraction e = extractor.extract(Payloads.request(
        pipelineWith("SCANGATE_IMAGE", "registry.gitlab.com/jsmith/example:1.0.0"),
        Map.of("Idempotency-Key", "908a6d9e-45fd-46c8-97e6-c4f350f219dd",
            "X-Gitlab-Event-UUID", "13792a34-cac6-4fda-95a8-c58e00a3954e")));

    assertThat(e.deliveries()).singleElement().satisfies(d -> {
      assertThat(d.references()).containsExactly("registry.gitlab.com/jsmith/example:1.0.0");
      assertThat(d.id()).isEqualTo("908a6d9e-45fd-46c8-97e6-c4f350f219dd");
    });
  }

  @Test
  void scangateImagesListsSeveralSeparatedBySpacesOrCommas() {
    Extraction e = extractor.extract(Payloads.request(
        pipelineWith("SCANGATE_IMAGES", "reg.example/a:1, reg.example/b:1\nreg.example/c:1"),
        Map.of("X-Gitlab-Event-UUID", "13792a34-cac6-4fda-95a8-c58e00a3954e")));

    assertThat(e.deliveries().get(0).references())
        .containsExactly("reg.example/a:1", "reg.example/b:1", "reg.example/c:1");
    assertThat(e.deliveries().get(0).id()).isEqualTo("13792a34-cac6-4fda-95a8-c58e00a3954e");
  }

  @Test
  void pipelineWithoutTheVariableIsRefusedNamingIt() {
    assertThatThrownBy(() -> extractor.extract(Payloads.request(
        Payloads.bytes("gitlab/pipeline.json"), Map.of())))
        .isInstanceOf(NoImageException.class)
        .hasMessage("gitlab payload has no container image: pipeline 31 has no variable"
            + " SCANGATE_IMAGE or SCANGATE_IMAGES");
  }

  @Test
  void runningPipelineIsIgnored() {
    ObjectNode running = (ObjectNode) Payloads.JSON.readTree(
        pipelineWith("SCANGATE_IMAGE", "reg.example/a:1"));
    ((ObjectNode) running.get("object_attributes")).put("status", "running");

    Extraction e = extractor.extract(Payloads.request(Payloads.bytes(running), Map.of()));

    assertThat(e.deliveries()).isEmpty();
    assertThat(e.ignoredSummary()).contains("pipeline 31 status running");
  }

  @Test
  void tagPushAndJobEventsCarryNoImage() {
    assertThatThrownBy(() -> extractor.extract(Payloads.request(
        Payloads.bytes("gitlab/tag_push.json"), Map.of())))
        .isInstanceOf(NoImageException.class)
        .hasMessageStartingWith("gitlab payload has no container image: object_kind tag_push");
    assertThatThrownBy(() -> extractor.extract(Payloads.request(
        Payloads.bytes("gitlab/job.json"), Map.of())))
        .isInstanceOf(NoImageException.class)
        .hasMessageStartingWith("gitlab payload has no container image: object_kind build");
  }
}
