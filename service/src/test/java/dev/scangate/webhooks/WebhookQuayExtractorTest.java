package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class WebhookQuayExtractorTest {

  private final QuayExtractor extractor = new QuayExtractor(Payloads.reader(), null);

  @Test
  void repoPushNamesOneReferencePerUpdatedTag() {
    Extraction e = extractor.extract(Payloads.request(Payloads.bytes("quay/repo_push.json"),
        Map.of()));

    assertThat(e.deliveries()).singleElement().satisfies(d ->
        assertThat(d.references()).containsExactly("quay.io/mynamespace/repository:latest"));
  }

  @Test
  void severalTagsAndCosignTags() {
    ObjectNode push = Payloads.tree("quay/repo_push.json");
    push.putArray("updated_tags").add("latest").add("1.2")
        .add("sha256-954b378c375d852eb3c63ab88978f640b4348b01c1b3456a024a81536dafbbf4.sig");

    Extraction e = extractor.extract(Payloads.request(Payloads.bytes(push), Map.of()));

    assertThat(e.deliveries().get(0).references()).containsExactly(
        "quay.io/mynamespace/repository:latest", "quay.io/mynamespace/repository:1.2");
    assertThat(e.ignoredSummary()).startsWith("cosign signature tag sha256-954b");
  }

  @Test
  void configuredRegistryReplacesTheDockerUrlHost() {
    Extraction e = new QuayExtractor(Payloads.reader(), "quay.internal.example")
        .extract(Payloads.request(Payloads.bytes("quay/repo_push.json"), Map.of()));

    assertThat(e.deliveries().get(0).references())
        .containsExactly("quay.internal.example/mynamespace/repository:latest");
  }

  @Test
  void vulnerabilityNotificationIsIgnored() {
    Extraction e = extractor.extract(Payloads.request(
        Payloads.bytes("quay/vulnerability_found.json"), Map.of()));

    assertThat(e.deliveries()).isEmpty();
    assertThat(e.ignoredSummary()).isEqualTo("quay vulnerability notification");
  }

  @Test
  void payloadWithoutUpdatedTagsIsRefused() {
    assertThatThrownBy(() -> extractor.extract(Payloads.request(
        Payloads.bytes("harbor/push_artifact.default.json"), Map.of())))
        .isInstanceOf(NoImageException.class)
        .hasMessageStartingWith("quay payload has no container image: updated_tags is missing");
  }
}
