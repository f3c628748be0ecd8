package dev.scangate.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import dev.scangate.vulndb.OsvFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The match stage with the real OSV records imported: the test image's log4j and lodash, fixed
 * versions in uploaded SBOMs, Debian by source package, the findings list and the vulnerability
 * view.
 */
class FindingsIT extends ScangateIT {

  private static boolean imported;

  @BeforeEach
  void importRecords() {
    if (!imported) {
      Api.Response done = OsvFixtures.imported(api(), "all.zip",
          OsvFixtures.zipOf(OsvFixtures.RECORDS));
      assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
      imported = true;
    }
  }

  private Api.Response scannedArtifacts() {
    Api.Response done = api().awaitScan(api().scan(TestRegistry.open()
        + "/scangate-test/artifacts:1").text("/id"), r -> !"QUEUED".equals(r.text("/status"))
        && !"RUNNING".equals(r.text("/status")), Duration.ofSeconds(120));
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    return done;
  }

  private List<JsonNode> items(String scanId, String query) {
    Api.Response page = api().get("/api/v1/scans/" + scanId + "/findings?size=200"
        + (query.isEmpty() ? "" : "&" + query));
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    List<JsonNode> items = new ArrayList<>();
    page.json().get("items").forEach(items::add);
    return items;
  }

  private static JsonNode finding(List<JsonNode> items, String id, String purlPrefix) {
    return items.stream().filter(i -> (i.get("vulnerability").asString().equals(id)
            || i.get("aliases").toString().contains("\"" + id + "\""))
            && i.get("package").get("purl").asString().startsWith(purlPrefix))
        .findFirst().orElseThrow(() -> new AssertionError("no " + id + " on " + purlPrefix
            + " in " + items));
  }

  @Test
  void log4ShellAndLodashAreFoundInTheTestImage() {
    Api.Response scan = scannedArtifacts();
    String id = scan.text("/id");

    assertThat(scan.json().get("stages")).anySatisfy(s -> {
      assertThat(s.get("name").asString()).isEqualTo("match");
      assertThat(s.get("outcome").asString()).isEqualTo("SUCCEEDED");
    });
    assertThat(scan.json().get("summary").get("critical").asLong()).isGreaterThanOrEqualTo(1);
    JsonNode osv = scan.json().get("scanners").get(0);
    assertThat(osv.get("name").asString()).isEqualTo("osv");
    assertThat(osv.get("version").asString()).isNotBlank();
    assertThat(osv.get("dbVersion").asString()).startsWith("15 records, modified ");

    List<JsonNode> items = items(id, "");
    JsonNode log4shell = finding(items, "GHSA-jfh8-c2jp-5v3q",
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    // the merged finding is named by its CVE; the advisory id is an alias
    assertThat(log4shell.get("vulnerability").asString()).isEqualTo("CVE-2021-44228");
    assertThat(log4shell.get("aliases").toString()).contains("GHSA-jfh8-c2jp-5v3q");
    assertThat(log4shell.get("severity").asString()).isEqualTo("CRITICAL");
    assertThat(log4shell.get("severitySource").asString()).isEqualTo("CVSS_V3");
    assertThat(log4shell.get("cvss").get("score").asDouble()).isEqualTo(10.0);
    assertThat(log4shell.get("cvss").get("vector").asString())
        .isEqualTo("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
    assertThat(log4shell.get("fixedVersions").toString()).isEqualTo("[\"2.15.0\"]");
    assertThat(log4shell.get("fixAvailable").asBoolean()).isTrue();
    assertThat(log4shell.get("scanners").toString()).isEqualTo("[\"osv\"]");
    assertThat(log4shell.get("package").get("name").asString()).isEqualTo("log4j-core");
    assertThat(log4shell.get("firstSeen").asString()).isNotBlank();

    JsonNode lodash = finding(items, "GHSA-35jh-r3h4-6jhm", "pkg:npm/lodash@4.17.20");
    assertThat(lodash.get("aliases").toString()).contains("GHSA-35jh-r3h4-6jhm");
    assertThat(lodash.get("vulnerability").asString()).isEqualTo("CVE-2021-23337");
    assertThat(lodash.get("fixedVersions").toString()).isEqualTo("[\"4.17.21\"]");
    assertThat(lodash.get("severity").asString()).isEqualTo("HIGH");
    // the advisory names log4j-core only
    assertThat(items).noneMatch(i -> i.get("package").get("purl").asString()
        .startsWith("pkg:maven/org.apache.logging.log4j/log4j-api@"));

    // The signed scan-result attestation lists the same findings and the matcher's database.
    JsonNode attestations = api().get("/api/v1/images/" + scan.text("/image/digest")
        + "/attestations").json();
    JsonNode vuln = null;
    for (JsonNode a : attestations) {
      if (a.get("predicateType").asString().equals(
          "https://cosign.sigstore.dev/attestation/vuln/v1")) {
        vuln = tools.jackson.databind.json.JsonMapper.builder().build().readTree(java.util.Base64.getDecoder().decode(
            a.at("/envelope/payload").asString())).get("predicate");
      }
    }
    assertThat(vuln).as("scan-result attestation").isNotNull();
    assertThat(vuln.at("/scanner/result/vulnerabilitiesMatched").asBoolean()).isTrue();
    assertThat(vuln.at("/scanner/db/version").asString()).startsWith("15 records");
    assertThat(vuln.at("/scanner/result/findings")).anySatisfy(f -> {
      assertThat(f.get("vulnerability").asString()).isEqualTo("CVE-2021-44228");
      assertThat(f.at("/package/purl").asString())
          .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
      assertThat(f.get("severity").asString()).isEqualTo("CRITICAL");
      assertThat(f.get("fixedVersions").toString()).isEqualTo("[\"2.15.0\"]");
    });
  }

  @Test
  void fixedVersionsInAnUploadedSbomHaveNoFindings() {
    String image = TestRegistry.open() + "/findings-test/fixed@" + Sboms.digest();
    Api.Response scan = Sboms.of()
        .pkg("log4j-core", "2.17.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1")
        .pkg("lodash", "4.17.21", "pkg:npm/lodash@4.17.21")
        .pkg("lodash", "4.17.20", "pkg:npm/lodash@4.17.20")
        .scan(api(), image);

    assertThat(scan.text("/status")).as(scan.body()).isEqualTo("SUCCEEDED");
    List<JsonNode> items = items(scan.text("/id"), "");
    // only the vulnerable lodash of the three packages
    assertThat(items).extracting(i -> i.get("package").get("purl").asString() + " "
        + i.get("vulnerability").asString())
        .containsExactly("pkg:npm/lodash@4.17.20 CVE-2021-23337");
    assertThat(scan.json().get("summary").get("high").asLong()).isOne();
    assertThat(scan.json().get("summary").get("critical").asLong()).isZero();
  }

  @Test
  void debianAdvisoriesMatchTheSourcePackageNotABinaryOfTheSameName() {
    String image = TestRegistry.open() + "/findings-test/wheezy@" + Sboms.digest();
    Api.Response scan = Sboms.of().os("debian", "7")
        // binaries built from source nginx: the DSA names the source
        .pkg("nginx-full", "1.2.1-2.2+wheezy2",
            "pkg:deb/debian/nginx-full@1.2.1-2.2%2Bwheezy2?upstream=nginx&distro=debian-7")
        .pkg("nginx-light", "1.2.1-2.2+wheezy3",
            "pkg:deb/debian/nginx-light@1.2.1-2.2%2Bwheezy3?upstream=nginx&distro=debian-7")
        // a binary called nginx built from another source is not the source package nginx
        .pkg("nginx", "1.0-1", "pkg:deb/debian/nginx@1.0-1?upstream=other-nginx&distro=debian-7")
        .scan(api(), image);

    assertThat(scan.text("/status")).as(scan.body()).isEqualTo("SUCCEEDED");
    List<JsonNode> items = items(scan.text("/id"), "");
    assertThat(items).extracting(i -> i.get("package").get("name").asString() + " "
        + i.get("vulnerability").asString() + " " + i.get("aliases"))
        .containsExactly("nginx-full CVE-2014-3616 [\"DSA-3029-1\"]");
    JsonNode nginx = items.get(0);
    assertThat(nginx.get("fixedVersions").toString()).isEqualTo("[\"1.2.1-2.2+wheezy3\"]");
    // the DSA carries no severity
    assertThat(nginx.get("severity").asString()).isEqualTo("UNKNOWN");
  }

  @Test
  void findingsAreFilteredAndPagedAndBadFiltersAreRefused() {
    String id = scannedArtifacts().text("/id");
    List<JsonNode> all = items(id, "");
    assertThat(all.size()).isGreaterThanOrEqualTo(2);

    assertThat(items(id, "severity=critical")).isNotEmpty()
        .allSatisfy(i -> assertThat(i.get("severity").asString()).isEqualTo("CRITICAL"));
    assertThat(items(id, "severity=critical,high")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(items(id, "package=lodash")).isNotEmpty().allSatisfy(i ->
        assertThat(i.get("package").get("name").asString()).isEqualTo("lodash"));
    assertThat(items(id, "scanner=osv")).hasSize(all.size());
    assertThat(items(id, "scanner=grype")).isEmpty();
    assertThat(items(id, "fixable=true")).isNotEmpty().allSatisfy(i ->
        assertThat(i.get("fixAvailable").asBoolean()).isTrue());
    // worst first
    assertThat(all.get(0).get("severity").asString()).isEqualTo("CRITICAL");

    Api.Response first = api().get("/api/v1/scans/" + id + "/findings?size=1&page=0");
    Api.Response second = api().get("/api/v1/scans/" + id + "/findings?size=1&page=1");
    assertThat(first.json().get("total").asLong()).isEqualTo(all.size());
    assertThat(first.json().get("items")).hasSize(1);
    assertThat(second.json().get("page").asInt()).isOne();
    assertThat(second.json().get("items").get(0)).isNotEqualTo(first.json().get("items").get(0));

    for (String bad : List.of("severity=dangerous", "fixable=maybe", "scanner=snyk",
        "size=0", "page=-1")) {
      Api.Response refused = api().get("/api/v1/scans/" + id + "/findings?" + bad);
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.text("/detail")).as(bad).contains(bad.substring(0, bad.indexOf('=')));
    }
    assertThat(api().get("/api/v1/scans/00000000-0000-0000-0000-000000000000/findings")
        .status()).isEqualTo(404);
  }

  @Test
  void aVulnerabilityByAnyOfItsIdsListsTheAffectedImages() {
    Api.Response scan = scannedArtifacts();
    String digest = scan.text("/image/digest");

    for (String id : List.of("CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q")) {
      Api.Response view = api().get("/api/v1/vulnerabilities/" + id);
      assertThat(view.status()).as(view.body()).isEqualTo(200);
      assertThat(view.text("/id")).isEqualTo("GHSA-jfh8-c2jp-5v3q");
      assertThat(view.text("/advisory/summary")).isNotBlank();
      assertThat(view.json().get("aliases").toString()).contains("CVE-2021-44228");
      assertThat(view.json().get("images")).anySatisfy(image -> {
        assertThat(image.get("digest").asString()).isEqualTo(digest);
        assertThat(image.get("repository").asString())
            .isEqualTo(TestRegistry.open() + "/scangate-test/artifacts");
        assertThat(image.get("package").get("name").asString()).isEqualTo("log4j-core");
        assertThat(image.get("latestScan").get("id").asString()).isEqualTo(scan.text("/id"));
      });
    }
    Api.Response unknown = api().get("/api/v1/vulnerabilities/CVE-1900-0001");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
  }
}
