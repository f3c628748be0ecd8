package dev.scangate.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class SpdxWriterTest {

  @Test
  void aCatalogFromRealSyftOutputGivesValidSpdx() {
    SbomInput input = SampleInputs.input(new dev.scangate.syft.SyftJsonNormalizer().normalize(
        SampleInputs.resource("/syft/syft-schema-1.1.0-alpine.json")).catalog());

    byte[] json = writer.json(input);
    assertThat(schema.validate(new String(json, StandardCharsets.UTF_8))).isEmpty();
    JsonNode musl = packagesByName(MAPPER.readTree(json)).get("musl-utils");
    // "MIT", "BSD", "GPL2+" as recorded: only MIT is an SPDX id
    assertThat(musl.path("licenseDeclared").stringValue())
        .isEqualTo("MIT AND LicenseRef-BSD AND LicenseRef-GPL2-");
  }

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private final SpdxWriter writer = new SpdxWriter();
  private final SpdxSchema schema = SpdxSchema.load();

  @Test
  void outputIsValidAgainstTheOfficialSpdx23Schema() {
    byte[] json = writer.json(SampleInputs.input());

    assertThat(schema.validate(new String(json, StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void theSchemaCheckIsNotVacuous() {
    ObjectNode doc = (ObjectNode) MAPPER.readTree(writer.json(SampleInputs.input()));
    ((ObjectNode) doc.path("packages").get(2)).remove("downloadLocation");
    doc.put("unexpected", true);

    assertThat(schema.validate(doc.toString())).extracting(SchemaViolation::location)
        .containsExactlyInAnyOrder("$", "$.packages[2]");
  }

  @Test
  void documentHeaderFollowsSpdx23() {
    JsonNode doc = MAPPER.readTree(writer.json(SampleInputs.input()));

    assertThat(doc.path("spdxVersion").stringValue()).isEqualTo("SPDX-2.3");
    assertThat(doc.path("dataLicense").stringValue()).isEqualTo("CC0-1.0");
    assertThat(doc.path("SPDXID").stringValue()).isEqualTo("SPDXRef-DOCUMENT");
    assertThat(doc.path("name").stringValue())
        .isEqualTo("docker.io/library/debian@" + SampleInputs.DIGEST);
    assertThat(doc.path("documentNamespace").stringValue())
        .matches("https://scangate\\.dev/spdxdocs/docker\\.io/library/debian-"
            + "[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(doc.path("creationInfo").path("created").stringValue())
        .isEqualTo("2024-05-01T10:15:30Z");
    assertThat(strings(doc.path("creationInfo").path("creators"))).containsExactly(
        "Tool: scangate-0.1.0", "Tool: dpkg-1", "Tool: java-archive-1", "Tool: npm-1",
        "Tool: go-binary-1");
  }

  @Test
  void sameInputGivesByteIdenticalOutputAndOtherContentAnotherNamespace() {
    byte[] first = writer.json(SampleInputs.input());

    assertThat(new SpdxWriter().json(SampleInputs.input())).isEqualTo(first);
    var fewer = new dev.scangate.catalog.CatalogResult(null, List.of(SampleInputs.LIBC),
        List.of(), List.of("dpkg@1"));
    String otherNamespace = MAPPER.readTree(writer.json(SampleInputs.input(fewer)))
        .path("documentNamespace").stringValue();
    assertThat(otherNamespace).isNotEqualTo(
        MAPPER.readTree(first).path("documentNamespace").stringValue());
  }

  @Test
  void imageIsTheDescribedContainerPackageThatContainsEverything() {
    JsonNode doc = MAPPER.readTree(writer.json(SampleInputs.input()));

    JsonNode image = doc.path("packages").get(0);
    assertThat(image.path("primaryPackagePurpose").stringValue()).isEqualTo("CONTAINER");
    assertThat(image.path("name").stringValue()).isEqualTo("docker.io/library/debian");
    assertThat(image.path("versionInfo").stringValue()).isEqualTo(SampleInputs.DIGEST);
    assertThat(image.path("checksums").get(0).path("algorithm").stringValue())
        .isEqualTo("SHA256");
    assertThat(image.path("checksums").get(0).path("checksumValue").stringValue())
        .isEqualTo(SampleInputs.DIGEST.substring(7));
    assertThat(image.path("externalRefs").get(0).path("referenceLocator").stringValue())
        .startsWith("pkg:oci/debian@sha256%3A6c3c624b");
    String imageId = image.path("SPDXID").stringValue();

    List<String> relationships = new ArrayList<>();
    for (JsonNode r : doc.path("relationships")) {
      relationships.add(r.path("spdxElementId").stringValue() + " "
          + r.path("relationshipType").stringValue() + " "
          + r.path("relatedSpdxElement").stringValue());
    }
    List<String> others = new ArrayList<>();
    for (JsonNode p : doc.path("packages")) {
      if (!p.path("SPDXID").stringValue().equals(imageId)) {
        others.add(imageId + " CONTAINS " + p.path("SPDXID").stringValue());
      }
    }
    assertThat(relationships.get(0)).isEqualTo("SPDXRef-DOCUMENT DESCRIBES " + imageId);
    assertThat(relationships.subList(1, relationships.size())).isEqualTo(others);
    // 5 distinct purls + the distro; the second jackson-databind shares a purl
    assertThat(others).hasSize(6);
  }

  @Test
  void packagesHavePurposeNoassertionsAndPurlReferences() {
    JsonNode doc = MAPPER.readTree(writer.json(SampleInputs.input()));
    Map<String, JsonNode> byName = packagesByName(doc);

    JsonNode os = byName.get("debian");
    assertThat(os.path("primaryPackagePurpose").stringValue()).isEqualTo("OPERATING_SYSTEM");
    assertThat(os.path("versionInfo").stringValue()).isEqualTo("12");
    JsonNode jackson = byName.get("jackson-databind");
    assertThat(jackson.path("primaryPackagePurpose").stringValue()).isEqualTo("LIBRARY");
    assertThat(jackson.path("downloadLocation").stringValue()).isEqualTo("NOASSERTION");
    assertThat(jackson.path("licenseConcluded").stringValue()).isEqualTo("NOASSERTION");
    assertThat(jackson.path("licenseDeclared").stringValue()).isEqualTo("Apache-2.0");
    JsonNode ref = jackson.path("externalRefs").get(0);
    assertThat(ref.path("referenceCategory").stringValue()).isEqualTo("PACKAGE-MANAGER");
    assertThat(ref.path("referenceType").stringValue()).isEqualTo("purl");
    assertThat(ref.path("referenceLocator").stringValue()).isEqualTo(SampleInputs.JACKSON.purl());
    assertThat(byName.get("stdlib").path("licenseDeclared").stringValue())
        .isEqualTo("NOASSERTION");
    assertThat(byName.get("@angular/core").path("licenseDeclared").stringValue())
        .isEqualTo("MIT OR Apache-2.0");
    for (JsonNode p : doc.path("packages")) {
      assertThat(p.path("SPDXID").stringValue()).matches("SPDXRef-[A-Za-z0-9.\\-]+");
    }
  }

  @Test
  void licenseTextsThatAreNotSpdxIdsBecomeLicenseRefsWithTheOriginalText() {
    JsonNode doc = MAPPER.readTree(writer.json(SampleInputs.input()));

    assertThat(packagesByName(doc).get("libc6").path("licenseDeclared").stringValue())
        .isEqualTo("LicenseRef-GPL-2- AND LGPL-2.1");
    JsonNode extracted = doc.path("hasExtractedLicensingInfos");
    assertThat(extracted).hasSize(1);
    assertThat(extracted.get(0).path("licenseId").stringValue()).isEqualTo("LicenseRef-GPL-2-");
    assertThat(extracted.get(0).path("extractedText").stringValue()).isEqualTo("GPL-2+");
  }

  private static Map<String, JsonNode> packagesByName(JsonNode doc) {
    List<JsonNode> packages = new ArrayList<>();
    doc.path("packages").forEach(packages::add);
    return packages.stream().collect(Collectors.toMap(p -> p.path("name").stringValue(),
        p -> p));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.stringValue()));
    return out;
  }
}
