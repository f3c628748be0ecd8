package dev.scangate.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.scangate.catalog.CatalogResult;
import dev.scangate.image.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.License;
import org.cyclonedx.model.Property;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;
import org.junit.jupiter.api.Test;

class CycloneDxWriterTest {

  private final CycloneDxWriter writer = new CycloneDxWriter();

  @Test
  void jsonIsValidCycloneDx16() throws Exception {
    byte[] json = writer.json(SampleInputs.input());

    assertThat(new JsonParser().validate(json, Version.VERSION_16)).isEmpty();
    assertThat(new String(json, StandardCharsets.UTF_8))
        .contains("\"bomFormat\" : \"CycloneDX\"", "\"specVersion\" : \"1.6\"");
  }

  @Test
  void xmlIsValidCycloneDx16() throws Exception {
    byte[] xml = writer.xml(SampleInputs.input());

    assertThat(new XmlParser().validate(xml, Version.VERSION_16)).isEmpty();
    assertThat(new String(xml, StandardCharsets.UTF_8))
        .contains("xmlns=\"http://cyclonedx.org/schema/bom/1.6\"");
  }

  @Test
  void sameInputGivesByteIdenticalOutputFromAnyWriter() {
    assertThat(new CycloneDxWriter().json(SampleInputs.input()))
        .isEqualTo(writer.json(SampleInputs.input()));
    assertThat(new CycloneDxWriter().xml(SampleInputs.input()))
        .isEqualTo(writer.xml(SampleInputs.input()));
  }

  @Test
  void serialNumberIsANameBasedUuidSharedByJsonAndXmlAndFollowsTheContent() throws Exception {
    Bom json = new JsonParser().parse(writer.json(SampleInputs.input()));
    Bom xml = new XmlParser().parse(writer.xml(SampleInputs.input()));
    CatalogResult fewer = new CatalogResult(SampleInputs.DEBIAN, List.of(SampleInputs.LIBC),
        List.of(), List.of("dpkg@1"));
    Bom other = new JsonParser().parse(writer.json(SampleInputs.input(fewer)));

    assertThat(json.getSerialNumber()).startsWith("urn:uuid:")
        .isEqualTo(xml.getSerialNumber())
        .isNotEqualTo(other.getSerialNumber());
    assertThat(UUID.fromString(json.getSerialNumber().substring(9)).version()).isEqualTo(5);
  }

  @Test
  void metadataDescribesTheImageByDigestWithAnOciPurl() throws Exception {
    Bom bom = new JsonParser().parse(writer.json(SampleInputs.input()));

    Component image = bom.getMetadata().getComponent();
    assertThat(image.getType()).isEqualTo(Component.Type.CONTAINER);
    assertThat(image.getName()).isEqualTo("docker.io/library/debian");
    assertThat(image.getVersion()).isEqualTo(SampleInputs.DIGEST);
    // purl-spec PURL-TYPES.rst, oci: name = last repository segment, version = digest.
    assertThat(image.getPurl()).isEqualTo("pkg:oci/debian@sha256%3A"
        + SampleInputs.DIGEST.substring(7)
        + "?arch=amd64&repository_url=docker.io/library/debian");
    assertThat(image.getBomRef()).isEqualTo(image.getPurl());
    assertThat(image.getHashes()).singleElement()
        .satisfies(h -> assertThat(h.getValue()).isEqualTo(SampleInputs.DIGEST.substring(7)));
    assertThat(image.getProperties()).extracting(Property::getName, Property::getValue)
        .containsExactly(tuple("scangate:image:platform", "linux/amd64"),
            tuple("scangate:image:mediaType", "application/vnd.oci.image.manifest.v1+json"));
    assertThat(bom.getMetadata().getTimestamp().toInstant())
        .isEqualTo(SampleInputs.TIMESTAMP.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(bom.getMetadata().getToolChoice().getComponents())
        .extracting(Component::getName, Component::getVersion)
        .containsExactly(tuple("scangate", "0.1.0"), tuple("dpkg", "1"),
            tuple("java-archive", "1"), tuple("npm", "1"), tuple("go-binary", "1"));
  }

  @Test
  void eachPackageIsALibraryKeyedByPurlWithScangateProperties() throws Exception {
    Bom bom = new JsonParser().parse(writer.json(SampleInputs.input()));

    Component libc = component(bom, SampleInputs.LIBC.purl());
    assertThat(libc.getType()).isEqualTo(Component.Type.LIBRARY);
    assertThat(libc.getName()).isEqualTo("libc6");
    assertThat(libc.getVersion()).isEqualTo("2.36-9+deb12u4");
    assertThat(libc.getBomRef()).isEqualTo(libc.getPurl());
    assertThat(libc.getProperties()).extracting(Property::getName, Property::getValue)
        .containsExactly(
            tuple("scangate:cataloger", "dpkg"),
            tuple("scangate:confidence", "HIGH"),
            tuple("scangate:layer:digest", SampleInputs.LAYER),
            tuple("scangate:location:path", "/var/lib/dpkg/status"),
            tuple("scangate:source:name", "glibc"),
            tuple("scangate:source:version", "2.36-9+deb12u4"),
            tuple("scangate:package:architecture", "amd64"));
  }

  @Test
  void mavenAndNpmNamespacesGoToGroup() throws Exception {
    Bom bom = new JsonParser().parse(writer.json(SampleInputs.input()));

    Component jackson = component(bom, SampleInputs.JACKSON.purl());
    assertThat(jackson.getGroup()).isEqualTo("com.fasterxml.jackson.core");
    assertThat(jackson.getName()).isEqualTo("jackson-databind");
    assertThat(jackson.getProperties()).extracting(Property::getName, Property::getValue)
        .contains(tuple("scangate:property:maven.groupId", "com.fasterxml.jackson.core"));
    Component angular = component(bom, SampleInputs.ANGULAR.purl());
    assertThat(angular.getGroup()).isEqualTo("@angular");
    assertThat(angular.getName()).isEqualTo("core");
  }

  @Test
  void licensesAreIdsNamesOrOneExpressionAsTheSchemaAllows() throws Exception {
    Bom bom = new JsonParser().parse(writer.json(SampleInputs.input()));

    assertThat(component(bom, SampleInputs.LIBC.purl()).getLicenses().getLicenses())
        .extracting(License::getId, License::getName)
        .containsExactly(tuple(null, "GPL-2+"), tuple("LGPL-2.1", null));
    assertThat(component(bom, SampleInputs.ANGULAR.purl()).getLicenses().getExpression()
        .getValue()).isEqualTo("MIT OR Apache-2.0");
    assertThat(component(bom, SampleInputs.STDLIB.purl()).getLicenses()).isNull();
  }

  @Test
  void packagesWithTheSamePurlBecomeOneComponentAndTheDistroItsOwn() throws Exception {
    Bom bom = new JsonParser().parse(writer.json(SampleInputs.input()));

    assertThat(bom.getComponents()).extracting(Component::getBomRef).containsExactly(
        "os:debian-12", SampleInputs.LIBC.purl(), SampleInputs.ZLIB.purl(),
        SampleInputs.JACKSON.purl(), SampleInputs.ANGULAR.purl(), SampleInputs.STDLIB.purl());
    assertThat(component(bom, SampleInputs.JACKSON.purl()).getProperties())
        .extracting(Property::getValue)
        .contains("/app/app.war!/WEB-INF/lib/jackson-databind-2.15.2.jar")
        .doesNotContain("/opt/tools/jackson-databind-2.15.2.jar");
    Component os = bom.getComponents().get(0);
    assertThat(os.getType()).isEqualTo(Component.Type.OPERATING_SYSTEM);
    assertThat(os.getName()).isEqualTo("debian");
    assertThat(os.getVersion()).isEqualTo("12");
    assertThat(os.getDescription()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
  }

  @Test
  void refusesAnImageWithoutDigest() {
    assertThatThrownBy(() -> new SbomInput(ImageReference.parse("debian:12"), null, null,
        SampleInputs.catalog(), new SbomTool("scangate", "0.1.0"), SampleInputs.TIMESTAMP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("docker.io/library/debian:12 has none");
  }

  @Test
  void aCatalogFromRealSyftOutputGivesValidJsonAndXml() throws Exception {
    SbomInput input = SampleInputs.input(new dev.scangate.syft.SyftJsonNormalizer().normalize(
        SampleInputs.resource("/syft/syft-schema-1.1.0-alpine.json")).catalog());

    assertThat(new JsonParser().validate(writer.json(input), Version.VERSION_16)).isEmpty();
    assertThat(new XmlParser().validate(writer.xml(input), Version.VERSION_16)).isEmpty();
    Bom bom = new JsonParser().parse(writer.json(input));
    assertThat(bom.getComponents()).hasSize(15);
    assertThat(component(bom, "pkg:apk/alpine/libretls@3.3.3p1-r2?arch=x86_64").getLicenses()
        .getExpression().getValue()).isEqualTo("ISC AND (BSD-3-Clause OR MIT)");
  }

  private static Component component(Bom bom, String bomRef) {
    return bom.getComponents().stream().filter(c -> bomRef.equals(c.getBomRef())).findFirst()
        .orElseThrow(() -> new AssertionError("no component " + bomRef));
  }
}
