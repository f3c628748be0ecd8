package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class WebhookHarborExtractorTest {

  private final HarborExtractor extractor = new HarborExtractor(Payloads.reader(), null);

  private Extraction extract(byte[] body) {
    return extractor.extract(Payloads.request(body, Map.of()));
  }

  @Test
  void pushArtifactBecomesDigestReferenceOnTheResourceHost() {
    byte[] body = Payloads.bytes("harbor/push_artifact.default.json");
    Extraction e = extract(body);

    assertThat(e.deliveries()).singleElement().satisfies(d -> {
      assertThat(d.references()).containsExactly("localhost/harbor/alpine@sha256:"
          + "954b378c375d852eb3c63ab88978f640b4348b01c1b3456a024a81536dafbbf4");
      // Harbor sends no delivery id: the body's digest is the id.
      assertThat(d.id()).isEqualTo(dev.scangate.image.Digest.sha256(body).toString());
      assertThat(d.contentAddressed()).isTrue();
    });
  }

  @Test
  void configuredRegistryReplacesTheResourceHost() {
    Extraction e = new HarborExtractor(Payloads.reader(), "harbor.example.com:8443")
        .extract(Payloads.request(Payloads.bytes("harbor/push_artifact.default.json"), Map.of()));

    assertThat(e.deliveries().get(0).references().get(0))
        .startsWith("harbor.example.com:8443/harbor/alpine@sha256:954b");
  }

  @Test
  void cloudEventsPushIsRead() {
    // Harbor's CloudEvents deletion as recorded, with the push type: the data is shaped alike.
    ObjectNode pushed = Payloads.tree("harbor/artifact_deleted.cloudevents.json");
    pushed.put("type", "harbor.artifact.pushed");

    Extraction e = extract(Payloads.bytes(pushed));

    assertThat(e.deliveries().get(0).references()).containsExactly("localhost/harbor/alpine@"
        + "sha256:2bb501e6173d9d006e56de5bce2720eb06396803300fe1687b58a7ff32bf4c14");
  }

  @Test
  void otherEventTypesAreIgnoredInBothFormats() {
    assertThat(extract(Payloads.bytes("harbor/pull_artifact.default.json")).ignoredSummary())
        .isEqualTo("harbor event PULL_ARTIFACT is not an artifact push");
    assertThat(extract(Payloads.bytes("harbor/delete_artifact.default.json")).deliveries())
        .isEmpty();
    assertThat(extract(Payloads.bytes("harbor/scanning_completed.default.json")).deliveries())
        .isEmpty();
    assertThat(extract(Payloads.bytes("harbor/artifact_deleted.cloudevents.json"))
        .ignoredSummary()).isEqualTo("harbor event harbor.artifact.deleted is not an artifact"
        + " push");
    assertThat(extract(Payloads.bytes("harbor/scan_completed.cloudevents.json")).deliveries())
        .isEmpty();
  }

  @Test
  void payloadOfAnotherShapeIsRefused() {
    assertThatThrownBy(() -> extract(Payloads.bytes("quay/repo_push.json")))
        .isInstanceOf(NoImageException.class)
        .hasMessageStartingWith("harbor payload has no container image: type is missing");
  }

  @Test
  void pushWithoutResourcesIsRefused() {
    ObjectNode empty = Payloads.tree("harbor/push_artifact.default.json");
    ((ObjectNode) empty.get("event_data")).putArray("resources");

    assertThatThrownBy(() -> extract(Payloads.bytes(empty)))
        .isInstanceOf(NoImageException.class)
        .hasMessage("harbor payload has no container image: event_data.resources is empty");
  }
}
