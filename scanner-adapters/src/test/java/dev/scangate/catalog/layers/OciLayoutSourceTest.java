package dev.scangate.catalog.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading images from an OCI layout. The layouts are written at test time by
 * {@link OciLayoutWriter}; LayerExtractorUmociIT reads layouts written by umoci and skopeo.
 */
class OciLayoutSourceTest {

  @TempDir
  Path work;
  private Path layout;
  private OciLayoutWriter writer;
  private OciLayoutWriter.Blob layer;
  private OciLayoutWriter.Blob manifest;

  @BeforeEach
  void writeLayout() throws IOException {
    layout = work.resolve("oci");
    writer = new OciLayoutWriter(layout);
    layer = writer.blob(new TarBuilder().file("etc/hostname", "scangate").gzip(),
        MemoryLayerSource.OCI_GZIP);
    manifest = writer.image("v1", List.of(layer));
    writer.image("v2", List.of(layer, layer));
  }

  @Test
  void findsImageByTag() throws IOException {
    OciLayoutSource source = new OciLayoutSource(layout, "v1");
    assertThat(source.layers()).containsExactly(
        new Layer(layer.digest(), MemoryLayerSource.OCI_GZIP, layer.size()));
    assertThat(source.manifestDigest().toString()).isEqualTo(manifest.digest());
    assertThat(new OciLayoutSource(layout, "v2").layers()).hasSize(2);
  }

  @Test
  void findsImageByManifestDigest() throws IOException {
    assertThat(new OciLayoutSource(layout, manifest.digest()).layers()).hasSize(1);
  }

  @Test
  void unknownTagListsTheTagsThere() {
    assertThatThrownBy(() -> new OciLayoutSource(layout, "v3"))
        .isInstanceOf(IOException.class)
        .hasMessage("no image tagged v3 in this OCI layout; tags: v1, v2");
  }

  @Test
  void directoryWithoutOciLayoutFileIsRefused() {
    assertThatThrownBy(() -> new OciLayoutSource(work, "v1"))
        .isInstanceOf(IOException.class)
        .hasMessage(work + " is not an OCI image layout: it has no oci-layout file");
  }

  @Test
  void streamsLayerBlobsVerifyingTheirDigest() throws IOException {
    OciLayoutSource source = new OciLayoutSource(layout, "v1");
    try (ExtractedFilesystem fs = new LayerExtractor(CatalogLimits.defaults())
        .extract(source, (p, s, m) -> true, work.resolve("scratch"))) {
      try (InputStream in = fs.open(fs.file("/etc/hostname").orElseThrow())) {
        assertThat(in.readAllBytes()).asString().isEqualTo("scangate");
      }
    }
  }

  @Test
  void changedLayerBlobFailsTheExtraction() throws IOException {
    // a layer blob replaced by another valid gzip tar
    Files.write(writer.path(layer), new TarBuilder().file("etc/hostname", "attacker").gzip());
    OciLayoutSource source = new OciLayoutSource(layout, "v1");
    assertThatThrownBy(() -> new LayerExtractor(CatalogLimits.defaults())
        .extract(source, (p, s, m) -> true, work.resolve("scratch")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("blob " + layer.digest() + " in OCI layout " + layout
            + " does not match its digest: its content hashes to sha256:");
    assertThat(work.resolve("scratch")).isEmptyDirectory();
  }

  @Test
  void changedManifestIsRefused() throws IOException {
    Path file = writer.path(manifest);
    Files.writeString(file, Files.readString(file).replace("\"size\":", "\"size\": "));
    assertThatThrownBy(() -> new OciLayoutSource(layout, "v1"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("manifest " + manifest.digest() + " of image v1 in OCI layout "
            + layout);
  }
}
