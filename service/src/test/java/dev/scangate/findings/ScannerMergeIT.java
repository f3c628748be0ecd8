package dev.scangate.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import dev.scangate.vulndb.OsvFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Grype and Trivy configured as real executables that replay real recorded reports (neither
 * tool can be installed here): Grype 0.28.0's report of a Debian 10 image with Django 3.2.9,
 * Trivy's golden report of a pip lock file with Werkzeug 0.11 (see
 * {@code src/test/resources/osv/SOURCES.md}). With the real GitHub advisories of both packages
 * imported, the OSV matcher reports them too, and each vulnerability is one finding listing the
 * scanners that reported it. No recorded Grype JSON report shares a vulnerability with a
 * recorded Trivy report, so no finding here lists all three.
 */
class ScannerMergeIT extends ScangateIT {

  private static final Path TOOLS = tools();

  private static Path tools() {
    try {
      Path dir = Files.createTempDirectory("scangate-scanners-");
      script(dir, "grype", copy(dir, "grype-0.28.0-debian10.json"));
      script(dir, "trivy", copy(dir, "trivy-dev-pip.json"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path copy(Path dir, String report) throws IOException {
    try (InputStream in = ScannerMergeIT.class.getResourceAsStream("/osv/merge/" + report)) {
      Path target = dir.resolve(report);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    }
  }

  /**
   * {@code name}: prints the report for a scan; fails like a broken scanner while a file
   * {@code name.fail} exists; its version commands fail (the report names the version).
   */
  private static void script(Path dir, String name, Path report) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(script, "#!/bin/sh\n"
        + "case \"$1\" in version|db) echo 'no version here' >&2; exit 1 ;; esac\n"
        + "if [ -f '" + dir.resolve(name + ".fail") + "' ]; then\n"
        + "  echo 'failed to load vulnerability db' >&2; exit 2\n"
        + "fi\n"
        + "cat '" + report + "'\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
  }

  @DynamicPropertySource
  static void scanners(DynamicPropertyRegistry registry) {
    registry.add("scangate.scanners.grype.binary", () -> TOOLS.resolve("grype").toString());
    registry.add("scangate.scanners.trivy.binary", () -> TOOLS.resolve("trivy").toString());
  }

  private static boolean imported;

  @BeforeEach
  void importAdvisories() throws IOException {
    Files.deleteIfExists(TOOLS.resolve("trivy.fail"));
    if (!imported) {
      Api.Response done = OsvFixtures.imported(api(), "pypi.zip", OsvFixtures.zipOf(List.of(
          "merge/GHSA-v6rh-hp5x-86rv", "merge/GHSA-gq9m-qvpx-68hc")));
      assertThat(done.json().get("counts").get("added").asInt()).as(done.body()).isEqualTo(2);
      imported = true;
    }
  }

  private Api.Response scanPythonApp() {
    return Sboms.of()
        .pkg("Django", "3.2.9", "pkg:pypi/django@3.2.9")
        .pkg("Werkzeug", "0.11", "pkg:pypi/werkzeug@0.11")
        .scan(api(), TestRegistry.open() + "/merge-test/python-app@" + Sboms.digest());
  }

  private List<JsonNode> items(String scanId, String query) {
    Api.Response page = api().get("/api/v1/scans/" + scanId + "/findings?size=200" + query);
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    List<JsonNode> items = new ArrayList<>();
    page.json().get("items").forEach(items::add);
    return items;
  }

  private static JsonNode find(List<JsonNode> items, String id, String packageName) {
    return items.stream().filter(i -> i.get("vulnerability").asString().equals(id)
            && i.get("package").get("name").asString().equalsIgnoreCase(packageName))
        .findFirst().orElseThrow(() -> new AssertionError("no " + id + " in " + packageName
            + ": " + items));
  }

  @Test
  void theSameVulnerabilityFromAnExternalScannerAndOsvIsOneFindingListingBoth() {
    Api.Response scan = scanPythonApp();
    assertThat(scan.text("/status")).as(scan.body()).isEqualTo("SUCCEEDED");
    assertThat(scan.json().get("scanners")).extracting(s -> s.get("name").asString() + " "
        + s.get("status").asString())
        .containsExactly("osv SUCCEEDED", "grype SUCCEEDED", "trivy SUCCEEDED");
    assertThat(scan.json().get("scanners").get(1).get("version").asString())
        .isEqualTo("0.28.0");

    List<JsonNode> items = items(scan.text("/id"), "");
    JsonNode django = find(items, "CVE-2021-44420", "django");
    assertThat(django.get("aliases").toString()).contains("GHSA-v6rh-hp5x-86rv");
    assertThat(django.get("scanners").toString()).isEqualTo("[\"grype\",\"osv\"]");
    assertThat(django.get("fixedVersions").toString()).contains("3.2.10");
    JsonNode werkzeug = find(items, "CVE-2019-14806", "werkzeug");
    assertThat(werkzeug.get("aliases").toString()).contains("GHSA-gq9m-qvpx-68hc");
    assertThat(werkzeug.get("scanners").toString()).isEqualTo("[\"osv\",\"trivy\"]");
    // found by one scanner only: stays visible as such
    JsonNode trivyOnly = find(items, "CVE-2020-28724", "werkzeug");
    assertThat(trivyOnly.get("scanners").toString()).isEqualTo("[\"trivy\"]");
    assertThat(items).filteredOn(i -> i.get("vulnerability").asString()
        .equals("CVE-2021-44420")).hasSize(1);

    assertThat(items(scan.text("/id"), "&scanner=trivy")).allSatisfy(i ->
        assertThat(i.get("scanners").toString()).contains("trivy"));
    assertThat(items(scan.text("/id"), "&scanner=trivy")).hasSize(2);
  }

  @Test
  void aFailingScannerIsRecordedOnTheScanAndTheOthersStillCount() throws IOException {
    Files.createFile(TOOLS.resolve("trivy.fail"));

    Api.Response scan = scanPythonApp();

    assertThat(scan.text("/status")).as(scan.body()).isEqualTo("SUCCEEDED");
    JsonNode trivy = scan.json().get("scanners").get(2);
    assertThat(trivy.get("name").asString()).isEqualTo("trivy");
    assertThat(trivy.get("status").asString()).isEqualTo("FAILED");
    assertThat(trivy.get("error").asString()).contains("exited with code 2")
        .contains("failed to load vulnerability db");
    List<JsonNode> items = items(scan.text("/id"), "");
    assertThat(find(items, "CVE-2019-14806", "werkzeug").get("scanners").toString())
        .isEqualTo("[\"osv\"]");
    assertThat(find(items, "CVE-2021-44420", "django").get("scanners").toString())
        .isEqualTo("[\"grype\",\"osv\"]");
  }
}
