package dev.scangate.grype;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds vulnerabilities with an installed Grype (https://github.com/anchore/grype).
 *
 * <ul>
 *   <li>SBOM mode: {@code grype sbom:<file> -o json}, the file being the CycloneDX JSON SBOM
 *       scangate wrote.</li>
 *   <li>Image mode (no SBOM in the input): {@code grype registry:<repository>@<digest> -o json
 *       [--platform os/arch]}; Grype pulls the image itself, never through a container
 *       daemon.</li>
 * </ul>
 * The report is normalized by {@link GrypeReportNormalizer}; tool and database versions come
 * from its {@code descriptor}. {@link #toolVersion()} asks {@code grype version -o json} and
 * {@link #databaseVersion()} asks {@code grype db status -o json}; both outputs are read
 * defensively (an unreadable answer is "unknown", not an error).
 *
 * <p>Exit codes: Grype exits 0 after a scan whatever it found, and 1 on errors. Only with
 * {@code --fail-on}, which scangate never passes, would a non-zero exit carry findings, so any
 * non-zero exit is a failure here. The environment disables Grype's update check
 * ({@code GRYPE_CHECK_FOR_APP_UPDATE=false}) and, with {@link DatabaseUpdates#NEVER}, its
 * database download ({@code GRYPE_DB_AUTO_UPDATE=false}); the database directory is
 * {@code GRYPE_DB_CACHE_DIR}. At most {@link GrypeSettings#maxConcurrent()} Grype processes run
 * at once per matcher; further calls wait.
 *
 * <pre>{@code
 * GrypeMatcher grype = new GrypeMatcher(GrypeSettings.of(Path.of("/usr/local/bin/grype")),
 *     new ProcessRunner());
 * MatchResult result = grype.match(MatchInput.ofSbom(sbomFile, image));
 * result.scanner();   // grype 0.74.0 (db 5, built 2024-01-20T01:29:26Z)
 * }</pre>
 */
public final class GrypeMatcher implements Matcher {

  /** Plug-in id. */
  public static final String ID = "grype";

  private static final Logger LOG = LoggerFactory.getLogger(GrypeMatcher.class);
  private static final Duration VERSION_TIMEOUT = Duration.ofMinutes(1);

  private final GrypeSettings settings;
  private final ScannerProcess process;
  private final GrypeReportNormalizer normalizer = new GrypeReportNormalizer();
  private final JsonMapper mapper = JsonMapper.builder().build();
  private volatile String knownVersion;

  /**
   * @throws IllegalArgumentException when the configured binary is not an executable file, so
   *     a wrong path fails at startup rather than at the first scan
   */
  public GrypeMatcher(GrypeSettings settings, ProcessRunner runner) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.process = new ScannerProcess(ID, settings.binary(), settings.maxConcurrent(),
        settings.scratchDirectory(), runner);
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * Grype's version from {@code grype version -o json} (remembered after the first answer, or
   * learned from the first report); null when its answer has no version.
   */
  @Override
  public String toolVersion() throws MatchException {
    String version = knownVersion;
    if (version != null) {
      return version;
    }
    byte[] output = run(List.of("version", "-o", "json"), VERSION_TIMEOUT, 1 << 20);
    JsonNode tree = readQuietly(output, "grype version -o json");
    JsonNode value = tree == null ? null : tree.path("version");
    if (value == null || !value.isString() || value.stringValue().isBlank()) {
      return null;
    }
    knownVersion = value.stringValue();
    return knownVersion;
  }

  /**
   * The database schema version from {@code grype db status -o json} ({@code 5},
   * {@code v6.0.2}); null when its answer has none.
   *
   * @throws MatchException when Grype fails, for instance because no valid database is
   *     installed (its stderr says so)
   */
  @Override
  public String databaseVersion() throws MatchException {
    return databaseStatus()[0];
  }

  /** Id, versions and the database's build time. */
  @Override
  public ScannerInfo info() throws MatchException {
    String[] status = databaseStatus();
    List<String> warnings = new ArrayList<>();
    ScannerInfo info = new ScannerInfo(ID, toolVersion(), status[0],
        status[1] == null ? null : GrypeReportNormalizer.parseInstant(status[1], warnings));
    warnings.forEach(warning -> LOG.warn("{}", warning));
    return info;
  }

  private String[] databaseStatus() throws MatchException {
    byte[] output = run(List.of("db", "status", "-o", "json"), VERSION_TIMEOUT, 1 << 20);
    JsonNode tree = readQuietly(output, "grype db status -o json");
    List<String> warnings = new ArrayList<>();
    String[] status = GrypeReportNormalizer.databaseStatus(tree, warnings);
    warnings.forEach(warning -> LOG.warn("{}", warning));
    return status;
  }

  /**
   * Runs Grype on the input's SBOM file, or on its image when there is no SBOM.
   *
   * @throws MatchException when the input has neither, Grype fails, times out, writes too much,
   *     or writes something that is not a Grype JSON report; the message names the tool, its
   *     version when known, the exit code and the end of its stderr
   */
  @Override
  public MatchResult match(MatchInput input) throws MatchException {
    List<String> arguments = arguments(input);
    byte[] output = process.inSlot(() -> run(arguments, settings.timeout(),
        settings.maxOutputBytes()));
    MatchResult result;
    try {
      result = normalizer.normalize(output);
    } catch (ScannerOutputException e) {
      throw new MatchException(ID, e.getMessage() + (knownVersion == null ? ""
          : " (grype " + knownVersion + ")"), e);
    }
    if (result.scanner().toolVersion() != null) {
      knownVersion = result.scanner().toolVersion();
    }
    return result;
  }

  /** The arguments after the binary, never passed through a shell. */
  List<String> arguments(MatchInput input) throws MatchException {
    Objects.requireNonNull(input, "input");
    List<String> arguments = new ArrayList<>();
    if (input.sbom() != null) {
      if (!Files.isRegularFile(input.sbom())) {
        throw new MatchException(ID, "grype cannot read the SBOM " + input.sbom()
            + ": it is not a file");
      }
      arguments.add("sbom:" + input.sbom().toAbsolutePath());
    } else if (input.image() != null) {
      ImageReference image = input.image();
      if (image.digest() == null) {
        throw new MatchException(ID, "grype scans an image by digest; " + image
            + " has none (resolve the tag first)");
      }
      arguments.add("registry:" + image.atDigest(image.digest()));
    } else {
      throw new MatchException(ID, "grype needs an SBOM file or an image; the input has only a"
          + " catalog");
    }
    arguments.add("-o");
    arguments.add("json");
    if (input.sbom() == null && input.platform() != null) {
      arguments.add("--platform");
      arguments.add(input.platform().toString());
    }
    return arguments;
  }

  private byte[] run(List<String> arguments, Duration timeout, long maxBytes)
      throws MatchException {
    return process.run(arguments, environment(), timeout, maxBytes, knownVersion);
  }

  Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    // no call to Anchore's update service on every run
    environment.put("GRYPE_CHECK_FOR_APP_UPDATE", "false");
    if (settings.databaseUpdates() == DatabaseUpdates.NEVER) {
      environment.put("GRYPE_DB_AUTO_UPDATE", "false");
    }
    if (settings.dbCacheDirectory() != null) {
      environment.put("GRYPE_DB_CACHE_DIR", settings.dbCacheDirectory().toString());
    }
    environment.putAll(settings.environment());
    return environment;
  }

  private JsonNode readQuietly(byte[] output, String what) {
    try {
      JsonNode tree = mapper.readTree(output);
      if (tree != null && tree.isObject()) {
        return tree;
      }
      LOG.warn("{} did not print a JSON object: {}", what, preview(output));
    } catch (JacksonException e) {
      LOG.warn("{} did not print JSON ({}): {}", what, e.getOriginalMessage(), preview(output));
    }
    return null;
  }

  private static String preview(byte[] output) {
    String text = new String(output, 0, Math.min(output.length, 200), StandardCharsets.UTF_8);
    return text.replaceAll("\\p{Cntrl}", " ");
  }

}
