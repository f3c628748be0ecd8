package dev.scangate.sboms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** SBOMs made elsewhere (real Trivy and Syft output) scanned without pulling the image. */
class SbomUploadIT extends ScangateIT {

  private static final String DIGEST =
      "sha256:8d0d2a2c3e6b8f1f4a1e6f0d0c2b6a4e9f3c2d1b0a9f8e7d6c5b4a3f2e1d0c9b";
  /** The image digest Syft's SPDX document names as its subject. */
  private static final String SYFT_SUBJECT =
      "sha256:2731251dc34951c0e50fcc643b4c5f74922dad1a5d98f302b504cf46cd5d9368";
  private long scansBefore;

  @BeforeEach
  void countBefore() {
    scansBefore = count("scans");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = SbomUploadIT.class.getResourceAsStream("/sboms/" + name)) {
      return in.readAllBytes();
    }
  }

  private Api.Response upload(String image, byte[] body, String contentType) {
    return api().post("/api/v1/sboms?image=" + image, HttpRequest.BodyPublishers.ofByteArray(body),
        contentType);
  }

  @Test
  void trivyCycloneDxIsStoredAndScannedWithoutPulling() throws Exception {
    String image = TestRegistry.open() + "/uploaded/centos@" + DIGEST;
    Api.Response accepted = upload(image, resource("cyclonedx-1.5-trivy-centos-7.json"),
        "application/vnd.cyclonedx+json");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.text("/format")).isEqualTo("cyclonedx-json@1.5");
    assertThat(accepted.json().get("components").asInt()).as("bash and openssl-libs")
        .isEqualTo(2);
    String id = accepted.text("/scan/id");
    Api.Response done = api().awaitFinished(id);
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    assertThat(done.text("/sbomSource")).isEqualTo("UPLOAD");
    assertThat(done.json().get("stages")).allSatisfy(s -> {
      // matching reads the stored SBOM; every stage that pulls or catalogs is skipped
      if (!"SKIPPED".equals(s.get("outcome").asString())
          && !"match".equals(s.get("name").asString())) {
        throw new AssertionError("stage ran on an uploaded SBOM: " + s);
      }
    });
    JsonNode bom = JsonMapper.builder().build().readTree(
        api().get("/api/v1/scans/" + id + "/sbom").body());
    assertThat(bom.get("metadata").get("component").get("version").asString()).isEqualTo(DIGEST);
    assertThat(bom.get("components").findValuesAsString("purl"))
        .anyMatch(p -> p.startsWith("pkg:rpm/centos/bash@4.2.46-31.el7"))
        .anyMatch(p -> p.startsWith("pkg:rpm/centos/openssl-libs@1.0.2k-16.el7"));
    assertThat(count("images where digest = '" + DIGEST + "'")).as("nothing pulled").isZero();
  }

  @Test
  void sbomDescribingAnotherDigestIsRefused() throws Exception {
    Api.Response refused = upload(TestRegistry.open() + "/uploaded/syft@" + DIGEST,
        resource("spdx-2.3-syft-image-snapshot.json"), "application/spdx+json");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("/detail")).contains(SYFT_SUBJECT).contains(DIGEST);
    assertThat(count("scans")).isEqualTo(scansBefore);
  }

  @Test
  void syftSpdxIsAccepted() throws Exception {
    Api.Response accepted = upload(TestRegistry.open() + "/uploaded/syft@" + SYFT_SUBJECT,
        resource("spdx-2.3-syft-image-snapshot.json"), "application/spdx+json");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.text("/format")).isEqualTo("spdx-json@2.3");
    assertThat(api().awaitFinished(accepted.text("/scan/id")).text("/status"))
        .isEqualTo("SUCCEEDED");
  }

  @Test
  void unsupportedVersionIsRefusedNamingIt() throws Exception {
    Api.Response refused = upload(TestRegistry.open() + "/uploaded/npm@" + DIGEST,
        resource("cyclonedx-1.7-trivy-npm.json"), "application/json");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("/type")).isEqualTo("https://scangate.dev/problems/invalid-sbom");
    assertThat(refused.text("/detail")).contains("1.7").contains("not supported");
    assertThat(count("scans")).isEqualTo(scansBefore);
  }

  @Test
  void malformedSbomIsRefused() {
    Api.Response refused = upload(TestRegistry.open() + "/uploaded/x@" + DIGEST,
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{".getBytes(),
        "application/json");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("/type")).isEqualTo("https://scangate.dev/problems/invalid-sbom");
    assertThat(count("scans")).isEqualTo(scansBefore);
    assertThat(count("sboms where image_digest = '" + DIGEST + "' and source = 'UPLOAD'"
        + " and component_count = 0")).isZero();
  }

  @Test
  void tagInsteadOfDigestIsRefused() throws Exception {
    Api.Response refused = upload(TestRegistry.open() + "/uploaded/centos:7",
        resource("cyclonedx-1.5-trivy-centos-7.json"), "application/json");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("/detail")).contains("pinned by digest");
    assertThat(count("scans")).isEqualTo(scansBefore);
  }

  @Test
  void missingImageParameterIsRefused() throws Exception {
    Api.Response refused = api().post("/api/v1/sboms", HttpRequest.BodyPublishers.ofByteArray(
        resource("cyclonedx-1.5-trivy-centos-7.json")), "application/json");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("/detail")).contains("image");
  }
}
