package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookDockerHubExtractorTest {

  private final DockerHubExtractor extractor = new DockerHubExtractor(Payloads.reader(), null);

  @Test
  void pushBecomesDockerHubTagReference() {
    Extraction e = extractor.extract(Payloads.request(
        Payloads.bytes("dockerhub/push.payload.json"), Map.of()));

    assertThat(e.deliveries()).singleElement().satisfies(d -> {
      assertThat(d.references()).containsExactly("docker.io/svendowideit/testhook:latest");
      assertThat(d.contentAddressed()).isTrue();
    });
  }

  @Test
  void callbackPayloadHasNoPushData() {
    assertThatThrownBy(() -> extractor.extract(Payloads.request(
        Payloads.bytes("dockerhub/callback.payload.json"), Map.of())))
        .isInstanceOf(NoImageException.class)
        .hasMessage("dockerhub payload has no container image: push_data.tag is missing");
  }

  @Test
  void emptyBodyIsMalformed() {
    assertThatThrownBy(() -> extractor.extract(Payloads.request(new byte[0], Map.of())))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessage("the dockerhub payload is not valid: the body is empty");
  }
}
