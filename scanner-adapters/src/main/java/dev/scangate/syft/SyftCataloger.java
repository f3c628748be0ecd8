package dev.scangate.syft;

import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import dev.scangate.process.ProcessResult;
import dev.scangate.process.ProcessRunException;
import dev.scangate.process.ProcessRunner;
import dev.scangate.process.ProcessSpec;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Catalogs an image with an installed Syft (https://github.com/anchore/syft): runs
 * {@code syft registry:<repository>@<digest> -o syft-json -q [--platform os/arch]} through the
 * {@link ProcessRunner} and normalizes the output with {@link SyftJsonNormalizer}. The
 * {@code registry:} scheme makes Syft pull from the registry itself (no container daemon), and
 * the reference is always pinned by digest, so the result belongs to that digest.
 *
 * <pre>{@code
 * SyftCataloger syft = new SyftCataloger(SyftSettings.of(Path.of("/usr/local/bin/syft")),
 *     new ProcessRunner());
 * SyftOutput output = syft.catalog(ImageReference.parse("debian@sha256:…"), Platform.DEFAULT);
 * CatalogResult result = output.catalog();   // catalogers: ["syft@1.18.0"]
 * }</pre>
 *
 * <p>The Syft version is read from each output's {@code descriptor.version}; it is known after
 * the first run.
 */
public final class SyftCataloger {

  /** Plug-in id. */
  public static final String ID = "syft";

  private final SyftSettings settings;
  private final ProcessRunner runner;
  private final SyftJsonNormalizer normalizer = new SyftJsonNormalizer();

  /**
   * @throws IllegalArgumentException when the configured binary is not an executable file, so
   *     a wrong path fails at startup rather than at the first scan
   */
  public SyftCataloger(SyftSettings settings, ProcessRunner runner) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.runner = Objects.requireNonNull(runner, "runner");
    if (!Files.isRegularFile(settings.binary()) || !Files.isExecutable(settings.binary())) {
      throw new IllegalArgumentException("syft binary " + settings.binary()
          + " is not an executable file");
    }
  }

  public String id() {
    return ID;
  }

  /**
   * Runs Syft on one image.
   *
   * @param image the image; must be pinned by digest
   * @param platform the platform to pick when the digest is an index, or null for Syft's
   *     default
   * @throws ProcessRunException when Syft cannot start, fails, times out or writes too much
   * @throws SyftOutputException when its output is not usable syft-json
   */
  public SyftOutput catalog(ImageReference image, Platform platform) throws ProcessRunException {
    ProcessSpec spec = ProcessSpec.of(ID, command(image, platform))
        .withEnvironment(environment())
        .withTimeout(settings.timeout())
        .withMaxStdoutBytes(settings.maxOutputBytes())
        .withScratchDirectory(settings.scratchDirectory());
    try (ProcessResult result = runner.run(spec)) {
      return normalizer.normalize(result.stdoutBytes());
    }
  }

  /** The argument list, never passed through a shell. */
  List<String> command(ImageReference image, Platform platform) {
    Objects.requireNonNull(image, "image");
    if (image.digest() == null) {
      throw new IllegalArgumentException("syft scans an image by digest; " + image
          + " has none (resolve the tag first)");
    }
    List<String> command = new ArrayList<>();
    command.add(settings.binary().toString());
    command.add("registry:" + image.atDigest(image.digest()));
    command.add("-o");
    command.add("syft-json");
    command.add("-q");
    if (platform != null) {
      command.add("--platform");
      command.add(platform.toString());
    }
    return command;
  }

  private Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    // no network call to Anchore's update service on every scan
    environment.put("SYFT_CHECK_FOR_APP_UPDATE", "false");
    environment.putAll(settings.environment());
    return environment;
  }
}
