package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.image.Digest;
import dev.scangate.image.Platform;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageConfigTest {

  @Test
  void readsTheConfigOfTheTestImage() {
    byte[] bytes = TestFiles.read("oci-config-amd64.json");

    ImageConfig config = ImageConfig.parse(bytes);

    assertThat(config.platform()).isEqualTo(Platform.DEFAULT);
    assertThat(config.user()).isEqualTo("1000:1000");
    assertThat(config.labels()).containsExactly(
        java.util.Map.entry("dev.scangate.test", "files"));
    assertThat(config.created()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(config.env()).containsExactly("PATH=/usr/bin:/bin");
    assertThat(config.entrypoint()).isEmpty();
    assertThat(config.cmd()).isEmpty();
    assertThat(config.diffIds()).containsExactly(Digest.parse(
        "sha256:75fb5f1a93734af810bf7436e2d01f4ac7ffe69471ab2a113c1d242692dbbfb8"));
    assertThat(config.historyCount()).isEqualTo(1);
    assertThat(config.raw()).isEqualTo(bytes);
  }

  @Test
  void readsEntrypointCmdAndFractionalCreated() {
    ImageConfig config = ImageConfig.parse(TestFiles.read("oci-config-umoci-entrypoint.json"));

    assertThat(config.architecture()).isEqualTo("arm");
    assertThat(config.user()).isEqualTo("nobody");
    assertThat(config.entrypoint()).containsExactly("/usr/bin/run.sh", "--verbose");
    assertThat(config.cmd()).containsExactly("serve");
    assertThat(config.env()).containsExactly("PATH=/usr/bin:/bin", "A=1", "B=x=y");
    assertThat(config.labels()).containsEntry("org.opencontainers.image.source",
        "https://example.com/app");
    assertThat(config.created()).isEqualTo(Instant.parse("2024-02-03T04:05:06.789Z"));
    assertThat(config.historyCount()).isEqualTo(2);
  }

  @Test
  void theCorruptedConfigStillParsesButDoesNotHashToItsDigest() {
    // The digest check, not the parser, is what catches tampering.
    byte[] bytes = TestFiles.read("oci-config-corrupted-in-storage.json");

    assertThat(ImageConfig.parse(bytes).labels()).containsEntry("dev.scangate.test", "CORRUPT");
    assertThat(Digest.parse(
        "sha256:13f7ee30a68a4f346088e2f402af9869ae9c4ef3638f432c24731f860c380154")
        .matchesContent(bytes)).isFalse();
  }

  @Test
  void refusesTruncatedConfigsAndBadDiffIds() {
    byte[] real = TestFiles.read("oci-config-amd64.json");

    assertThatThrownBy(() -> ImageConfig.parse(Arrays.copyOf(real, 100)))
        .hasMessageContaining("config is not valid JSON");
    assertThatThrownBy(() -> ImageConfig.parse(new String(real, "UTF-8")
        .replace("sha256:75fb", "md5:75fb").getBytes("UTF-8")))
        .hasMessageContaining("config.rootfs.diff_ids[0]");
  }
}
