package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class WebhookDistributionExtractorTest {

  private static final String MANIFEST =
      "sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf";
  private final DistributionExtractor extractor =
      new DistributionExtractor(Payloads.reader(), null);

  private Extraction extract(byte[] body) {
    return extractor.extract(Payloads.request(body, Map.of()));
  }

  @Test
  void manifestPushBecomesDigestReferenceAndBlobPushesAreIgnored() {
    Extraction e = extract(Payloads.bytes("registry-notifications/push-events.envelope.json"));

    assertThat(e.deliveries()).singleElement().satisfies(d -> {
      assertThat(d.references())
          .containsExactly("registrycluster.local/library/test@" + MANIFEST);
      assertThat(d.id()).isEqualTo("asdf-asdf-asdf-asdf-0");
      assertThat(d.contentAddressed()).isFalse();
    });
    assertThat(e.ignoredSummary()).isEqualTo("blob push (2 times)");
  }

  @Test
  void configuredRegistryReplacesRequestHost() {
    Extraction e = new DistributionExtractor(Payloads.reader(), "registry.example.com")
        .extract(Payloads.request(
            Payloads.bytes("registry-notifications/push-events.envelope.json"), Map.of()));

    assertThat(e.deliveries().get(0).references())
        .containsExactly("registry.example.com/library/test@" + MANIFEST);
  }

  @Test
  void pullIsIgnored() {
    Extraction e = extract(Payloads.bytes("registry-notifications/pull-event.envelope.json"));

    assertThat(e.deliveries()).isEmpty();
    assertThat(e.ignoredSummary()).isEqualTo("pull event");
  }

  @Test
  void everyManifestEventIsItsOwnDelivery() {
    ObjectNode envelope = Payloads.tree("registry-notifications/push-events.envelope.json");
    ObjectNode second = (ObjectNode) envelope.get("events").get(1);
    ((ObjectNode) second.get("target")).put("mediaType", "application/vnd.oci.image.index.v1+json")
        .put("tag", "1.0");

    Extraction e = extract(Payloads.bytes(envelope));

    assertThat(e.deliveries()).extracting(Extraction.Delivery::id)
        .containsExactly("asdf-asdf-asdf-asdf-0", "asdf-asdf-asdf-asdf-1");
  }

  @Test
  void envelopeWithoutEventsIsRefused() {
    assertThatThrownBy(() -> extract("{\"events\": []}".getBytes()))
        .isInstanceOf(NoImageException.class)
        .hasMessageStartingWith("distribution payload has no container image: events is missing");
  }

  @Test
  void wrongJsonTypeIsMalformed() {
    assertThatThrownBy(() -> extract("{\"events\": \"push\"}".getBytes())) // hand-made
        .isInstanceOf(MalformedPayloadException.class);
  }
}
