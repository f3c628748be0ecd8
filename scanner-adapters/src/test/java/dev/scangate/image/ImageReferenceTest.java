package dev.scangate.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  private static final String SHA256 =
      "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";
  private static final String SHA512 = "sha512:" + "ab".repeat(64);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "nginx, docker.io/library/nginx:latest",
      "nginx:1.25, docker.io/library/nginx:1.25",
      "library/nginx, docker.io/library/nginx:latest",
      "bitnami/redis:7.2, docker.io/bitnami/redis:7.2",
      "docker.io/nginx, docker.io/library/nginx:latest",
      "index.docker.io/library/nginx:1, docker.io/library/nginx:1",
      "ghcr.io/org/team/app:v1.2.3, ghcr.io/org/team/app:v1.2.3",
      "localhost/app, localhost/app:latest",
      "localhost:5000/app:dev, localhost:5000/app:dev",
      "127.0.0.1:5000/a/b/c:1, 127.0.0.1:5000/a/b/c:1",
      "REGISTRY.Example.com/app, registry.example.com/app:latest",
      "[::1]:5000/app:1, [::1]:5000/app:1",
      "quay.io/a__b/c.d-e---f:x_Y.z-, quay.io/a__b/c.d-e---f:x_Y.z-",
  })
  void normalizesLikeTheDistributionGrammar(String input, String expected) {
    assertThat(ImageReference.parse(input).toString()).isEqualTo(expected);
  }

  @Test
  void keepsTagAndDigestTogether() {
    ImageReference ref = ImageReference.parse("127.0.0.1:5000/app:1.0@" + SHA256);
    assertThat(ref.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(ref.repository()).isEqualTo("app");
    assertThat(ref.tag()).isEqualTo("1.0");
    assertThat(ref.digest()).hasToString(SHA256);
    assertThat(ref.manifestReference()).isEqualTo(SHA256);
    assertThat(ref.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void digestOnlyReferenceHasNoTag() {
    ImageReference ref = ImageReference.parse("alpine@" + SHA512);
    assertThat(ref.tag()).isNull();
    assertThat(ref.toString()).isEqualTo("docker.io/library/alpine@" + SHA512);
    assertThat(ref.digest().algorithm()).isEqualTo("sha512");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      " nginx",
      "Nginx",
      "docker.io/Library/nginx",
      "nginx:",
      "nginx:-bad",
      "nginx:" + "t123456789t123456789t123456789t123456789t123456789t123456789t123456789t123456789"
          + "t123456789t123456789t123456789t123456789t123456789",
      "nginx@sha256:abc",
      "nginx@sha256:6C3C624B58DBBCD3C0DD82B4C53F04194D1247C6EEBDAAB7C610CF7D66709B3B",
      "nginx@md5:d41d8cd98f00b204e9800998ecf8427e",
      "registry.example.com//app",
      "registry.example.com/app/",
      "-registry.example.com/app",
      "app--/x",
      "a/b_-c",
      "https://registry.example.com/app",
      ":latest",
  })
  void rejectsInvalidReferencesQuotingTheInput(String input) {
    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("\"" + input + "\"")
        .hasMessageContaining("example");
  }

  @Test
  void explainsUppercase() {
    assertThatThrownBy(() -> ImageReference.parse("registry.example.com/MyApp:1"))
        .hasMessageContaining("lowercase");
  }

  @Test
  void rejectsNamesLongerThan255() {
    String longName = "registry.example.com/" + "a".repeat(250);
    assertThatThrownBy(() -> ImageReference.parse(longName))
        .hasMessageContaining("255");
  }

  @Test
  void digestChecksContent() {
    byte[] content = "hello".getBytes();
    Digest d = Digest.sha256(content);
    assertThat(d.hex()).isEqualTo(
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assertThat(d.matchesContent(content)).isTrue();
    assertThat(d.matchesContent("hellO".getBytes())).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"linux/amd64, linux/amd64", "linux/arm64/v8, linux/arm64", "linux/arm/v7, linux/arm/v7",
      "windows/amd64, windows/amd64"})
  void parsesPlatforms(String input, String expected) {
    assertThat(Platform.parse(input)).hasToString(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"linux", "linux/amd65", "beos/amd64", "linux/arm/7", "linux/arm/v7/x", "/"})
  void rejectsUnknownPlatforms(String input) {
    assertThatThrownBy(() -> Platform.parse(input))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("linux/");
  }

  @Test
  void platformVariantMatching() {
    Platform armV7 = Platform.parse("linux/arm/v7");
    assertThat(armV7.satisfies(Platform.parse("linux/arm"))).isTrue();
    assertThat(Platform.parse("linux/arm/v6").satisfies(armV7)).isFalse();
    assertThat(Platform.DEFAULT.satisfies(Platform.parse("linux/arm64"))).isFalse();
  }
}
