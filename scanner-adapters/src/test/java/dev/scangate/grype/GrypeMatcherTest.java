package dev.scangate.grype;

import static dev.scangate.vuln.FakeScanner.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.catalog.CatalogResult;
import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import dev.scangate.process.ProcessRunException;
import dev.scangate.process.ProcessRunner;
import dev.scangate.vuln.DatabaseUpdates;
import dev.scangate.vuln.FakeScanner;
import dev.scangate.vuln.MatchException;
import dev.scangate.vuln.MatchInput;
import dev.scangate.vuln.MatchResult;
import dev.scangate.vuln.ScannerOutputException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link GrypeMatcher} against a real executable standing in for {@code grype}: a script
 * that records its arguments and environment and replays a real recorded Grype report, fails
 * with stderr, or hangs (see {@link FakeScanner}).
 */
class GrypeMatcherTest {

  private static final String DEBIAN = "docker.io/library/debian@sha256:"
      + "b16cef8cbcb20935c0f052e37fc3d38dc92bfec0bcfb894c328547f81e932d67";

  @TempDir
  Path temp;
  private FakeScanner fake;
  private Path sbom;
  private Path report;

  @BeforeEach
  void setUp() throws IOException, URISyntaxException {
    fake = FakeScanner.create(temp, "grype");
    // the matcher only passes the file's path on; grype would read it
    sbom = Files.writeString(temp.resolve("sbom.cdx.json"), "{}");
    report = resource("/grype/grype-0.75.0-ubuntu20.04-fix-available.json");
  }

  @Test
  void runsGrypeOnTheSbomOfflineAndNormalizesItsReport() throws Exception {
    fake.scanMode("replay " + quote(report));
    GrypeMatcher grype = matcher(Duration.ofSeconds(30), 2);

    MatchResult result = grype.match(MatchInput.ofSbom(sbom, ImageReference.parse(DEBIAN)));

    assertThat(fake.invocations()).containsExactly(
        List.of("sbom:" + sbom.toAbsolutePath(), "-o", "json"));
    assertThat(fake.lastEnvironment()).contains("GRYPE_CHECK_FOR_APP_UPDATE=false",
        "GRYPE_DB_AUTO_UPDATE=false", "GRYPE_DB_CACHE_DIR=" + temp.resolve("db"),
        "GRYPE_REGISTRY_INSECURE_USE_HTTP=true");
    assertThat(result).isEqualTo(new GrypeReportNormalizer().normalize(Files.readAllBytes(report)));
    assertThat(result.scanner().label()).isEqualTo("grype 0.75.0 (db 5, built 2024-04-10T01:25:07Z)");
    assertThat(temp).isDirectoryNotContaining("glob:**.std*");
  }

  @Test
  void withoutAnSbomGrypePullsTheImageByDigestForThePlatform() throws Exception {
    fake.scanMode("replay " + quote(report));

    matcher(Duration.ofSeconds(30), 2).match(MatchInput.ofImage(
        ImageReference.parse("debian:12@sha256:"
            + "b16cef8cbcb20935c0f052e37fc3d38dc92bfec0bcfb894c328547f81e932d67"),
        Platform.parse("linux/arm64")));

    assertThat(fake.invocations()).containsExactly(List.of("registry:" + DEBIAN, "-o", "json",
        "--platform", "linux/arm64"));
  }

  @Test
  void aCrashIsReportedWithToolVersionExitCodeAndStderrTail() throws Exception {
    GrypeMatcher grype = matcher(Duration.ofSeconds(30), 2);
    fake.scanMode("replay " + quote(report));
    grype.match(MatchInput.ofSbom(sbom, null)); // learns the version from the report
    fake.scanMode("fail 1 3");

    assertThatThrownBy(() -> grype.match(MatchInput.ofSbom(sbom, null)))
        .isInstanceOfSatisfying(MatchException.class, e -> {
          assertThat(e.scanner()).isEqualTo("grype");
          assertThat(e.getMessage()).startsWith("grype 0.75.0 exited with code 1 after ")
              .endsWith("error line 1 of 3\nerror line 2 of 3\nerror line 3 of 3");
          assertThat(e.getCause()).isInstanceOfSatisfying(ProcessRunException.class, cause -> {
            assertThat(cause.tool()).isEqualTo("grype");
            assertThat(cause.toolVersion()).isEqualTo("0.75.0");
            assertThat(cause.exitCode()).isEqualTo(1);
            assertThat(cause.stderrTail()).endsWith("error line 3 of 3\n");
          });
        });
  }

  @Test
  void aHangingGrypeIsKilledAtTheTimeout() throws Exception {
    fake.scanMode("tree " + quote(temp.resolve("pids")));
    GrypeMatcher grype = matcher(Duration.ofSeconds(1), 2);

    assertThatThrownBy(() -> grype.match(MatchInput.ofSbom(sbom, null)))
        .isInstanceOfSatisfying(MatchException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("grype timed out after 1.0s and was killed");
          assertThat(((ProcessRunException) e.getCause()).reason())
              .isEqualTo(ProcessRunException.Reason.TIMEOUT);
        });
    String[] pids = Files.readString(temp.resolve("pids")).strip().split(" ");
    for (String pid : pids) {
      assertThat(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive))
          .as("pid %s", pid).isNotEqualTo(java.util.Optional.of(true));
    }
  }

  @Test
  void truncatedOutputFailsTheMatchWithTheParseError() throws Exception {
    byte[] real = Files.readAllBytes(report);
    Path truncated = Files.write(temp.resolve("truncated.json"),
        Arrays.copyOf(real, real.length / 3));
    fake.scanMode("replay " + quote(truncated));

    assertThatThrownBy(() -> matcher(Duration.ofSeconds(30), 2)
        .match(MatchInput.ofSbom(sbom, null)))
        .isInstanceOf(MatchException.class)
        .hasMessageStartingWith("grype output is not valid JSON: Unexpected end-of-input")
        .hasCauseInstanceOf(ScannerOutputException.class);
  }

  @Test
  void atMostTheConfiguredNumberOfGrypeProcessesRunAtOnce() throws Exception {
    fake.scanMode("replay " + quote(report)).delayScans("0.4");
    GrypeMatcher grype = matcher(Duration.ofSeconds(30), 1);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<MatchResult>> runs = pool.invokeAll(List.of(
          () -> grype.match(MatchInput.ofSbom(sbom, null)),
          () -> grype.match(MatchInput.ofSbom(sbom, null)),
          () -> grype.match(MatchInput.ofSbom(sbom, null))));
      for (Future<MatchResult> run : runs) {
        assertThat(run.get().findings()).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(fake.log()).containsExactly("start", "end", "start", "end", "start", "end");
  }

  @Test
  void versionsComeFromGrypeVersionAndDbStatusAndAFailureSaysWhy() throws Exception {
    GrypeMatcher grype = matcher(Duration.ofSeconds(30), 2);
    // tool.sh "args" prints lines that are not JSON: the version is then unknown, not an error
    fake.versionMode("args version");
    assertThat(grype.toolVersion()).isNull();
    assertThat(fake.invocations()).containsExactly(List.of("version", "-o", "json"));

    fake.versionMode("fail 1 2");
    assertThatThrownBy(grype::databaseVersion)
        .isInstanceOf(MatchException.class)
        .hasMessageStartingWith("grype exited with code 1")
        .hasMessageEndingWith("error line 2 of 2");
    assertThat(fake.invocations()).last().isEqualTo(List.of("db", "status", "-o", "json"));
  }

  @Test
  void anInputWithOnlyACatalogIsRefusedBeforeGrypeRuns() throws Exception {
    GrypeMatcher grype = matcher(Duration.ofSeconds(30), 2);

    assertThatThrownBy(() -> grype.match(MatchInput.ofCatalog(
        new CatalogResult(null, List.of(), List.of(), List.of()), null)))
        .isInstanceOf(MatchException.class)
        .hasMessage("grype needs an SBOM file or an image; the input has only a catalog");
    assertThatThrownBy(() -> grype.match(MatchInput.ofImage(ImageReference.parse("debian:12"),
        null)))
        .hasMessage("grype scans an image by digest; docker.io/library/debian:12 has none"
            + " (resolve the tag first)");
    assertThat(temp.resolve("args")).doesNotExist();
  }

  @Test
  void aConfiguredBinaryThatIsMissingFailsAtConstruction() {
    Path missing = temp.resolve("bin/grype");

    assertThatThrownBy(() -> new GrypeMatcher(GrypeSettings.of(missing), new ProcessRunner()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grype binary " + missing + " is not an executable file (check the"
            + " configured path)");
  }

  private GrypeMatcher matcher(Duration timeout, int concurrency) {
    return new GrypeMatcher(new GrypeSettings(fake.binary(), temp.resolve("db"),
        DatabaseUpdates.NEVER, timeout, 16 << 20, concurrency, temp,
        Map.of("GRYPE_REGISTRY_INSECURE_USE_HTTP", "true")), new ProcessRunner());
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(GrypeMatcherTest.class.getResource(name).toURI());
  }
}
