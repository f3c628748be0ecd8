package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.image.Digest;
import dev.scangate.image.Platform;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ManifestContentTest {

  private static final String OCI_MANIFEST = MediaTypes.OCI_MANIFEST;

  @Test
  void readsAnUmociManifestWithoutMediaTypeFieldFromTheContentType() {
    byte[] bytes = TestFiles.read("oci-manifest-umoci.json");

    ManifestContent content = ManifestContent.parse(bytes, OCI_MANIFEST);

    assertThat(Digest.sha256(bytes).toString()).isEqualTo(
        "sha256:1d6a81cdd0338ccec3aad2b6099b4e74b99306b7efed4df6a301f761ca2cf7f6");
    assertThat(content).isInstanceOf(ImageManifest.class);
    ImageManifest manifest = (ImageManifest) content;
    assertThat(manifest.mediaType()).isEqualTo(OCI_MANIFEST);
    assertThat(manifest.config()).isEqualTo(new Descriptor(MediaTypes.OCI_CONFIG,
        Digest.parse("sha256:f70655d2679b2029a88a57ef465c5d55e061f76e6cdef90f150ccf7692352181"),
        361, null, null));
    assertThat(manifest.layers()).singleElement().satisfies(layer -> {
      assertThat(layer.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
      assertThat(layer.digest().toString()).isEqualTo(
          "sha256:e43d72a513304ce1ca5b13b6346252ff096a049a118a58568ac63b5edba13c00");
      assertThat(layer.size()).isEqualTo(245);
    });
    assertThat(manifest.subjectDescriptor()).isEmpty();
  }

  @Test
  void infersAnOciManifestFromItsShapeWhenNeitherFieldNorHeaderSaysSo() {
    ManifestContent content =
        ManifestContent.parse(TestFiles.read("oci-manifest-umoci.json"), "application/json");

    assertThat(content.mediaType()).isEqualTo(OCI_MANIFEST);
  }

  @Test
  void readsAnOciIndexAndSelectsPlatforms() {
    ImageIndex index = (ImageIndex) ManifestContent.parse(TestFiles.read("oci-index.json"),
        MediaTypes.OCI_INDEX);

    assertThat(index.platforms()).containsExactly(Platform.parse("linux/amd64"),
        Platform.parse("linux/arm64"));
    assertThat(index.select(Platform.DEFAULT).digest().toString()).isEqualTo(
        "sha256:1d6a81cdd0338ccec3aad2b6099b4e74b99306b7efed4df6a301f761ca2cf7f6");
    assertThat(index.select(Platform.parse("linux/arm64/v8")).digest().toString()).isEqualTo(
        "sha256:a5486be0d77bc59e7d673b441d61af5eecc4a1b93ecdd7c9a9c9e3b7fa682993");
    assertThat(Digest.sha256(TestFiles.read("oci-manifest-arm64.json")))
        .isEqualTo(index.select(Platform.parse("linux/arm64")).digest());
  }

  @Test
  void namesTheAvailablePlatformsWhenOneIsMissing() {
    ImageIndex index = (ImageIndex) ManifestContent.parse(TestFiles.read("oci-index.json"), null);

    assertThatThrownBy(() -> index.select(Platform.parse("linux/s390x")))
        .isInstanceOf(PlatformNotFoundException.class)
        .hasMessage("no linux/s390x in index; available: linux/amd64, linux/arm64");
  }

  @Test
  void readsDockerV2Schema2ManifestsAndManifestLists() {
    ImageManifest manifest = (ImageManifest) ManifestContent.parse(
        TestFiles.read("docker-v2s2-manifest.json"), "text/plain");
    ImageIndex list = (ImageIndex) ManifestContent.parse(
        TestFiles.read("docker-manifest-list.json"), null);

    assertThat(manifest.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(manifest.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(manifest.layers()).extracting(Descriptor::size).containsExactly(245L);
    assertThat(list.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(list.select(Platform.parse("linux/arm64")).digest().toString()).isEqualTo(
        "sha256:90245fdf8d5d7edb68e47c70ef745e7295a0315f720413194e7758f20e7caf33");
  }

  @Test
  void keepsAnnotations() {
    ImageManifest signature = (ImageManifest) ManifestContent.parse(
        TestFiles.read("cosign-signature-manifest.json"), null);

    assertThat(signature.layers()).hasSize(3).allSatisfy(layer -> {
      assertThat(layer.mediaType()).isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
      assertThat(layer.annotations()).containsKey("dev.cosignproject.cosign/signature");
    });
  }

  @Test
  void refusesSchema1Manifests() {
    byte[] schema1 = TestFiles.read("docker-v2s1-signed-manifest.json");

    assertThatThrownBy(() -> ManifestContent.parse(schema1,
        "application/vnd.docker.distribution.manifest.v1+prettyjws"))
        .hasMessageContaining("schema 1 manifest")
        .hasMessageContaining("not supported");
    assertThatThrownBy(() -> ManifestContent.parse(schema1, null))
        .hasMessageContaining("schema 1 manifest");
  }

  @Test
  void refusesUnknownMediaTypes() {
    byte[] helmChart = replace(TestFiles.read("docker-v2s2-manifest.json"),
        MediaTypes.DOCKER_MANIFEST, "application/vnd.cncf.helm.chart.v1+json");

    assertThatThrownBy(() -> ManifestContent.parse(helmChart, null))
        .hasMessageContaining("unsupported manifest media type"
            + " \"application/vnd.cncf.helm.chart.v1+json\"");
  }

  @Test
  void refusesAnIndexThatAlsoHasLayers() {
    // Manifest confusion: the same bytes must not read as an index to one tool and an image to
    // another.
    byte[] confused = replace(TestFiles.read("docker-v2s2-manifest.json"),
        MediaTypes.DOCKER_MANIFEST, MediaTypes.OCI_INDEX);

    assertThatThrownBy(() -> ManifestContent.parse(confused, null))
        .hasMessageContaining("has \"config\" or \"layers\", like a manifest");
  }

  @Test
  void refusesTruncatedEmptyAndDuplicateKeyDocuments() {
    byte[] real = TestFiles.read("oci-manifest-umoci.json");
    byte[] truncated = Arrays.copyOf(real, real.length / 2);
    byte[] duplicate = replace(real, "{\"schemaVersion\":2,",
        "{\"schemaVersion\":2,\"schemaVersion\":2,");

    assertThatThrownBy(() -> ManifestContent.parse(truncated, OCI_MANIFEST))
        .hasMessageContaining("manifest is not valid JSON");
    assertThatThrownBy(() -> ManifestContent.parse(new byte[0], OCI_MANIFEST))
        .hasMessageContaining("manifest is not");
    assertThatThrownBy(() -> ManifestContent.parse(duplicate, OCI_MANIFEST))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void namesTheBrokenDescriptorField() {
    byte[] badDigest = replace(TestFiles.read("oci-manifest-umoci.json"),
        "sha256:e43d72a5", "sha256:E43D72A5");
    byte[] noSize = replace(TestFiles.read("oci-manifest-umoci.json"), ",\"size\":245", "");

    assertThatThrownBy(() -> ManifestContent.parse(badDigest, OCI_MANIFEST))
        .hasMessageContaining("manifest.layers[0].digest");
    assertThatThrownBy(() -> ManifestContent.parse(noSize, OCI_MANIFEST))
        .hasMessageContaining("manifest.layers[0].size is missing");
  }

  private static byte[] replace(byte[] bytes, String from, String to) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!text.contains(from)) {
      throw new IllegalArgumentException("test data does not contain " + from);
    }
    return text.replace(from, to).getBytes(StandardCharsets.UTF_8);
  }
}
