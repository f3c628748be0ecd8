package dev.scangate.sboms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code scangate.catalog.syft-binary} set, the catalog stage runs that binary instead of the
 * built-in catalogers. No Syft can be installed here, so the binary is a small real executable
 * that records its arguments and replays a recorded syft-json output: that of an alpine image
 * (schema 1.1.0, apk packages with their licences) when asked for {@code scangate-test/artifacts},
 * else that of busybox:1.31 (syft 0.94.0, one binary without a package URL). Each test scans its
 * own image, so that no scan is reused from another test.
 */
class SyftCatalogIT extends ScangateIT {

  static Path dir;

  @DynamicPropertySource
  static void syft(DynamicPropertyRegistry registry) throws IOException {
    dir = Files.createTempDirectory("scangate-syft");
    Path busybox = recording("syft-0.94.0-busybox-1.31.json");
    Path alpine = recording("syft-schema-1.1.0-alpine.json");
    Path binary = dir.resolve("syft");
    Files.writeString(binary, "#!/bin/sh\necho \"$@\" > " + dir.resolve("args") + "\n"
        + "case \"$1\" in\n  *scangate-test/artifacts*) cat " + alpine + " ;;\n  *) cat "
        + busybox + " ;;\nesac\n");
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    registry.add("scangate.catalog.syft-binary", binary::toString);
  }

  private static Path recording(String name) throws IOException {
    Path recording = dir.resolve(name);
    try (InputStream in = SyftCatalogIT.class.getResourceAsStream("/sboms/" + name)) {
      Files.copy(in, recording);
    }
    return recording;
  }

  private Api.Response scanned(String repositoryAndTag) {
    Api.Response done = api().awaitFinished(
        api().scan(TestRegistry.open() + "/" + repositoryAndTag).text("/id"));
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    return done;
  }

  @Test
  void catalogStageRunsTheConfiguredSyft() throws Exception {
    Api.Response done = scanned("scangate-test/files:1");
    String args = Files.readString(dir.resolve("args"));
    assertThat(args).startsWith("registry:" + TestRegistry.open() + "/scangate-test/files@sha256:")
        .contains("-o syft-json");
    assertThat(count("sboms where source = 'SYFT' and scan_id = '" + done.text("/id") + "'"))
        .isEqualTo(1);
    Api.Response sbom = api().get("/api/v1/scans/" + done.text("/id") + "/sbom");
    assertThat(sbom.body()).contains("syft");
  }

  @Test
  void licencesSyftRecordedReachThePolicy() {
    Api.Response done = scanned("scangate-test/artifacts:1");
    Api.Response evaluation = dryRun("""
        [{"id": "openssl-licensed", "action": "DENY",
          "expression": "sbom.components.exists(c, c.licenses.exists(l, l == 'OpenSSL'))",
          "messageTemplate": "{{sbom.components.filter(c, c.licenses.exists(l, l == 'OpenSSL')).map(c, c.name)}}"},
         {"id": "ca-bundle-dual-licensed", "action": "WARN",
          "expression": "sbom.components.exists(c, c.name == 'ca-certificates-bundle' && c.licenses == ['MPL-2.0 AND MIT'])"},
         {"id": "agpl-licensed", "action": "DENY",
          "expression": "sbom.components.exists(c, c.licenses.exists(l, l.startsWith('AGPL')))"}]
        """, TestRegistry.open() + "/scangate-test/artifacts@" + done.text("/image/digest"));
    assertThat(evaluation.text("/decision")).isEqualTo("DENIED");
    assertThat(rule(evaluation, "openssl-licensed").path("outcome").asString()).isEqualTo("FAIL");
    assertThat(rule(evaluation, "openssl-licensed").path("message").asString())
        .isEqualTo("libcrypto1.1, libssl1.1");
    // this Syft split apk's expression into ["MPL-2.0", "AND", "MIT"]; the policy sees it whole
    assertThat(rule(evaluation, "ca-bundle-dual-licensed").path("outcome").asString())
        .isEqualTo("FAIL");
    assertThat(rule(evaluation, "agpl-licensed").path("outcome").asString()).isEqualTo("PASS");
  }

  @Test
  void unknownsCountTheArtifactsSyftFoundWithoutAPackageUrl() {
    Api.Response done = scanned("scangate-test/docker-v2:1");
    assertThat(done.json().get("stages")).anySatisfy(s -> {
      assertThat(s.get("name").asString()).isEqualTo("catalog");
      assertThat(s.get("detail").asString()).startsWith("0 packages").endsWith(", 1 files skipped");
    });
    Api.Response evaluation = dryRun("""
        [{"id": "unreadable-parts", "action": "DENY",
          "expression": "scan.present && scan.unknowns > 0",
          "messageTemplate": "{{scan.unknowns}} part(s) of the image are not in the SBOM"}]
        """, TestRegistry.open() + "/scangate-test/docker-v2@" + done.text("/image/digest"));
    assertThat(evaluation.text("/decision")).isEqualTo("DENIED");
    assertThat(rule(evaluation, "unreadable-parts").path("message").asString())
        .isEqualTo("1 part(s) of the image are not in the SBOM");
  }
}
