package dev.scangate.trivy;

import dev.scangate.image.ImageReference;
import dev.scangate.process.ProcessRunner;
import dev.scangate.vuln.DatabaseUpdates;
import dev.scangate.vuln.MatchException;
import dev.scangate.vuln.MatchInput;
import dev.scangate.vuln.MatchResult;
import dev.scangate.vuln.Matcher;
import dev.scangate.vuln.ScannerInfo;
import dev.scangate.vuln.ScannerProcess;
import dev.scangate.vuln.ScannerOutputException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds vulnerabilities with an installed Trivy (https://github.com/aquasecurity/trivy).
 *
 * <ul>
 *   <li>SBOM mode: {@code trivy sbom --format json --quiet <file>}, the file being the CycloneDX
 *       JSON SBOM scangate wrote.</li>
 *   <li>Image mode (no SBOM in the input): {@code trivy image --format json --quiet
 *       [--platform os/arch] <repository>@<digest>}, with {@code TRIVY_IMAGE_SRC=remote} so
 *       Trivy pulls from the registry and never asks a container daemon.</li>
 * </ul>
 * Before each scan {@code trivy version --format json} is asked for the database version and
 * build time (the report does not carry them); when that fails, the scan still runs and the
 * result says so in a warning. The report is normalized by {@link TrivyReportNormalizer}.
 *
 * <p>Exit codes: Trivy exits 0 after a scan whatever it found (scangate never passes
 * {@code --exit-code}), and 1 on errors, so any non-zero exit is a failure. Settings are passed
 * as environment variables, which older Trivy versions ignore rather than reject:
 * {@code TRIVY_CACHE_DIR}; with {@link DatabaseUpdates#NEVER} {@code TRIVY_SKIP_DB_UPDATE},
 * {@code TRIVY_SKIP_JAVA_DB_UPDATE} and {@code TRIVY_OFFLINE_SCAN}; always
 * {@code TRIVY_NO_PROGRESS}. At most {@link TrivySettings#maxConcurrent()} Trivy processes run
 * at once per matcher; further calls wait.
 *
 * <pre>{@code
 * TrivyMatcher trivy = new TrivyMatcher(TrivySettings.of(Path.of("/usr/local/bin/trivy")),
 *     new ProcessRunner());
 * MatchResult result = trivy.match(MatchInput.ofSbom(sbomFile, image));
 * result.scanner();   // trivy 0.49.1 (db 2, built 2024-01-20T12:08:57Z)
 * }</pre>
 */
public final class TrivyMatcher implements Matcher {

  /** Plug-in id. */
  public static final String ID = "trivy";

  private static final Logger LOG = LoggerFactory.getLogger(TrivyMatcher.class);
  private static final Duration VERSION_TIMEOUT = Duration.ofMinutes(1);

  private final TrivySettings settings;
  private final ScannerProcess process;
  private final TrivyReportNormalizer normalizer = new TrivyReportNormalizer();
  private volatile String knownVersion;

  /**
   * @throws IllegalArgumentException when the configured binary is not an executable file, so
   *     a wrong path fails at startup rather than at the first scan
   */
  public TrivyMatcher(TrivySettings settings, ProcessRunner runner) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.process = new ScannerProcess(ID, settings.binary(), settings.maxConcurrent(),
        settings.scratchDirectory(), runner);
  }

  @Override
  public String id() {
    return ID;
  }

  /** Trivy's version from {@code trivy version --format json}; null when it names none. */
  @Override
  public String toolVersion() throws MatchException {
    String version = knownVersion;
    return version != null ? version : info().toolVersion();
  }

  /** The vulnerability database's schema version ({@code 2}); null when none is installed. */
  @Override
  public String databaseVersion() throws MatchException {
    return info().dbVersion();
  }

  /** Everything {@code trivy version --format json} says; unreadable parts are null. */
  @Override
  public ScannerInfo info() throws MatchException {
    List<String> warnings = new ArrayList<>();
    ScannerInfo info = normalizer.versionInfo(run(List.of("version", "--format", "json"),
        VERSION_TIMEOUT, 1 << 20), warnings);
    warnings.forEach(warning -> LOG.warn("{}", warning));
    if (info.toolVersion() != null) {
      knownVersion = info.toolVersion();
    }
    return info;
  }

  /**
   * Runs Trivy on the input's SBOM file, or on its image when there is no SBOM.
   *
   * @throws MatchException when the input has neither, Trivy fails, times out, writes too much,
   *     or writes something that is not a Trivy JSON report; the message names the tool, its
   *     version when known, the exit code and the end of its stderr
   */
  @Override
  public MatchResult match(MatchInput input) throws MatchException {
    List<String> arguments = arguments(input);
    return process.inSlot(() -> {
      List<String> warnings = new ArrayList<>();
      ScannerInfo versions;
      try {
        versions = info();
      } catch (MatchException e) {
        warnings.add("trivy version failed, database version unknown: " + e.getMessage());
        versions = new ScannerInfo(ID, knownVersion, null, null);
      }
      byte[] output = run(arguments, settings.timeout(), settings.maxOutputBytes());
      MatchResult report;
      try {
        report = normalizer.normalize(output);
      } catch (ScannerOutputException e) {
        throw new MatchException(ID, e.getMessage() + (knownVersion == null ? ""
            : " (trivy " + knownVersion + ")"), e);
      }
      String toolVersion = report.scanner().toolVersion() != null
          ? report.scanner().toolVersion() : versions.toolVersion();
      if (toolVersion != null) {
        knownVersion = toolVersion;
      }
      warnings.addAll(report.warnings());
      return new MatchResult(new ScannerInfo(ID, toolVersion, versions.dbVersion(),
          versions.dbBuiltAt()), report.findings(), warnings);
    });
  }

  /** The arguments after the binary, never passed through a shell. */
  List<String> arguments(MatchInput input) throws MatchException {
    Objects.requireNonNull(input, "input");
    List<String> arguments = new ArrayList<>();
    if (input.sbom() != null) {
      if (!Files.isRegularFile(input.sbom())) {
        throw new MatchException(ID, "trivy cannot read the SBOM " + input.sbom()
            + ": it is not a file");
      }
      arguments.add("sbom");
      arguments.add("--format");
      arguments.add("json");
      arguments.add("--quiet");
      arguments.add(input.sbom().toAbsolutePath().toString());
      return arguments;
    }
    if (input.image() == null) {
      throw new MatchException(ID, "trivy needs an SBOM file or an image; the input has only a"
          + " catalog");
    }
    ImageReference image = input.image();
    if (image.digest() == null) {
      throw new MatchException(ID, "trivy scans an image by digest; " + image
          + " has none (resolve the tag first)");
    }
    arguments.add("image");
    arguments.add("--format");
    arguments.add("json");
    arguments.add("--quiet");
    if (input.platform() != null) {
      arguments.add("--platform");
      arguments.add(input.platform().toString());
    }
    arguments.add(image.atDigest(image.digest()).toString());
    return arguments;
  }

  private byte[] run(List<String> arguments, Duration timeout, long maxBytes)
      throws MatchException {
    return process.run(arguments, environment(), timeout, maxBytes, knownVersion);
  }

  Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("TRIVY_NO_PROGRESS", "true");
    // pull images from the registry; never look for a Docker, containerd or Podman daemon
    environment.put("TRIVY_IMAGE_SRC", "remote");
    if (settings.databaseUpdates() == DatabaseUpdates.NEVER) {
      environment.put("TRIVY_SKIP_DB_UPDATE", "true");
      environment.put("TRIVY_SKIP_JAVA_DB_UPDATE", "true");
      environment.put("TRIVY_OFFLINE_SCAN", "true");
    }
    if (settings.cacheDirectory() != null) {
      environment.put("TRIVY_CACHE_DIR", settings.cacheDirectory().toString());
    }
    environment.putAll(settings.environment());
    return environment;
  }

}
