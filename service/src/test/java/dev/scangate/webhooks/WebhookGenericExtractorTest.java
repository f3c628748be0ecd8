package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** scangate's own format: the bodies here are that format, not another system's output. */
class WebhookGenericExtractorTest {

  private final GenericExtractor extractor = new GenericExtractor(Payloads.reader());

  @Test
  void imageAndImagesAreBothRead() {
    Extraction e = extractor.extract(Payloads.request(
        "{\"image\":\"reg.example/a:1\",\"images\":[\"reg.example/b:1\"]}".getBytes(),
        Map.of("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")));

    assertThat(e.deliveries()).singleElement().satisfies(d -> {
      assertThat(d.references()).containsExactly("reg.example/a:1", "reg.example/b:1");
      assertThat(d.id()).isEqualTo("msg_p5jXN8AQM9LWM0D4loKWxJek");
    });
  }

  @Test
  void bodyWithoutImagesIsRefused() {
    assertThatThrownBy(() -> extractor.extract(Payloads.request("{\"images\":[]}".getBytes(),
        Map.of("webhook-id", "msg_1"))))
        .isInstanceOf(NoImageException.class)
        .hasMessageStartingWith("generic payload has no container image: neither");
  }

  @Test
  void notJsonIsMalformed() {
    assertThatThrownBy(() -> extractor.extract(Payloads.request("image=a".getBytes(),
        Map.of("webhook-id", "msg_1"))))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessageContaining("line 1");
  }
}
