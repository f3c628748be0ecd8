package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.image.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {

  private static final byte[] LAYER = TestFiles.read("layer-e43d72a5.tar.gz");
  private static final Digest LAYER_DIGEST = Digest.parse(
      "sha256:e43d72a513304ce1ca5b13b6346252ff096a049a118a58568ac63b5edba13c00");

  private static InputStream verifying(byte[] served, long size) {
    return new VerifyingInputStream(new ByteArrayInputStream(served),
        new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", LAYER_DIGEST, size, null,
            Map.of()), "blob " + LAYER_DIGEST + " of reg/app", "pulling blob");
  }

  @Test
  void passesTheRealLayerThrough() throws IOException {
    try (InputStream in = verifying(LAYER, 245)) {
      assertThat(in.readAllBytes()).isEqualTo(LAYER);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void failsAtTheEndWhenOneByteChanged() {
    byte[] tampered = LAYER.clone();
    tampered[100] ^= 1;

    assertThatThrownBy(() -> verifying(tampered, 245).readAllBytes())
        .isInstanceOf(BlobVerificationException.class)
        .hasMessageStartingWith("digest mismatch: blob " + LAYER_DIGEST + " of reg/app hashed to"
            + " sha256:")
        .cause().isInstanceOf(DigestMismatchException.class);
  }

  @Test
  void keepsFailingAfterTheFirstFailure() throws IOException {
    byte[] tampered = LAYER.clone();
    tampered[0] ^= 1;
    InputStream in = verifying(tampered, 245);

    assertThatThrownBy(() -> in.readNBytes(1000)).isInstanceOf(BlobVerificationException.class);
    assertThatThrownBy(in::read).isInstanceOf(BlobVerificationException.class);
    assertThatThrownBy(in::read).isInstanceOf(BlobVerificationException.class);
  }

  @Test
  void failsWhenTheBodyIsShorterOrLongerThanTheDescriptor() {
    assertThatThrownBy(() -> verifying(Arrays.copyOf(LAYER, 200), 245).readAllBytes())
        .isInstanceOf(BlobVerificationException.class)
        .hasMessageContaining("digest mismatch");
    assertThatThrownBy(() -> verifying(LAYER, 244).readAllBytes())
        .isInstanceOf(BlobVerificationException.class)
        .hasMessageContaining("size mismatch")
        .hasMessageContaining("longer than the 244 bytes");
  }

  @Test
  void checksOnlyTheDigestWhenTheSizeIsUnknown() throws IOException {
    try (InputStream in = verifying(LAYER, Descriptor.UNKNOWN_SIZE)) {
      assertThat(in.skip(1000)).isEqualTo(245);
      assertThat(in.read()).isEqualTo(-1);
    }
  }
}
