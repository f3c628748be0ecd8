package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrySettingsTest {

  @Test
  void defaultsAreThePublicRegistriesAndSafeLimits() {
    RegistrySettings settings = RegistrySettings.defaults();

    assertThat(settings.allowed()).containsExactly("docker.io", "ghcr.io", "quay.io", "gcr.io",
        "registry.k8s.io", "public.ecr.aws", "mcr.microsoft.com");
    assertThat(settings.insecure()).isEmpty();
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.maxAttempts()).isEqualTo(4);
    assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.maxManifestBytes()).isEqualTo(4L * 1024 * 1024);
    assertThat(settings.maxConfigBytes()).isEqualTo(8L * 1024 * 1024);
  }

  @Test
  void nullsMeanDefaults() {
    RegistrySettings settings = new RegistrySettings(null, null, null, null, null, null, 4, null,
        null, 1, 1);

    assertThat(settings.allowed()).isEqualTo(RegistrySettings.DEFAULT_ALLOWED);
    assertThat(settings.readTimeout()).isEqualTo(RegistrySettings.DEFAULT_READ_TIMEOUT);
  }

  @Test
  void normalizesEntries() {
    RegistrySettings settings = RegistrySettings.defaults()
        .withAllowed(" Registry.Example.COM:5000 ", "index.docker.io", "[::1]:5000");

    assertThat(settings.allowed())
        .containsExactly("registry.example.com:5000", "docker.io", "[::1]:5000");
  }

  @Test
  void rejectsMalformedEntriesNamingTheSetting() {
    assertThatThrownBy(() -> RegistrySettings.defaults().withAllowed("https://ghcr.io"))
        .hasMessageContaining("allowed entry \"https://ghcr.io\" is not host[:port]");
    assertThatThrownBy(() -> RegistrySettings.defaults().withInsecure("reg/path"))
        .hasMessageContaining("insecure entry");
    assertThatThrownBy(() -> RegistrySettings.defaults().withAllowed(""))
        .hasMessageContaining("allowed has an empty entry");
  }

  @Test
  void rejectsNonsenseNumbers() {
    RegistrySettings d = RegistrySettings.defaults();
    assertThatThrownBy(() -> d.withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1)))
        .hasMessageContaining("maxAttempts must be at least 1");
    assertThatThrownBy(() -> d.withRetries(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> d.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("connectTimeout must be positive");
    assertThatThrownBy(() -> d.withLimits(0, 1)).hasMessageContaining("maxManifestBytes");
  }

  @Test
  void listsAreImmutableCopies() {
    List<String> entries = new java.util.ArrayList<>(List.of("a.example"));
    RegistrySettings settings = new RegistrySettings(entries, List.of(), List.of(), null, null,
        null, 1, null, null, 1, 1);
    entries.add("b.example");

    assertThat(settings.allowed()).containsExactly("a.example");
    assertThatThrownBy(() -> settings.allowed().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
