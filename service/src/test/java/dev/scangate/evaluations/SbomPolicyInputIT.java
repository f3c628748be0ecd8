package dev.scangate.evaluations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.image.Digest;
import dev.scangate.support.Api;
import dev.scangate.support.CraftedImages;
import dev.scangate.support.PolicyIT;
import dev.scangate.support.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a policy reads of a scan's SBOM: each component's licences and the count of what the SBOM
 * could not account for ({@code scan.unknowns}), for images cataloged here and SBOMs uploaded,
 * through dry-run evaluations ({@code POST /api/v1/policies/{id}/evaluate}).
 */
class SbomPolicyInputIT extends PolicyIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final CraftedImages images = new CraftedImages();

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = SbomPolicyInputIT.class.getResourceAsStream("/sboms/" + name)) {
      return in.readAllBytes();
    }
  }

  /**
   * The names of the components whose licences, in the scan's CycloneDX document, include this
   * one (in any case).
   */
  private TreeSet<String> names(String scanId, String licence) {
    TreeSet<String> names = new TreeSet<>();
    JsonNode bom = JSON.readTree(api().get("/api/v1/scans/" + scanId + "/sbom").body());
    for (JsonNode component : bom.path("components")) {
      for (JsonNode choice : component.path("licenses")) {
        JsonNode license = choice.path("license");
        String value = license.has("id") ? license.path("id").asString()
            : license.path("name").asString();
        if (licence.equalsIgnoreCase(value)) {
          names.add(component.path("name").asString());
        }
      }
    }
    return names;
  }

  @Test
  void licencesOfTheDebianPackagesDecideALicenceRule() {
    String digest = scanned("scangate-test/debian:12");
    Api.Response evaluation = dryRun("""
        [{"id": "zlib-licensed", "action": "DENY",
          "expression": "sbom.components.exists(c, c.licenses.exists(l, l == 'Zlib'))",
          "messageTemplate": "{{sbom.components.filter(c, c.licenses.exists(l, l == 'Zlib')).map(c, c.name)}}"},
         {"id": "zlib-any-spelling", "action": "WARN",
          "expression": "sbom.components.exists(c, c.licenses.exists(l, l.lowerAscii() == 'zlib'))",
          "messageTemplate": "{{sbom.components.filter(c, c.licenses.exists(l, l.lowerAscii() == 'zlib')).map(c, c.name)}}"},
         {"id": "agpl-licensed", "action": "DENY",
          "expression": "sbom.components.exists(c, c.licenses.exists(l, l.startsWith('AGPL')))"},
         {"id": "not-all-deb", "action": "WARN",
          "expression": "!sbom.components.all(c, c.type == 'deb')",
          "messageTemplate": "{{sbom.components.filter(c, c.type != 'deb').map(c, c.type)}}"}]
        """, TestRegistry.open() + "/scangate-test/debian@" + digest);
    // components carry the purl type, as findings' packages do
    assertThat(rule(evaluation, "not-all-deb").path("outcome").asString()).as(evaluation.body())
        .isEqualTo("PASS");
    assertThat(evaluation.text("/decision")).isEqualTo("DENIED");
    JsonNode zlib = rule(evaluation, "zlib-licensed");
    assertThat(zlib.path("outcome").asString()).isEqualTo("FAIL");
    // the License: fields of /usr/share/doc/<package>/copyright, as written there: libzstd1's
    // copyright file spells it "zlib"
    assertThat(List.of(zlib.path("message").asString().split(", ")))
        .contains("zlib1g").doesNotContain("libzstd1");
    assertThat(rule(evaluation, "agpl-licensed").path("outcome").asString()).isEqualTo("PASS");
    // the policy sees the licences the scan's CycloneDX document lists (which spells ids the
    // SPDX way), component for component
    String scanId = evaluation.text("/scanId");
    JsonNode anySpelling = rule(evaluation, "zlib-any-spelling");
    assertThat(new TreeSet<>(List.of(anySpelling.path("message").asString().split(", "))))
        .isEqualTo(names(scanId, "Zlib"))
        .contains("zlib1g", "libzstd1");
  }

  @Test
  void licencesOfAnUploadedSbomReachThePolicy() throws IOException {
    String image = TestRegistry.open() + "/uploaded/centos@" + Digest.sha256(
        UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    Api.Response accepted = api().post("/api/v1/sboms?image=" + image,
        HttpRequest.BodyPublishers.ofByteArray(resource("cyclonedx-1.5-trivy-centos-7.json")),
        "application/vnd.cyclonedx+json");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    assertThat(api().awaitFinished(accepted.text("/scan/id")).text("/status"))
        .isEqualTo("SUCCEEDED");
    Api.Response evaluation = dryRun("""
        [{"id": "gpl-3-or-later", "action": "DENY",
          "expression": "sbom.components.exists(c, c.licenses.exists(l, l == 'GPLv3+'))",
          "messageTemplate": "{{sbom.components.filter(c, c.licenses.exists(l, l == 'GPLv3+')).map(c, c.name)}}"},
         {"id": "openssl-licence", "action": "WARN",
          "expression": "sbom.components.exists(c, c.name == 'openssl-libs' && c.licenses == ['OpenSSL+'])"}]
        """, image);
    assertThat(evaluation.text("/decision")).isEqualTo("DENIED");
    assertThat(rule(evaluation, "gpl-3-or-later").path("outcome").asString()).isEqualTo("FAIL");
    assertThat(rule(evaluation, "gpl-3-or-later").path("message").asString()).isEqualTo("bash");
    assertThat(rule(evaluation, "openssl-licence").path("outcome").asString()).isEqualTo("FAIL");
  }

  private static final String UNKNOWNS_RULES = """
      [{"id": "unreadable-parts", "action": "DENY",
        "expression": "scan.present && scan.unknowns > 0",
        "messageTemplate": "{{scan.unknowns}} part(s) of the image are not in the SBOM"}]
      """;

  @Test
  void unknownsCountTheFilesTheCatalogersCouldNotRead() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
    // a dpkg database with one good stanza and one without a Version field
    files.put("var/lib/dpkg/status", """
        Package: zlib1g
        Status: install ok installed
        Architecture: amd64
        Version: 1:1.2.13.dfsg-1

        Package: no-version
        Status: install ok installed
        Architecture: amd64
        """);
    files.put("app/lib/broken.jar", "this is not a zip archive\n");
    String ref = images.push("crafted/unreadable", CraftedImages.layer(files));
    Api.Response done = api().awaitFinished(api().scan(ref).text("/id"));
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    assertThat(done.json().get("stages")).anySatisfy(s -> {
      assertThat(s.get("name").asString()).isEqualTo("catalog");
      assertThat(s.get("detail").asString()).isEqualTo("1 packages on debian-12, 2 files skipped");
    });
    Api.Response evaluation = dryRun(UNKNOWNS_RULES, ref.replaceFirst(":[^:/]+$", "@")
        + done.text("/image/digest"));
    assertThat(evaluation.text("/decision")).isEqualTo("DENIED");
    assertThat(rule(evaluation, "unreadable-parts").path("outcome").asString()).isEqualTo("FAIL");
    assertThat(rule(evaluation, "unreadable-parts").path("message").asString())
        .isEqualTo("2 part(s) of the image are not in the SBOM");

    String clean = scanned("scangate-test/files:1");
    Api.Response allowed = dryRun(UNKNOWNS_RULES,
        TestRegistry.open() + "/scangate-test/files@" + clean);
    assertThat(allowed.text("/decision")).isEqualTo("ALLOWED");
    assertThat(rule(allowed, "unreadable-parts").path("outcome").asString()).isEqualTo("PASS");
  }

  @Test
  void unknownsOfAnUploadedSbomAreTheComponentsItCouldNotUse() throws IOException {
    // Syft's SPDX snapshot: package-1 has the package URL "a-purl-1", which is not one
    String image = TestRegistry.open() + "/uploaded/syft@"
        + "sha256:2731251dc34951c0e50fcc643b4c5f74922dad1a5d98f302b504cf46cd5d9368";
    Api.Response accepted = api().post("/api/v1/sboms?image=" + image,
        HttpRequest.BodyPublishers.ofByteArray(resource("spdx-2.3-syft-image-snapshot.json")),
        "application/spdx+json");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    int skipped = accepted.json().get("skipped").size();
    assertThat(skipped).as(accepted.body()).isPositive();
    assertThat(api().awaitFinished(accepted.text("/scan/id")).text("/status"))
        .isEqualTo("SUCCEEDED");
    Api.Response evaluation = dryRun(UNKNOWNS_RULES, image);
    assertThat(evaluation.text("/scanId")).isEqualTo(accepted.text("/scan/id"));
    assertThat(rule(evaluation, "unreadable-parts").path("message").asString())
        .isEqualTo(skipped + " part(s) of the image are not in the SBOM");
  }
}
