package dev.scangate.sboms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** SBOMs of real images in the real registry, checked against the truth of real tools. */
class SbomIT extends ScangateIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Api.Response scanned(String repositoryAndTag) {
    Api.Response done = api().awaitScan(api().scan(TestRegistry.open() + "/" + repositoryAndTag)
        .text("/id"), r -> !"QUEUED".equals(r.text("/status"))
        && !"RUNNING".equals(r.text("/status")), Duration.ofSeconds(120));
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    return done;
  }

  private List<JsonNode> components(String scanId) {
    Api.Response sbom = api().get("/api/v1/scans/" + scanId + "/sbom");
    assertThat(sbom.status()).isEqualTo(200);
    assertThat(sbom.contentType()).startsWith("application/vnd.cyclonedx+json");
    JsonNode bom = JSON.readTree(sbom.body());
    assertThat(bom.get("specVersion").asString()).isEqualTo("1.6");
    List<JsonNode> list = new ArrayList<>();
    bom.get("components").forEach(list::add);
    return list;
  }

  private static String property(JsonNode component, String name) {
    for (JsonNode p : component.path("properties")) {
      if (name.equals(p.get("name").asString())) {
        return p.get("value").asString();
      }
    }
    return null;
  }

  @Test
  void debianImageListsExactlyTheDpkgDatabase() throws Exception {
    Api.Response done = scanned("scangate-test/debian:12");
    assertThat(done.json().get("stages")).anySatisfy(s -> {
      assertThat(s.get("name").asString()).isEqualTo("catalog");
      assertThat(s.get("detail").asString()).contains("packages on debian-12");
    });
    // truth: dpkg-query over the image's rootfs, written by dev/test-env.sh
    Path truthFile = Path.of(System.getenv("SCANGATE_TEST_HOME"), "debian-12.dpkg.tsv");
    TreeSet<String> truth = new TreeSet<>(Files.readAllLines(truthFile));
    TreeSet<String> found = new TreeSet<>();
    for (JsonNode c : components(done.text("/id"))) {
      String purl = c.path("purl").asString();
      if (!purl.startsWith("pkg:deb/")) {
        continue;
      }
      assertThat(purl).contains("distro=debian-12").contains("arch=");
      found.add(String.join("\t", c.get("name").asString(), c.get("version").asString(),
          property(c, "scangate:package:architecture"), property(c, "scangate:source:name"),
          property(c, "scangate:source:version")));
    }
    assertThat(truth).hasSizeGreaterThan(80);
    JsonNode libc = components(done.text("/id")).stream()
        .filter(c -> "libc6".equals(c.get("name").asString())).findFirst().orElseThrow();
    assertThat(Integer.parseInt(property(libc, "scangate:property:dpkg.installedFiles")))
        .as("files dpkg lists for libc6").isGreaterThan(100);
    assertThat(found).containsExactlyElementsOf(truth);
  }

  @Test
  void debianSbomInEveryFormat() {
    String id = scanned("scangate-test/debian:12").text("/id");
    Api.Response xml = api().get("/api/v1/scans/" + id + "/sbom?format=cyclonedx-xml");
    assertThat(xml.status()).isEqualTo(200);
    assertThat(xml.contentType()).startsWith("application/vnd.cyclonedx+xml");
    assertThat(xml.body()).contains("http://cyclonedx.org/schema/bom/1.6").contains("libc6");
    Api.Response spdx = api().get("/api/v1/scans/" + id + "/sbom?format=spdx-json");
    assertThat(spdx.status()).isEqualTo(200);
    JsonNode doc = JSON.readTree(spdx.body());
    assertThat(doc.get("spdxVersion").asString()).isEqualTo("SPDX-2.3");
    assertThat(doc.get("packages").size()).isGreaterThan(80);
    Api.Response bad = api().get("/api/v1/scans/" + id + "/sbom?format=spdx-tv");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text("/detail")).contains("spdx-tv");
  }

  @Test
  void packagePurgedInUpperLayerIsAbsent() {
    List<String> names = components(scanned("scangate-test/debian:12-purged").text("/id"))
        .stream().map(c -> c.get("name").asString()).toList();
    assertThat(names).doesNotContain("libsemanage-common").contains("libc6", "dpkg");
  }

  @Test
  void realArtifactsAppearWithTheirPackageUrls() {
    Map<String, String> byPurl = new TreeMap<>();
    for (JsonNode c : components(scanned("scangate-test/artifacts:1").text("/id"))) {
      byPurl.put(c.path("purl").asString(), property(c, "scangate:location:path"));
    }
    assertThat(byPurl).containsEntry("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
        "/app/lib/log4j-core-2.14.1.jar");
    assertThat(byPurl).containsKeys("pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1",
        "pkg:npm/lodash@4.17.20", "pkg:npm/minimist@1.2.5", "pkg:pypi/six@1.16.0");
    assertThat(byPurl.keySet()).anyMatch(p -> p.startsWith("pkg:pypi/urllib3@1.26."));
    assertThat(byPurl.keySet()).anyMatch(p -> p.startsWith("pkg:golang/stdlib@"));
    // the uber jar and the artifacts shaded into it
    assertThat(byPurl).containsEntry("pkg:maven/org.jline/jline@3.26.3",
        "/app/lib/jline-3.26.3.jar");
    assertThat(byPurl).containsKeys("pkg:maven/org.jline/jline-reader@3.26.3",
        "pkg:maven/org.jline/jline-terminal@3.26.3");
  }

  @Test
  void whiteoutsHideWhatUpperLayersRemoved() {
    List<String> purls = components(scanned("scangate-test/artifacts:2").text("/id")).stream()
        .map(c -> c.path("purl").asString()).toList();
    assertThat(purls).contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
        "pkg:npm/minimist@1.2.5");
    assertThat(purls).doesNotContain("pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1",
        "pkg:npm/lodash@4.17.20");
  }

  @Test
  void sbomOfAScanWithoutOneIs404() {
    Api.Response failed = api().awaitFinished(
        api().scan(TestRegistry.open() + "/scangate-test/files:no-such-tag").text("/id"));
    Api.Response sbom = api().get("/api/v1/scans/" + failed.text("/id") + "/sbom");
    assertThat(sbom.status()).isEqualTo(404);
    assertThat(sbom.text("/detail")).contains("has no SBOM");
  }
}
