package dev.scangate.syft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.PackageType;
import dev.scangate.catalog.SkippedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Normalizes the real Syft outputs under src/test/resources/syft (see SOURCES.md there): syft
 * 0.12.7 (schema 1.0.1), schema 1.1.0, syft 0.94.0 (schema 11.0.1) and the current encoder's
 * snapshots. Each is compared with a golden listing under syft/expected/ (one line per package or
 * skipped artifact), reviewed by hand when it was recorded.
 */
class SyftJsonNormalizerTest {

  private final SyftJsonNormalizer normalizer = new SyftJsonNormalizer();

  @ParameterizedTest
  @CsvSource({
      "syft-0.12.7-ubuntu-20.04-pruned.json",
      "syft-schema-1.1.0-alpine.json",
      "syft-0.94.0-busybox-1.31.json",
      "syftjson-TestImageEncoder.golden.json",
      "syftjson-TestEncodeFullJSONDocument.golden.json",
  })
  void normalizedOutputMatchesItsGoldenListing(String file) {
    SyftOutput output = normalizer.normalize(read("/syft/" + file));

    assertThat(listing(output))
        .isEqualTo(new String(read("/syft/expected/" + file.replace(".json", ".txt")),
            StandardCharsets.UTF_8));
  }

  @Test
  void readsSyft0127SchemaOneWithStringLicensesAndOldDistroFields() {
    SyftOutput output = normalizer.normalize(read("/syft/syft-0.12.7-ubuntu-20.04-pruned.json"));

    assertThat(output.toolVersion()).isEqualTo("0.12.7");
    assertThat(output.schemaVersion()).isEqualTo("1.0.1");
    assertThat(output.manifestDigest())
        .isEqualTo("sha256:5146935f9248826d44dfc2489abfd5f4bdfbc319a738c04dfe1ef071f228a1ac");
    assertThat(output.catalog().distro()).isEqualTo(new Distro("ubuntu", "20.04", null, null,
        "debian"));
    assertThat(output.catalog().catalogers()).containsExactly("syft@0.12.7");
    CatalogedPackage libacl = output.catalog().packages().stream()
        .filter(p -> p.name().equals("libacl1")).findFirst().orElseThrow();
    assertThat(libacl.type()).isEqualTo(PackageType.DEB);
    assertThat(libacl.version()).isEqualTo("2.2.53-6");
    assertThat(libacl.licenses()).containsExactly("GPL-2+", "LGPL-2+");
    assertThat(libacl.path()).isEqualTo("/var/lib/dpkg/status");
    assertThat(libacl.layerDigest())
        .isEqualTo("sha256:9f32931c9d28f10104a8eb1330954ba90e76d92b02c5256521ba864feec14009");
    assertThat(libacl.foundBy()).isEqualTo("dpkgdb-cataloger");
    assertThat(libacl.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(libacl.architecture()).isEqualTo("amd64");
    assertThat(libacl.sourceName()).isEqualTo("acl");
  }

  @Test
  void readsSyft0940WhoseOnlyFindIsABinaryWithoutPurl() {
    SyftOutput output = normalizer.normalize(read("/syft/syft-0.94.0-busybox-1.31.json"));

    assertThat(output.toolVersion()).isEqualTo("0.94.0");
    assertThat(output.schemaVersion()).isEqualTo("11.0.1");
    assertThat(output.catalog().distro().id()).isEqualTo("busybox");
    assertThat(output.catalog().distro().prettyName()).isEqualTo("BusyBox v1.31.1");
    assertThat(output.catalog().packages()).isEmpty();
    assertThat(output.catalog().skipped()).extracting(SkippedFile::path, SkippedFile::cataloger,
        SkippedFile::reason)
        .containsExactly(tuple("/bin/[", "binary-cataloger",
            "busybox 1.31.1 (binary): has no package URL"));
  }

  @Test
  void readsApkOriginAsSourcePackage() {
    SyftOutput output = normalizer.normalize(read("/syft/syft-schema-1.1.0-alpine.json"));

    assertThat(output.catalog().distro().id()).isEqualTo("alpine");
    assertThat(output.catalog().packages()).extracting(CatalogedPackage::name,
        CatalogedPackage::sourceName, CatalogedPackage::architecture)
        .contains(tuple("ssl_client", "busybox", "x86_64"));
    // schema 1.1.0 split license expressions into tokens; they are joined back
    assertThat(output.catalog().packages()).filteredOn(p -> p.name().equals("libretls"))
        .singleElement().extracting(CatalogedPackage::licenses)
        .isEqualTo(List.of("ISC AND (BSD-3-Clause OR MIT)"));
  }

  @Test
  void currentEncoderSnapshotSkipsTheInvalidPurlAndKeepsTheDebPackage() {
    SyftOutput output = normalizer.normalize(read("/syft/syftjson-TestImageEncoder.golden.json"));

    assertThat(output.schemaVersion()).as("Syft's test harness strips the schema").isNull();
    assertThat(output.catalog().distro()).isEqualTo(new Distro("debian", "1.2.3", "debian", null,
        "like!"));
    assertThat(output.catalog().packages()).singleElement().satisfies(p -> {
      assertThat(p.purl()).isEqualTo("pkg:deb/debian/package-2@2.0.1");
      assertThat(p.layerDigest()).isEqualTo(
          "sha256:38ddc2847fb6bcafd7401b4bf27c10014b5d60e2400bc188890c7cb7cdd7cd6c");
    });
    assertThat(output.catalog().skipped()).singleElement()
        .satisfies(s -> assertThat(s.reason()).contains("\"a-purl-1\" is invalid"));
  }

  @Test
  void refusesEmptyOutput() {
    assertThatThrownBy(() -> normalizer.normalize(new byte[0]))
        .isInstanceOf(SyftOutputException.class).hasMessage("syft wrote no output");
    assertThatThrownBy(() -> normalizer.normalize("\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("syft wrote no output");
  }

  @Test
  void refusesTruncatedOutputNamingThePosition() {
    byte[] real = read("/syft/syft-schema-1.1.0-alpine.json");
    byte[] truncated = Arrays.copyOf(real, real.length / 3);

    assertThatThrownBy(() -> normalizer.normalize(truncated))
        .isInstanceOf(SyftOutputException.class)
        .hasMessageStartingWith("syft output is not valid JSON: ")
        .hasMessageContaining("(line ");
  }

  @Test
  void refusesASchemaNewerThanItReads() {
    String future = new String(read("/syft/syft-0.94.0-busybox-1.31.json"),
        StandardCharsets.UTF_8).replace("\"version\": \"11.0.1\"", "\"version\": \"17.0.0\"");
    assertThat(future).contains("17.0.0");

    assertThatThrownBy(() -> normalizer.normalize(future.getBytes(StandardCharsets.UTF_8)))
        .hasMessage("syft-json schema 17.0.0 is newer than this adapter reads (1.x to 16.x);"
            + " a major version changes the format incompatibly");
  }

  @Test
  void refusesOtherFormatsSayingWhichItIs() {
    assertThatThrownBy(() -> normalizer.normalize(
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("syft output is not syft-json: it has no \"artifacts\" array (it is"
            + " CycloneDX; run syft with -o syft-json)");
    assertThatThrownBy(() -> normalizer.normalize("[]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("syft output is not syft-json: it has no \"artifacts\" array");
  }

  @Test
  void refusesAnArtifactsFieldOfTheWrongShape() {
    assertThatThrownBy(() -> normalizer.normalize(
        "{\"artifacts\":[{\"name\":{\"x\":1}}]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SyftOutputException.class)
        .hasMessageStartingWith("syft output does not have the syft-json shape: ");
  }

  /** One line per package and per skipped artifact; what the golden files hold. */
  static String listing(SyftOutput output) {
    StringBuilder out = new StringBuilder();
    out.append("tool ").append(output.toolVersion()).append(" schema ")
        .append(output.schemaVersion()).append(" manifest ").append(output.manifestDigest())
        .append('\n');
    out.append("distro ").append(output.catalog().distro()).append('\n');
    for (CatalogedPackage p : output.catalog().packages()) {
      out.append("package ").append(String.join(" | ", List.of(p.type().name(), p.name(),
          String.valueOf(p.version()), p.purl(), String.valueOf(p.sourceName()),
          String.valueOf(p.sourceVersion()), String.valueOf(p.architecture()),
          String.join(",", p.licenses()), String.valueOf(p.layerDigest()),
          String.valueOf(p.path()), p.foundBy(), p.confidence().name(),
          p.properties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
              .sorted().collect(Collectors.joining(","))))).append('\n');
    }
    for (SkippedFile s : output.catalog().skipped()) {
      out.append("skipped ").append(s.path()).append(" | ").append(s.cataloger()).append(" | ")
          .append(s.reason()).append('\n');
    }
    return out.toString();
  }

  static byte[] read(String resource) {
    try (InputStream in = SyftJsonNormalizerTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
