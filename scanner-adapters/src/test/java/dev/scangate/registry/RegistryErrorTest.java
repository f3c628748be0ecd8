package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryErrorTest {

  @Test
  void readsTheErrorBodiesOfDistribution() {
    List<RegistryError> unknown = RegistryError.parseAll(TestFiles.read("error-manifest-unknown.json"));
    List<RegistryError> unauthorized =
        RegistryError.parseAll(TestFiles.read("error-unauthorized.json"));

    assertThat(unknown).containsExactly(
        new RegistryError("MANIFEST_UNKNOWN", "manifest unknown", "{\"Tag\":\"nope\"}"));
    assertThat(unknown.get(0).meansNotFound()).isTrue();
    assertThat(unauthorized).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo("UNAUTHORIZED");
      assertThat(e.toString()).isEqualTo("UNAUTHORIZED: authentication required");
      assertThat(e.meansNotFound()).isFalse();
    });
    assertThat(RegistryError.parseAll(TestFiles.read("error-blob-unknown.json")))
        .singleElement().extracting(RegistryError::meansNotFound).isEqualTo(true);
  }

  @Test
  void describesAResponseTheWayMessagesShowIt() {
    assertThat(RegistryException.describe(401,
        RegistryError.parseAll(TestFiles.read("error-unauthorized.json"))))
        .isEqualTo("401 Unauthorized (UNAUTHORIZED: authentication required)");
    assertThat(RegistryException.describe(503, List.of())).isEqualTo("503 Service Unavailable");
    assertThat(RegistryException.describe(418, List.of())).isEqualTo("418 HTTP 418");
  }

  @Test
  void bodiesThatAreNotRegistryErrorsGiveNone() {
    assertThat(RegistryError.parseAll(null)).isEmpty();
    assertThat(RegistryError.parseAll(new byte[0])).isEmpty();
    assertThat(RegistryError.parseAll("<html><body>502 Bad Gateway</body></html>"
        .getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(RegistryError.parseAll("{\"errors\":\"nope\"}".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }
}
