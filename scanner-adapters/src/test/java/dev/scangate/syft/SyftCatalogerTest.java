package dev.scangate.syft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import dev.scangate.process.ProcessRunException;
import dev.scangate.process.ProcessRunner;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link SyftCataloger} against a real executable standing in for {@code syft}: a shell
 * script that records its arguments and environment, then replays a recorded Syft output through
 * {@code process/tool.sh} (no syft can be installed here).
 */
class SyftCatalogerTest {

  private static final String BUSYBOX = "docker.io/library/busybox@sha256:"
      + "1ee006886991ad4689838d3a288e0dd3fd29b70e276622f16b67a8922831a853";

  @TempDir
  Path temp;

  @Test
  void runsSyftPinnedByDigestAndNormalizesWhatItPrints() throws Exception {
    Path recorded = resource("/syft/syft-0.94.0-busybox-1.31.json");
    SyftCataloger syft = cataloger(fakeSyft("replay " + quote(recorded)), Map.of(
        "SYFT_REGISTRY_INSECURE_USE_HTTP", "true"));

    SyftOutput output = syft.catalog(ImageReference.parse("busybox:1.31@sha256:"
        + "1ee006886991ad4689838d3a288e0dd3fd29b70e276622f16b67a8922831a853"),
        Platform.parse("linux/arm64"));

    assertThat(Files.readAllLines(temp.resolve("args"))).containsExactly(
        "registry:" + BUSYBOX, "-o", "syft-json", "-q", "--platform", "linux/arm64");
    assertThat(Files.readAllLines(temp.resolve("env")))
        .contains("SYFT_CHECK_FOR_APP_UPDATE=false", "SYFT_REGISTRY_INSECURE_USE_HTTP=true");
    assertThat(output).isEqualTo(new SyftJsonNormalizer().normalize(Files.readAllBytes(recorded)));
    assertThat(output.catalog().catalogers()).containsExactly("syft@0.94.0");
    assertThat(temp).isDirectoryNotContaining("glob:**.std*");
  }

  @Test
  void leavesThePlatformToSyftWhenNoneIsGiven() throws Exception {
    SyftCataloger syft = cataloger(fakeSyft("replay "
        + quote(resource("/syft/syft-schema-1.1.0-alpine.json"))), Map.of());

    SyftOutput output = syft.catalog(ImageReference.parse(BUSYBOX), null);

    assertThat(Files.readAllLines(temp.resolve("args")))
        .containsExactly("registry:" + BUSYBOX, "-o", "syft-json", "-q");
    assertThat(output.catalog().packages()).hasSize(14);
  }

  @Test
  void aFailingSyftIsReportedWithItsExitCodeAndStderr() throws Exception {
    SyftCataloger syft = cataloger(fakeSyft("fail 1 3"), Map.of());

    assertThatThrownBy(() -> syft.catalog(ImageReference.parse(BUSYBOX), null))
        .isInstanceOfSatisfying(ProcessRunException.class, e -> {
          assertThat(e.reason()).isEqualTo(ProcessRunException.Reason.EXIT_CODE);
          assertThat(e.tool()).isEqualTo("syft");
          assertThat(e.exitCode()).isEqualTo(1);
          assertThat(e.getMessage()).startsWith("syft exited with code 1 after ")
              .endsWith("error line 3 of 3");
        });
  }

  @Test
  void truncatedOutputIsAnOutputErrorNotAnEmptyCatalog() throws Exception {
    byte[] real = Files.readAllBytes(resource("/syft/syft-0.94.0-busybox-1.31.json"));
    Path truncated = Files.write(temp.resolve("truncated.json"),
        Arrays.copyOf(real, real.length / 2));
    SyftCataloger syft = cataloger(fakeSyft("replay " + quote(truncated)), Map.of());

    assertThatThrownBy(() -> syft.catalog(ImageReference.parse(BUSYBOX), null))
        .isInstanceOf(SyftOutputException.class)
        .hasMessageStartingWith("syft output is not valid JSON");
  }

  @Test
  void outputLargerThanTheLimitFailsTheScan() throws Exception {
    Path script = fakeSyft("flood 100000");
    SyftCataloger syft = new SyftCataloger(new SyftSettings(script, Duration.ofSeconds(30),
        10_000, temp, Map.of()), new ProcessRunner());

    assertThatThrownBy(() -> syft.catalog(ImageReference.parse(BUSYBOX), null))
        .isInstanceOfSatisfying(ProcessRunException.class, e -> assertThat(e.reason())
            .isEqualTo(ProcessRunException.Reason.OUTPUT_LIMIT));
  }

  @Test
  void refusesAnImageThatIsNotPinnedByDigest() throws Exception {
    SyftCataloger syft = cataloger(fakeSyft("replay /dev/null"), Map.of());

    assertThatThrownBy(() -> syft.catalog(ImageReference.parse("busybox:1.31"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("docker.io/library/busybox:1.31 has none");
    assertThat(temp.resolve("args")).doesNotExist();
  }

  @Test
  void aConfiguredBinaryThatIsNotExecutableFailsAtConstruction() throws IOException {
    Path notExecutable = Files.writeString(temp.resolve("syft"), "#!/bin/sh\n");

    assertThatThrownBy(() -> new SyftCataloger(SyftSettings.of(notExecutable),
        new ProcessRunner()))
        .hasMessage("syft binary " + notExecutable + " is not an executable file");
    assertThatThrownBy(() -> new SyftCataloger(SyftSettings.of(temp.resolve("missing")),
        new ProcessRunner()))
        .hasMessageEndingWith("is not an executable file");
  }

  private SyftCataloger cataloger(Path binary, Map<String, String> environment) {
    return new SyftCataloger(new SyftSettings(binary, Duration.ofSeconds(30), 16 << 20, temp,
        environment), new ProcessRunner());
  }

  /** A real executable named syft: records argv and environment, then runs tool.sh MODE. */
  private Path fakeSyft(String toolMode) throws IOException, URISyntaxException {
    Path script = temp.resolve("syft");
    Files.writeString(script, "#!/bin/sh\n"
        + "printf '%s\\n' \"$@\" > " + quote(temp.resolve("args")) + "\n"
        + "env > " + quote(temp.resolve("env")) + "\n"
        + "exec /bin/sh " + quote(resource("/process/tool.sh")) + " " + toolMode + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private static String quote(Path path) {
    return "'" + path.toString().replace("'", "'\\''") + "'";
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(SyftCatalogerTest.class.getResource(name).toURI());
  }
}
