package dev.scangate.catalog.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.FileEntry;
import dev.scangate.catalog.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The extractor on real images: built by umoci (gzip layers, real {@code .wh.} entries, a hard
 * link, symlinks, a PAX header) and recompressed to zstd by skopeo, with
 * src/test/scripts/build-layer-images.sh at test time. Needs umoci and skopeo (dev/test-env.sh
 * installs them).
 */
class LayerExtractorUmociIT {

  private static final String LONG_DIR = "/usr/lib/node_modules/@scangate/"
      + "long-package-name-".repeat(6) + "x";

  @TempDir
  static Path images;

  @TempDir
  Path work;

  @BeforeAll
  static void buildImages() throws Exception {
    Process build = new ProcessBuilder("bash", "src/test/scripts/build-layer-images.sh",
        images.toString()).redirectErrorStream(true).start();
    byte[] output = build.getInputStream().readAllBytes();
    assertThat(build.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(build.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
  }

  private static Path layout(String compression) {
    return images.resolve(compression.equals("zstd") ? "oci-zstd" : "oci");
  }

  private static String read(ExtractedFilesystem fs, String path) throws IOException {
    try (InputStream in = fs.open(fs.file(path).orElseThrow(() -> new AssertionError(path)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "zstd"})
  void buildsTheFinalFilesystemOfARealImage(String compression) throws IOException {
    OciLayoutSource source = new OciLayoutSource(layout(compression), "layers");
    assertThat(source.layers()).extracting(Layer::mediaType)
        .containsOnly("application/vnd.oci.image.layer.v1.tar+" + compression);
    FileFilter wanted = (path, size, mode) -> !path.startsWith("/opt/app/sub");
    try (ExtractedFilesystem fs = new LayerExtractor(CatalogLimits.defaults())
        .extract(source, wanted, work)) {
      assertThat(fs.layers()).allSatisfy(layer -> {
        assertThat(layer.warnings()).isEmpty();
        assertThat(layer.compression()).isEqualTo(compression);
      });
      // symlink chain, relative target
      FileEntry osRelease = fs.file("/etc/os-release").orElseThrow();
      assertThat(osRelease.path()).isEqualTo("/usr/lib/os-release");
      assertThat(read(fs, "/etc/os-release")).startsWith("ID=debian\n");
      // deleted in layer 1 through etc/.wh.gone.txt
      assertThat(fs.lookup("/etc/gone.txt")).isEmpty();
      // /opt/app replaced: umoci wrote .wh.a.jar and .wh.sub next to new.jar
      assertThat(fs.files(p -> p.startsWith("/opt/"))).extracting(FileEntry::path)
          .containsExactly("/opt/app/new.jar");
      assertThat(fs.lookup("/opt/app/sub")).isEmpty();
      // changed in layer 1
      assertThat(read(fs, "/var/lib/dpkg/status")).contains("Version: 12.4+deb12u5");
      assertThat(fs.file("/var/lib/dpkg/status").orElseThrow().layerDigest())
          .isEqualTo(source.layers().get(1).digest());
      // hard link
      assertThat(fs.lookup("/usr/bin/tool-hardlink").orElseThrow().kind())
          .isEqualTo(EntryKind.HARDLINK);
      assertThat(read(fs, "/usr/bin/tool-hardlink")).isEqualTo("#!/bin/sh\necho tool\n");
      assertThat(fs.file("/usr/bin/tool-hardlink").orElseThrow().executable()).isTrue();
      // merged /usr: /lib -> usr/lib
      assertThat(fs.file("/lib/apk/db/installed").orElseThrow().path())
          .isEqualTo("/usr/lib/apk/db/installed");
      // PAX path
      assertThat(read(fs, LONG_DIR + "/package.json")).contains("\"@scangate/long\"");
      assertThat(fs.totalEntries()).isEqualTo(rawEntries(source).size());
    }
  }

  @Test
  void umociWroteRealWhiteoutEntries() throws IOException {
    OciLayoutSource source = new OciLayoutSource(layout("gzip"), "layers");
    assertThat(rawEntries(source)).contains("etc/.wh.gone.txt", "opt/app/.wh.a.jar",
        "opt/app/.wh.sub", "usr/bin/tool-hardlink");
    assertThat(rawEntries(new OciLayoutSource(layout("zstd"), "layers")))
        .contains("etc/.wh.gone.txt");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "zstd"})
  void realLayerBlobCutInHalfFailsNamingTheLayer(String compression) throws IOException {
    OciLayoutSource image = new OciLayoutSource(layout(compression), "layers");
    Layer base = image.layers().get(0);
    byte[] blob;
    try (InputStream in = image.open(base)) {
      blob = in.readAllBytes();
    }
    byte[] half = Arrays.copyOf(blob, blob.length / 2);
    MemoryLayerSource source = new MemoryLayerSource().add(base.mediaType(), half);
    assertThatThrownBy(() -> new LayerExtractor(CatalogLimits.defaults())
        .extract(source, (p, s, m) -> true, work))
        .isInstanceOf(CorruptLayerException.class)
        .hasMessage("layer " + source.digest(0) + " is truncated or corrupt: unexpected end of "
            + compression + " stream");
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void cutBlobInsideTheLayoutFailsItsDigestCheck() throws IOException {
    OciLayoutSource image = new OciLayoutSource(layout("gzip"), "layers");
    Layer base = image.layers().get(0);
    Path blob = layout("gzip").resolve("blobs/sha256/" + base.digest().substring(7));
    byte[] original = Files.readAllBytes(blob);
    try {
      Files.write(blob, Arrays.copyOf(original, original.length / 2));
      assertThatThrownBy(() -> new LayerExtractor(CatalogLimits.defaults())
          .extract(image, (p, s, m) -> true, work))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("blob " + base.digest() + " in OCI layout " + layout("gzip")
              + " does not match its digest");
    } finally {
      Files.write(blob, original);
    }
  }

  /** The raw tar entry names of all layers, as GNU tar lists them. */
  private static List<String> rawEntries(OciLayoutSource source) throws IOException {
    List<String> names = new ArrayList<>();
    for (Layer layer : source.layers()) {
      Path blob = source.layout().resolve("blobs/sha256/" + layer.digest().substring(7));
      Process tar = new ProcessBuilder("tar", "-tf", blob.toString()).start();
      String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      assertThat(tar.exitValue()).isZero();
      listing.lines().forEach(names::add);
    }
    return names;
  }
}
