package dev.scangate.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.PackageType;
import dev.scangate.catalog.SkippedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads the real documents under src/test/resources/sbom (see SOURCES.md there). */
class SbomReaderTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private final SbomReader reader = new SbomReader();
  private final SbomReader lenient = new SbomReader(SchemaPolicy.REPORT);

  @ParameterizedTest
  @CsvSource({
      "cyclonedx-1.2-cern-lhc-vdm-editor.xml, CYCLONEDX_XML, 1.2, 43, 0",
      "cyclonedx-1.3-maven-vex-bom.json, CYCLONEDX_JSON, 1.3, 3, 0",
      "cyclonedx-1.4-laravel.json, CYCLONEDX_JSON, 1.4, 0, 62",
      "cyclonedx-1.5-spec-valid-bom.json, CYCLONEDX_JSON, 1.5, 1, 1",
      "cyclonedx-1.5-spec-valid-bom.xml, CYCLONEDX_XML, 1.5, 3, 0",
      "cyclonedx-1.5-trivy-centos-7.json, CYCLONEDX_JSON, 1.5, 2, 0",
      "cyclonedx-1.6-spec-valid-bom.json, CYCLONEDX_JSON, 1.6, 3, 0",
      "cyclonedx-1.6-syft-go-mod.json, CYCLONEDX_JSON, 1.6, 1, 0",
      "spdx-2.3-syft-image-snapshot.json, SPDX_JSON, SPDX-2.3, 1, 1",
      "spdx-2.3-trivy-conda.json, SPDX_JSON, SPDX-2.3, 0, 2",
  })
  void detectsFormatAndVersionOfRealDocumentsAndAccountsForEveryComponent(String file,
      SbomFormat format, String version, int packages, int skipped) {
    ReadSbom sbom = reader.read(file(file));

    assertThat(sbom.format()).isEqualTo(format);
    assertThat(sbom.specVersion()).isEqualTo(version);
    assertThat(sbom.catalog().packages()).hasSize(packages);
    assertThat(sbom.catalog().skipped()).hasSize(skipped);
    assertThat(sbom.schemaViolations()).isEmpty();
  }

  @Test
  void readsTrivysCentosCycloneDxWithDistroLayerAndSourcePackage() {
    ReadSbom sbom = reader.read(file("cyclonedx-1.5-trivy-centos-7.json"));

    assertThat(sbom.catalog().distro().id()).isEqualTo("centos");
    assertThat(sbom.catalog().distro().versionId()).isEqualTo("7.6.1810");
    assertThat(sbom.catalog().catalogers()).containsExactly("trivy@dev");
    assertThat(sbom.subject().name())
        .isEqualTo("integration/testdata/fixtures/images/centos-7.tar.gz");
    assertThat(sbom.subject().digest()).as("Trivy records the config digest only").isNull();
    CatalogedPackage openssl = sbom.catalog().packages().get(1);
    assertThat(openssl.type()).isEqualTo(PackageType.RPM);
    assertThat(openssl.name()).isEqualTo("openssl-libs");
    // purl-spec rpm: the epoch is the qualifier epoch=1; scangate writes it into the version.
    assertThat(openssl.version()).isEqualTo("1:1.0.2k-16.el7");
    assertThat(openssl.architecture()).isEqualTo("x86_64");
    assertThat(openssl.sourceName()).isEqualTo("openssl");
    assertThat(openssl.sourceVersion()).isEqualTo("1.0.2k-16.el7");
    assertThat(openssl.layerDigest())
        .isEqualTo("sha256:ac9208207adaac3a48e54a4dc6b49c69e78c3072d2b3add7efdabf814db2133b");
    assertThat(openssl.licenses()).containsExactly("OpenSSL+");
    assertThat(openssl.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(openssl.foundBy()).isEqualTo("sbom");
  }

  @Test
  void readsCycloneDx12XmlNpmComponents() {
    ReadSbom sbom = reader.read(file("cyclonedx-1.2-cern-lhc-vdm-editor.xml"));

    assertThat(sbom.subject().purl()).isEqualTo("pkg:npm/lhc-vdm-editor@0.0.1");
    assertThat(sbom.catalog().packages()).first().satisfies(p -> {
      assertThat(p.type()).isEqualTo(PackageType.NPM);
      assertThat(p.name()).isEqualTo("puppeteer");
      assertThat(p.version()).isEqualTo("1.19.0");
      assertThat(p.licenses()).containsExactly("Apache-2.0");
    });
  }

  @Test
  void mavenComponentsKeepTheGroupInTheirProperties() {
    ReadSbom sbom = reader.read(file("cyclonedx-1.3-maven-vex-bom.json"));

    assertThat(sbom.catalog().packages()).extracting(CatalogedPackage::type,
        CatalogedPackage::name, p -> p.properties().get("maven.groupId"))
        .contains(tuple(PackageType.MAVEN, "jackson-databind", "com.fasterxml.jackson.core"));
  }

  @Test
  void syftPropertiesGiveLocationAndCataloger() {
    CatalogedPackage pkg = reader.read(file("cyclonedx-1.6-syft-go-mod.json")).catalog()
        .packages().get(0);

    assertThat(pkg.type()).isEqualTo(PackageType.GOLANG);
    assertThat(pkg.name()).isEqualTo("github.com/wagoodman/go-partybus");
    assertThat(pkg.path()).isEqualTo("/go.mod");
    assertThat(pkg.foundBy()).isEqualTo("go-module-file-cataloger");
  }

  @Test
  void componentsOfEcosystemsScangateDoesNotMatchAreListedAsSkippedWithTheReason() {
    List<SkippedFile> skipped = reader.read(file("cyclonedx-1.4-laravel.json")).catalog()
        .skipped();

    assertThat(skipped.get(0).cataloger()).isEqualTo("sbom");
    assertThat(skipped.get(0).path()).isEqualTo("sbom:asm89/stack-cors-1.3.0.0");
    assertThat(skipped.get(0).reason()).isEqualTo("asm89/stack-cors 1.3.0"
        + " [asm89/stack-cors-1.3.0.0]: purl type \"composer\" is not an ecosystem scangate"
        + " matches (apk, deb, golang, maven, npm, pypi, rpm)");
  }

  @Test
  void componentsWithoutPurlAreSkippedNotGuessed() {
    ReadSbom sbom = reader.read(file("cyclonedx-1.5-spec-valid-bom.json"));

    assertThat(sbom.catalog().skipped()).singleElement()
        .satisfies(s -> assertThat(s.reason()).endsWith(": has no package URL"));
  }

  @Test
  void readsSyftSpdx23WithTheImageDigestAsSubjectAndSkipsTheInvalidPurl() {
    ReadSbom sbom = reader.read(file("spdx-2.3-syft-image-snapshot.json"));

    assertThat(sbom.subject().name()).isEqualTo("user-image-input");
    assertThat(sbom.subject().digest()).hasToString(
        "sha256:2731251dc34951c0e50fcc643b4c5f74922dad1a5d98f302b504cf46cd5d9368");
    assertThat(sbom.catalog().packages()).singleElement()
        .extracting(CatalogedPackage::purl).isEqualTo("pkg:deb/debian/package-2@2.0.1");
    assertThat(sbom.catalog().skipped()).singleElement()
        .satisfies(s -> assertThat(s.reason()).contains("package URL \"a-purl-1\" is invalid"));
    assertThat(sbom.catalog().catalogers()).containsExactly("syft@v0.42.0-bogus");
  }

  @Test
  void rejectsTrivysSpdx22WithoutDownloadLocationNamingThePlace() {
    assertThatThrownBy(() -> reader.read(file("spdx-2.2-trivy-centos-7.json")))
        .isInstanceOfSatisfying(InvalidSbomException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("schema violation at $.packages[0]: required"
              + " property 'downloadLocation' not found (and 3 more)");
          assertThat(e.violations()).hasSize(4);
        });
  }

  @Test
  void reportModeReadsTrivysSpdx22AndListsTheViolations() {
    ReadSbom sbom = lenient.read(file("spdx-2.2-trivy-centos-7.json"));

    assertThat(sbom.specVersion()).isEqualTo("SPDX-2.2");
    assertThat(sbom.schemaViolations()).extracting(SchemaViolation::location)
        .containsExactly("$.packages[0]", "$.packages[1]", "$.packages[2]", "$.packages[3]");
    assertThat(sbom.catalog().distro().id()).isEqualTo("centos");
    assertThat(sbom.catalog().packages()).extracting(CatalogedPackage::name,
        CatalogedPackage::version, CatalogedPackage::layerDigest)
        .containsExactly(
            tuple("bash", "4.2.46-31.el7",
                "sha256:ac9208207adaac3a48e54a4dc6b49c69e78c3072d2b3add7efdabf814db2133b"),
            tuple("openssl-libs", "1:1.0.2k-16.el7",
                "sha256:ac9208207adaac3a48e54a4dc6b49c69e78c3072d2b3add7efdabf814db2133b"));
    assertThat(sbom.catalog().catalogers()).containsExactly("trivy-dev@unknown");
  }

  @Test
  void reportModeReadsSyftSpdx22WithItsUnderscoreCategory() {
    assertThatThrownBy(() -> reader.read(file("spdx-2.2-syft-alpine-3.10.json")))
        .hasMessageStartingWith("schema violation at"
            + " $.packages[0].externalRefs[1].referenceCategory: ");

    ReadSbom sbom = lenient.read(file("spdx-2.2-syft-alpine-3.10.json"));
    assertThat(sbom.catalog().packages()).extracting(CatalogedPackage::type,
        CatalogedPackage::name, CatalogedPackage::version, CatalogedPackage::licenses)
        .contains(tuple(PackageType.APK, "busybox", "1.30.1-r5", List.of("GPL-2.0")));
  }

  @ParameterizedTest
  @CsvSource({
      "cyclonedx-1.7-syft-image-snapshot.json",
      "cyclonedx-1.7-syft-image-snapshot.xml",
      "cyclonedx-1.7-trivy-npm.json",
  })
  void refusesCycloneDx17FromCurrentSyftAndTrivySayingHowToExport16(String file) {
    assertThatThrownBy(() -> reader.read(file(file)))
        .isInstanceOf(InvalidSbomException.class)
        .hasMessage("CycloneDX specVersion 1.7 is not supported (1.2–1.6); export it as 1.6"
            + " (e.g. syft -o cyclonedx-json@1.6)");
  }

  @Test
  void refusesAnOlderCycloneDxVersion() {
    byte[] v11 = replace(file("cyclonedx-1.3-maven-vex-bom.json"),
        "\"specVersion\" : \"1.3\"", "\"specVersion\" : \"1.1\"");

    assertThatThrownBy(() -> reader.read(v11))
        .hasMessage("CycloneDX specVersion 1.1 is not supported (1.2–1.6)");
  }

  @Test
  void refusesAnUnsupportedSpdxVersion() {
    byte[] v21 = replace(file("spdx-2.3-trivy-conda.json"), "SPDX-2.3", "SPDX-2.1");

    assertThatThrownBy(() -> reader.read(v21))
        .hasMessage("SPDX version SPDX-2.1 is not supported (SPDX-2.2, SPDX-2.3)");
  }

  @Test
  void refusesAnSpdxDocumentWithoutPackages() {
    ObjectNode doc = (ObjectNode) MAPPER.readTree(file("spdx-2.3-trivy-conda.json"));
    doc.remove("packages");
    doc.remove("relationships");
    doc.remove("files");

    assertThatThrownBy(() -> reader.read(MAPPER.writeValueAsBytes(doc)))
        .hasMessage("SPDX document has no packages");
  }

  @Test
  void namesTheJsonPathOfACycloneDxSchemaViolation() {
    ObjectNode doc = (ObjectNode) MAPPER.readTree(new CycloneDxWriter()
        .json(SampleInputs.input()));
    ((ObjectNode) ((ArrayNode) doc.get("components")).get(3)).put("purl", 42);

    assertThatThrownBy(() -> reader.read(MAPPER.writeValueAsBytes(doc)))
        .isInstanceOf(InvalidSbomException.class)
        .hasMessageStartingWith("schema violation at $.components[3].purl: ");
  }

  @Test
  void namesTheLineOfACycloneDxXmlSchemaViolation() {
    String xml = new String(file("cyclonedx-1.5-spec-valid-bom.xml"), StandardCharsets.UTF_8)
        .replaceFirst("<component type=\"library\"", "<component type=\"banana\"");

    assertThatThrownBy(() -> reader.read(xml.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidSbomException.class)
        .hasMessageMatching("schema violation at line \\d+, column \\d+: .*banana.*");
  }

  @Test
  void refusesEmptyInput() {
    assertThatThrownBy(() -> reader.read(new byte[0])).hasMessage("the document is empty");
    assertThatThrownBy(() -> reader.read(" \n\t".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("the document is empty");
  }

  @Test
  void refusesInputThatIsNeitherJsonNorXml() {
    assertThatThrownBy(() -> reader.read("SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n"
        .getBytes(StandardCharsets.UTF_8)))
        .hasMessage("not JSON or XML: a CycloneDX or SPDX document starts with '{' or '<'");
  }

  @Test
  void refusesTruncatedJsonWithItsPosition() {
    byte[] real = file("cyclonedx-1.5-trivy-centos-7.json");
    byte[] truncated = Arrays.copyOf(real, real.length / 2);

    assertThatThrownBy(() -> reader.read(truncated))
        .hasMessageStartingWith("not valid JSON: ")
        .hasMessageContaining("(line ");
  }

  @Test
  void refusesTruncatedXml() {
    byte[] real = file("cyclonedx-1.2-cern-lhc-vdm-editor.xml");
    byte[] truncated = Arrays.copyOf(real, real.length / 2);

    assertThatThrownBy(() -> reader.read(truncated)).isInstanceOf(InvalidSbomException.class)
        .hasMessageStartingWith("not well-formed XML");
  }

  @Test
  void refusesJsonAndXmlThatAreNotSboms() {
    assertThatThrownBy(() -> reader.read("{\"name\":\"app\",\"version\":\"1.0.0\"}"
        .getBytes(StandardCharsets.UTF_8)))
        .hasMessage("JSON but neither CycloneDX (no \"bomFormat\": \"CycloneDX\") nor SPDX"
            + " (no \"spdxVersion\")");
    assertThatThrownBy(() -> reader.read(("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
        + "<modelVersion>4.0.0</modelVersion></project>").getBytes(StandardCharsets.UTF_8)))
        .hasMessage("XML but not CycloneDX: the root element is"
            + " {http://maven.apache.org/POM/4.0.0}project, expected"
            + " {http://cyclonedx.org/schema/bom/1.x}bom");
  }

  @Test
  void refusesADsseEnvelopeAndSyftsOwnFormatSayingWhatToUploadInstead() {
    assertThatThrownBy(() -> reader.read(file("trivy-centos-7-cyclonedx.intoto.jsonl")))
        .hasMessage("this is a DSSE envelope (payloadType application/vnd.in-toto+json), not an"
            + " SBOM: upload the SBOM from its in-toto predicate");
    assertThatThrownBy(() -> reader.read(resource("/syft/syft-0.94.0-busybox-1.31.json")))
        .hasMessageStartingWith("this is Syft's own JSON format, not CycloneDX or SPDX");
  }

  @Test
  void refusesXmlWithADoctypeBeforeExpandingAnything() {
    String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\"><components>"
        + "<component type=\"library\"><name>&x;</name></component></components></bom>";

    assertThatThrownBy(() -> reader.read(xxe.getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("XML with a DOCTYPE is not accepted");
  }

  @Test
  void readsBackWhatTheCycloneDxWriterWroteWithoutLoss() {
    for (byte[] written : List.of(new CycloneDxWriter().json(SampleInputs.input()),
        new CycloneDxWriter().xml(SampleInputs.input()))) {
      ReadSbom sbom = reader.read(written);

      assertThat(sbom.specVersion()).isEqualTo("1.6");
      assertThat(sbom.subject().digest()).hasToString(SampleInputs.DIGEST);
      assertThat(sbom.catalog().distro()).isEqualTo(SampleInputs.DEBIAN);
      assertThat(sbom.catalog().packages()).containsExactly(SampleInputs.LIBC,
          SampleInputs.ZLIB, SampleInputs.JACKSON, SampleInputs.ANGULAR, SampleInputs.STDLIB);
      assertThat(sbom.catalog().catalogers()).containsExactly("scangate@0.1.0", "dpkg@1",
          "java-archive@1", "npm@1", "go-binary@1");
    }
  }

  @Test
  void readsBackWhatTheSpdxWriterWrote() {
    ReadSbom sbom = reader.read(new SpdxWriter().json(SampleInputs.input()));

    assertThat(sbom.format()).isEqualTo(SbomFormat.SPDX_JSON);
    assertThat(sbom.subject().digest()).hasToString(SampleInputs.DIGEST);
    assertThat(sbom.catalog().distro().id()).isEqualTo("debian");
    assertThat(sbom.catalog().packages()).extracting(CatalogedPackage::purl,
        CatalogedPackage::name, CatalogedPackage::version)
        .containsExactly(
            tuple(SampleInputs.LIBC.purl(), "libc6", "2.36-9+deb12u4"),
            tuple(SampleInputs.ZLIB.purl(), "zlib1g", "1:1.2.13.dfsg-1"),
            tuple(SampleInputs.JACKSON.purl(), "jackson-databind", "2.15.2"),
            tuple(SampleInputs.ANGULAR.purl(), "@angular/core", "16.2.0"),
            tuple(SampleInputs.STDLIB.purl(), "stdlib", "go1.21.1"));
  }

  private static byte[] file(String name) {
    return resource("/sbom/" + name);
  }

  private static byte[] resource(String path) {
    try (InputStream in = SbomReaderTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] replace(byte[] content, String from, String to) {
    String text = new String(content, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    return text.replace(from, to).getBytes(StandardCharsets.UTF_8);
  }
}
