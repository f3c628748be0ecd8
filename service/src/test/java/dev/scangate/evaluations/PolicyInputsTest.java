package dev.scangate.evaluations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.images.ImageDetail;
import org.junit.jupiter.api.Test;

/** Which entries of an image index count as its platforms when the index is evaluated. */
class PolicyInputsTest {

  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  @Test
  void platformImagesCountAttestationManifestsAndArtifactsDoNot() {
    assertThat(PolicyInputs.isPlatform(child("linux/amd64", OCI_MANIFEST))).isTrue();
    assertThat(PolicyInputs.isPlatform(child("linux/arm64/v8", DOCKER_MANIFEST))).isTrue();
    // BuildKit's provenance and SBOM attestations sit in the index as unknown/unknown
    assertThat(PolicyInputs.isPlatform(child("unknown/unknown", OCI_MANIFEST))).isFalse();
    assertThat(PolicyInputs.isPlatform(child(null, OCI_MANIFEST))).isFalse();
    assertThat(PolicyInputs.isPlatform(child("linux/amd64",
        "application/vnd.oci.image.index.v1+json"))).isFalse();
  }

  private static ImageDetail.Child child(String platform, String mediaType) {
    return new ImageDetail.Child("sha256:" + "a".repeat(64), platform, mediaType, 1234);
  }
}
