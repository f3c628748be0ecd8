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
 * that replays a recorded syft-json output (syft 0.94.0 on busybox:1.31) and records its
 * arguments.
 */
class SyftCatalogIT extends ScangateIT {

  static Path dir;

  @DynamicPropertySource
  static void syft(DynamicPropertyRegistry registry) throws IOException {
    dir = Files.createTempDirectory("scangate-syft");
    Path recording = dir.resolve("syft.json");
    try (InputStream in = SyftCatalogIT.class.getResourceAsStream(
        "/sboms/syft-0.94.0-busybox-1.31.json")) {
      Files.copy(in, recording);
    }
    Path binary = dir.resolve("syft");
    Files.writeString(binary, "#!/bin/sh\necho \"$@\" > " + dir.resolve("args") + "\ncat "
        + recording + "\n");
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    registry.add("scangate.catalog.syft-binary", binary::toString);
  }

  @Test
  void catalogStageRunsTheConfiguredSyft() throws Exception {
    Api.Response done = api().awaitFinished(
        api().scan(TestRegistry.open() + "/scangate-test/files:1").text("/id"));
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    String args = Files.readString(dir.resolve("args"));
    assertThat(args).startsWith("registry:" + TestRegistry.open() + "/scangate-test/files@sha256:")
        .contains("-o syft-json");
    assertThat(count("sboms where source = 'SYFT' and scan_id = '" + done.text("/id") + "'"))
        .isEqualTo(1);
    Api.Response sbom = api().get("/api/v1/scans/" + done.text("/id") + "/sbom");
    assertThat(sbom.body()).contains("syft");
  }
}
