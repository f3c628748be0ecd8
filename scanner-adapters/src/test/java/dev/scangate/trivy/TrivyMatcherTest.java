package dev.scangate.trivy;

import static dev.scangate.vuln.FakeScanner.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import dev.scangate.process.ProcessRunException;
import dev.scangate.process.ProcessRunner;
import dev.scangate.vuln.DatabaseUpdates;
import dev.scangate.vuln.FakeScanner;
import dev.scangate.vuln.MatchException;
import dev.scangate.vuln.MatchInput;
import dev.scangate.vuln.MatchResult;
import dev.scangate.vuln.ScannerInfo;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link TrivyMatcher} against a real executable standing in for {@code trivy} that replays
 * real recorded Trivy reports, fails with stderr or hangs (see {@link FakeScanner}).
 */
class TrivyMatcherTest {

  private static final String DIGEST = "sha256:"
      + "b16cef8cbcb20935c0f052e37fc3d38dc92bfec0bcfb894c328547f81e932d67";

  @TempDir
  Path temp;
  private FakeScanner fake;
  private Path sbom;
  private Path report;

  @BeforeEach
  void setUp() throws IOException, URISyntaxException {
    fake = FakeScanner.create(temp, "trivy");
    sbom = Files.writeString(temp.resolve("sbom.cdx.json"), "{}");
    report = Path.of(getClass().getResource("/trivy/trivy-0.69.1-jar-cvssv4.json").toURI());
  }

  @Test
  void runsTrivySbomOfflineAndKeepsGoingWhenItsVersionCommandFails() throws Exception {
    fake.scanMode("replay " + quote(report)).versionMode("fail 2 1");

    MatchResult result = matcher(Duration.ofSeconds(30)).match(MatchInput.ofSbom(sbom, null));

    assertThat(fake.invocations()).containsExactly(
        List.of("version", "--format", "json"),
        List.of("sbom", "--format", "json", "--quiet", sbom.toAbsolutePath().toString()));
    assertThat(fake.lastEnvironment()).contains("TRIVY_SKIP_DB_UPDATE=true",
        "TRIVY_SKIP_JAVA_DB_UPDATE=true", "TRIVY_OFFLINE_SCAN=true", "TRIVY_NO_PROGRESS=true",
        "TRIVY_IMAGE_SRC=remote", "TRIVY_CACHE_DIR=" + temp.resolve("cache"),
        "TRIVY_USERNAME=robot");
    MatchResult expected = new TrivyReportNormalizer().normalize(Files.readAllBytes(report));
    assertThat(result.findings()).isEqualTo(expected.findings());
    assertThat(result.scanner()).isEqualTo(new ScannerInfo("trivy", "0.69.1", null, null));
    assertThat(result.warnings()).singleElement().asString()
        .startsWith("trivy version failed, database version unknown: trivy exited with code 2")
        .endsWith("error line 1 of 1");
  }

  @Test
  void withoutAnSbomTrivyScansTheImageByDigestForThePlatform() throws Exception {
    fake.scanMode("replay " + quote(report)).versionMode("fail 1 1");

    matcher(Duration.ofSeconds(30)).match(MatchInput.ofImage(
        ImageReference.parse("registry.example:5000/team/app:1.0@" + DIGEST),
        Platform.parse("linux/amd64")));

    assertThat(fake.invocations()).last().isEqualTo(List.of("image", "--format", "json",
        "--quiet", "--platform", "linux/amd64", "registry.example:5000/team/app@" + DIGEST));
  }

  @Test
  void aCrashIsReportedWithToolVersionExitCodeAndStderrTail() throws Exception {
    TrivyMatcher trivy = matcher(Duration.ofSeconds(30));
    fake.scanMode("replay " + quote(report)).versionMode("fail 1 1");
    trivy.match(MatchInput.ofSbom(sbom, null)); // learns 0.69.1 from the report
    fake.scanMode("fail 1 40");

    assertThatThrownBy(() -> trivy.match(MatchInput.ofSbom(sbom, null)))
        .isInstanceOfSatisfying(MatchException.class, e -> {
          assertThat(e.getMessage()).startsWith("trivy 0.69.1 exited with code 1 after ")
              .endsWith("error line 40 of 40");
          ProcessRunException cause = (ProcessRunException) e.getCause();
          assertThat(cause.tool()).isEqualTo("trivy");
          assertThat(cause.toolVersion()).isEqualTo("0.69.1");
          assertThat(cause.exitCode()).isEqualTo(1);
          assertThat(cause.stderrTail()).contains("error line 1 of 40");
        });
  }

  @Test
  void aHangingTrivyIsKilledAtTheTimeout() throws Exception {
    fake.scanMode("tree " + quote(temp.resolve("pids"))).versionMode("fail 1 1");

    assertThatThrownBy(() -> matcher(Duration.ofSeconds(1)).match(MatchInput.ofSbom(sbom, null)))
        .isInstanceOf(MatchException.class)
        .hasMessage("trivy timed out after 1.0s and was killed");
  }

  @Test
  void aGrypeReportOnStdoutIsAnOutputError() throws Exception {
    fake.scanMode("replay " + quote(Path.of(getClass()
        .getResource("/grype/grype-0.28.0-debian10.json").toURI()))).versionMode("fail 1 1");

    assertThatThrownBy(() -> matcher(Duration.ofSeconds(30)).match(MatchInput.ofSbom(sbom, null)))
        .isInstanceOf(MatchException.class)
        .hasMessageEndingWith("(it looks like a Grype report)");
  }

  @Test
  void aConfiguredBinaryThatIsMissingFailsAtConstruction() {
    Path missing = temp.resolve("trivy-missing");

    assertThatThrownBy(() -> new TrivyMatcher(TrivySettings.of(missing), new ProcessRunner()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trivy binary " + missing + " is not an executable file (check the"
            + " configured path)");
  }

  private TrivyMatcher matcher(Duration timeout) {
    return new TrivyMatcher(new TrivySettings(fake.binary(), temp.resolve("cache"),
        DatabaseUpdates.NEVER, timeout, 16 << 20, 2, temp, Map.of("TRIVY_USERNAME", "robot")),
        new ProcessRunner());
  }
}
