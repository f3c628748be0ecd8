package dev.scangate.trivy;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.scangate.vuln.Cvss;
import dev.scangate.vuln.CvssVersion;
import dev.scangate.vuln.Finding;
import dev.scangate.vuln.FixState;
import dev.scangate.vuln.MatchResult;
import dev.scangate.vuln.PackageRef;
import dev.scangate.vuln.ScannerInfo;
import dev.scangate.vuln.ScannerOutputException;
import dev.scangate.vuln.Severity;
import dev.scangate.vuln.SeveritySource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns Trivy's JSON report into a {@link MatchResult}. A pure function of the bytes: no process,
 * no file system.
 *
 * <p>Accepted: report schema 2 ({@code SchemaVersion: 2}, Trivy 0.20 and later), the legacy
 * report (a top-level array of results, older Trivy), and the cosign vulnerability predicate
 * ({@code --format cosign-vuln}: the report under {@code scanner.result}, the version in
 * {@code scanner.version}).
 *
 * <p>Mapping of one {@code Results[].Vulnerabilities[]} entry to a {@link Finding}:
 * <ul>
 *   <li>id: {@code VulnerabilityID}; aliases: {@code VendorIDs} (DSA, RHSA, GHSA ids).</li>
 *   <li>package: {@code PkgIdentifier.PURL}; older reports have none, and the purl is derived
 *       from the result's type ({@code debian} → {@code pkg:deb/debian/…}, {@code jar} →
 *       {@code pkg:maven/group/artifact@…}, …) or left null for a type without a purl
 *       mapping.</li>
 *   <li>fixed versions: {@code FixedVersion} split at commas ({@code "11.0.14, 10.1.49"});
 *       state: {@code Status} (see {@link FixState}); reports without a status are FIXED when
 *       a fixed version is named, else UNKNOWN. Entries with status {@code not_affected} are not
 *       findings: they are skipped with a warning.</li>
 *   <li>severity: {@code Severity}; its source is VENDOR when {@code SeveritySource} is a
 *       distribution's tracker ({@code debian}, {@code ubuntu}, {@code redhat}, {@code alpine},
 *       …), ADVISORY otherwise ({@code nvd}, {@code ghsa}), NONE when the label is unknown.</li>
 *   <li>CVSS: every source of the {@code CVSS} map, each with its v2, v3.x and v4.0 vector.</li>
 *   <li>title, description; urls: {@code PrimaryURL} then {@code References}; data source:
 *       {@code DataSource.ID}, else the result type.</li>
 * </ul>
 * The report carries Trivy's version ({@code Trivy.Version}, recent versions only) but not its
 * database's: {@link TrivyMatcher} adds that from {@code trivy version --format json}.
 *
 * <pre>{@code
 * MatchResult result = new TrivyReportNormalizer().normalize(stdoutBytes);
 * }</pre>
 */
public final class TrivyReportNormalizer {

  /** The newest report schema this normalizer was written against. */
  public static final int NEWEST_SCHEMA = 2;

  /** {@code SeveritySource} values that are a distribution's own tracker. */
  private static final Set<String> VENDOR_SOURCES = Set.of("debian", "ubuntu", "redhat",
      "centos", "rocky", "alma", "amazon", "alpine", "oracle-oval", "photon", "cbl-mariner",
      "azure", "suse-cvrf", "opensuse", "wolfi", "chainguard", "echo", "minimos", "fedora",
      "arch-linux", "bitnami-vulndb");
  private static final Set<String> DEB_FAMILIES = Set.of("debian", "ubuntu");
  private static final Set<String> APK_FAMILIES = Set.of("alpine", "wolfi", "chainguard");
  private static final Set<String> RPM_FAMILIES = Set.of("redhat", "centos", "rocky", "alma",
      "almalinux", "amazon", "oracle", "fedora", "photon", "cbl-mariner", "azurelinux",
      "suse linux enterprise server", "opensuse.leap", "opensuse.tumbleweed", "opensuse");
  private static final Map<String, String> LANGUAGE_TYPES = Map.ofEntries(
      Map.entry("npm", "npm"), Map.entry("yarn", "npm"), Map.entry("pnpm", "npm"),
      Map.entry("node-pkg", "npm"), Map.entry("pip", "pypi"), Map.entry("pipenv", "pypi"),
      Map.entry("poetry", "pypi"), Map.entry("uv", "pypi"), Map.entry("python-pkg", "pypi"),
      Map.entry("jar", "maven"), Map.entry("pom", "maven"), Map.entry("gradle", "maven"),
      Map.entry("sbt", "maven"), Map.entry("gemspec", "gem"), Map.entry("bundler", "gem"),
      Map.entry("gomod", "golang"), Map.entry("gobinary", "golang"),
      Map.entry("cargo", "cargo"), Map.entry("rustbinary", "cargo"),
      Map.entry("composer", "composer"), Map.entry("composer-vendor", "composer"),
      Map.entry("nuget", "nuget"), Map.entry("dotnet-core", "nuget"),
      Map.entry("conda-pkg", "conda"), Map.entry("pub", "pub"), Map.entry("hex", "hex"));

  private final JsonMapper mapper = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
      .build();

  /**
   * Normalizes one report.
   *
   * @throws ScannerOutputException when the bytes are empty, not JSON, not a Trivy JSON report
   *     (another tool's output, Trivy's CycloneDX or SPDX output), or of a schema newer than
   *     {@link #NEWEST_SCHEMA}; the message says which
   */
  public MatchResult normalize(byte[] json) {
    if (isBlank(json)) {
      throw new ScannerOutputException("trivy wrote no output");
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(json);
    } catch (JacksonException e) {
      throw new ScannerOutputException("trivy output is not valid JSON: "
          + e.getOriginalMessage() + (e.getLocation() == null ? "" : " (line "
              + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
              + ")"), e);
    }
    String version = null;
    if (tree.isObject() && tree.path("scanner").path("result").isObject()) {
      // cosign vulnerability predicate (--format cosign-vuln)
      JsonNode scannerVersion = tree.path("scanner").path("version");
      version = scannerVersion.isString() ? blankToNull(scannerVersion.stringValue()) : null;
      tree = tree.path("scanner").path("result");
    }
    List<TrivyJson.Result> results;
    if (tree.isArray()) {
      results = legacyResults(tree);
    } else if (tree.isObject()) {
      TrivyJson report = report(tree);
      if (report.trivy() != null && blankToNull(report.trivy().version()) != null) {
        version = report.trivy().version();
      }
      results = report.results() == null ? List.of() : report.results();
    } else {
      throw new ScannerOutputException("trivy output is not a Trivy JSON report: it is a JSON "
          + tree.getNodeType().toString().toLowerCase(Locale.ROOT));
    }
    List<String> warnings = new ArrayList<>();
    LinkedHashSet<Finding> findings = new LinkedHashSet<>();
    for (TrivyJson.Result result : results) {
      if (result == null || result.vulnerabilities() == null) {
        continue;
      }
      for (TrivyJson.Vulnerability vulnerability : result.vulnerabilities()) {
        Finding finding = finding(result, vulnerability, warnings);
        if (finding != null) {
          findings.add(finding);
        }
      }
    }
    return new MatchResult(new ScannerInfo(TrivyMatcher.ID, version, null, null),
        List.copyOf(findings), warnings);
  }

  private TrivyJson report(JsonNode tree) {
    JsonNode schema = tree.path("SchemaVersion");
    if (schema.isMissingNode() && !tree.path("Results").isArray()) {
      throw new ScannerOutputException("trivy output is not a Trivy JSON report: it has no"
          + " \"SchemaVersion\" or \"Results\"" + hint(tree));
    }
    if (!schema.isMissingNode()) {
      if (!schema.isIntegralNumber()) {
        throw new ScannerOutputException("trivy report SchemaVersion " + schema
            + " is not a number");
      }
      if (schema.asInt() > NEWEST_SCHEMA || schema.asInt() < 1) {
        throw new ScannerOutputException("trivy report SchemaVersion " + schema.asInt()
            + " is not one this adapter reads (" + NEWEST_SCHEMA + "); a new schema version"
            + " changes the format incompatibly");
      }
    }
    JsonNode results = tree.path("Results");
    if (!results.isMissingNode() && !results.isNull() && !results.isArray()) {
      throw new ScannerOutputException("trivy report has \"Results\" that is not an array but "
          + results.getNodeType().toString().toLowerCase(Locale.ROOT));
    }
    try {
      return mapper.treeToValue(tree, TrivyJson.class);
    } catch (JacksonException e) {
      throw new ScannerOutputException("trivy output does not have the Trivy JSON shape: "
          + e.getOriginalMessage(), e);
    }
  }

  private List<TrivyJson.Result> legacyResults(JsonNode tree) {
    for (JsonNode element : tree) {
      if (!element.isObject() || !element.has("Target")) {
        throw new ScannerOutputException("trivy output is a JSON array but not a legacy Trivy"
            + " report: its elements are not results with a \"Target\"");
      }
    }
    try {
      return List.of(mapper.treeToValue(tree, TrivyJson.Result[].class));
    } catch (JacksonException e) {
      throw new ScannerOutputException("trivy output does not have the legacy Trivy JSON shape: "
          + e.getOriginalMessage(), e);
    }
  }

  private static Finding finding(TrivyJson.Result result, TrivyJson.Vulnerability v,
      List<String> warnings) {
    String target = result.target() == null ? "?" : result.target();
    if (v == null) {
      warnings.add(target + ": a null vulnerability entry; skipped");
      return null;
    }
    String name = blankToNull(v.pkgName());
    if (blankToNull(v.vulnerabilityId()) == null) {
      warnings.add(target + ": an entry for package " + name + " has no VulnerabilityID;"
          + " skipped");
      return null;
    }
    String id = v.vulnerabilityId().strip();
    if (name == null) {
      warnings.add(target + ": " + id + " has no PkgName; skipped");
      return null;
    }
    String installed = v.installedVersion() == null ? "" : v.installedVersion();
    if ("not_affected".equalsIgnoreCase(blankToNull(v.status()))) {
      warnings.add(target + ": " + id + " in " + name + " " + installed
          + " is reported as not_affected; not a finding");
      return null;
    }
    String purl = v.pkgIdentifier() == null ? null : blankToNull(v.pkgIdentifier().purl());
    String type = null;
    if (purl != null) {
      try {
        type = new PackageURL(purl).getType();
      } catch (MalformedPackageURLException e) {
        warnings.add(target + ": " + id + " in " + name + ": package URL \"" + purl
            + "\" is invalid (" + e.getMessage() + "); the package is identified by name");
      }
    } else {
      String[] derived = derivePurl(result.type(), name, installed);
      purl = derived[0];
      type = derived[1];
    }
    if (type == null) {
      type = result.type();
    }
    List<String> fixed = new ArrayList<>();
    if (v.fixedVersion() != null) {
      for (String part : v.fixedVersion().split(",")) {
        if (!part.isBlank()) {
          fixed.add(part.strip());
        }
      }
    }
    FixState fixState = blankToNull(v.status()) != null ? FixState.fromLabel(v.status())
        : fixed.isEmpty() ? FixState.UNKNOWN : FixState.FIXED;
    Severity severity = Severity.fromLabel(v.severity());
    String severitySource = blankToNull(v.severitySource());
    SeveritySource source = severity == Severity.UNKNOWN ? SeveritySource.NONE
        : severitySource != null && VENDOR_SOURCES.contains(severitySource.toLowerCase(Locale.ROOT))
            ? SeveritySource.VENDOR : SeveritySource.ADVISORY;
    LinkedHashSet<String> urls = new LinkedHashSet<>();
    if (blankToNull(v.primaryUrl()) != null) {
      urls.add(v.primaryUrl().strip());
    }
    if (v.references() != null) {
      for (String reference : v.references()) {
        if (blankToNull(reference) != null) {
          urls.add(reference.strip());
        }
      }
    }
    String dataSource = v.dataSource() != null && blankToNull(v.dataSource().id()) != null
        ? v.dataSource().id() : blankToNull(result.type());
    List<String> aliases = v.vendorIds() == null ? List.of() : v.vendorIds().stream()
        .filter(alias -> alias != null && !alias.isBlank()).map(String::strip).toList();
    return new Finding(id, new LinkedHashSet<>(aliases), new PackageRef(purl, name, installed,
        type), installed, fixed, fixState, severity, source, cvss(v, id, warnings),
        blankToNull(v.title()), blankToNull(v.description()), List.copyOf(urls), dataSource,
        TrivyMatcher.ID);
  }

  private static List<Cvss> cvss(TrivyJson.Vulnerability v, String id, List<String> warnings) {
    if (v.cvss() == null) {
      return List.of();
    }
    LinkedHashSet<Cvss> out = new LinkedHashSet<>();
    for (Map.Entry<String, TrivyJson.CvssEntry> entry : v.cvss().entrySet()) {
      TrivyJson.CvssEntry value = entry.getValue();
      if (value == null) {
        continue;
      }
      String source = entry.getKey();
      add(out, CvssVersion.V2, value.v2Vector(), value.v2Score(), source, id, warnings);
      // Trivy does not say which 3.x a score without a vector is; the vector prefix does
      add(out, CvssVersion.V3_1, value.v3Vector(), value.v3Score(), source, id, warnings);
      add(out, CvssVersion.V4_0, value.v40Vector(), value.v40Score(), source, id, warnings);
    }
    return List.copyOf(out);
  }

  private static void add(LinkedHashSet<Cvss> out, CvssVersion version, String vector,
      Double score, String source, String id, List<String> warnings) {
    String cleanVector = blankToNull(vector);
    Double cleanScore = score;
    if (cleanScore != null && !(cleanScore >= 0.0 && cleanScore <= 10.0)) {
      warnings.add(id + ": CVSS score " + cleanScore + " of " + source + " is out of range;"
          + " ignored");
      cleanScore = null;
    }
    if (cleanScore != null && cleanScore == 0.0 && cleanVector == null) {
      return; // Trivy writes 0 for a version a source did not rate
    }
    if (cleanVector == null && cleanScore == null) {
      return;
    }
    out.add(new Cvss(version, cleanVector, cleanScore, source));
  }

  /**
   * A purl for a report without {@code PkgIdentifier}, from the result type: {type, purl type},
   * or nulls when the type has no mapping.
   */
  static String[] derivePurl(String resultType, String name, String version) {
    if (resultType == null) {
      return new String[2];
    }
    String family = resultType.toLowerCase(Locale.ROOT);
    String type;
    String namespace = null;
    String packageName = name;
    if (DEB_FAMILIES.contains(family)) {
      type = "deb";
      namespace = family;
    } else if (APK_FAMILIES.contains(family)) {
      type = "apk";
      namespace = family;
    } else if (RPM_FAMILIES.contains(family)) {
      type = "rpm";
      namespace = family.contains("suse") ? "opensuse" : family;
    } else if (LANGUAGE_TYPES.containsKey(family)) {
      type = LANGUAGE_TYPES.get(family);
      int split = "maven".equals(type) ? name.lastIndexOf(':')
          : "golang".equals(type) || "composer".equals(type)
              || ("npm".equals(type) && name.startsWith("@")) ? name.lastIndexOf('/') : -1;
      if (split > 0) {
        namespace = name.substring(0, split);
        packageName = name.substring(split + 1);
      }
    } else {
      return new String[2];
    }
    try {
      String versionPart = version == null || version.isEmpty() ? null : version;
      return new String[] {new PackageURL(type, namespace, packageName, versionPart, null, null)
          .canonicalize(), type};
    } catch (MalformedPackageURLException e) {
      return new String[] {null, type};
    }
  }

  /**
   * Tool and database versions from {@code trivy version --format json}:
   * {@code {"Version": "0.49.1", "VulnerabilityDB": {"Version": 2, "UpdatedAt": "…"}}}. Read
   * defensively: what is missing or malformed is null, with a warning.
   */
  ScannerInfo versionInfo(byte[] json, List<String> warnings) {
    JsonNode tree;
    try {
      tree = isBlank(json) ? null : mapper.readTree(json);
    } catch (JacksonException e) {
      warnings.add("trivy version output is not JSON (" + e.getOriginalMessage() + ")");
      return new ScannerInfo(TrivyMatcher.ID, null, null, null);
    }
    if (tree == null || !tree.isObject()) {
      warnings.add("trivy version printed no JSON object");
      return new ScannerInfo(TrivyMatcher.ID, null, null, null);
    }
    JsonNode version = tree.path("Version");
    JsonNode db = tree.path("VulnerabilityDB");
    JsonNode dbVersion = db.path("Version");
    JsonNode updated = db.path("UpdatedAt");
    Instant builtAt = null;
    if (updated.isString()) {
      try {
        builtAt = OffsetDateTime.parse(updated.stringValue()).toInstant();
      } catch (DateTimeParseException e) {
        warnings.add("trivy database UpdatedAt \"" + updated.stringValue()
            + "\" is not an RFC 3339 time; ignored");
      }
    }
    if (!db.isObject()) {
      warnings.add("trivy version reports no VulnerabilityDB (no database downloaded yet?)");
    }
    return new ScannerInfo(TrivyMatcher.ID,
        version.isString() ? blankToNull(version.stringValue()) : null,
        dbVersion.isNumber() || dbVersion.isString() ? blankToNull(dbVersion.asString()) : null,
        builtAt);
  }

  private static String hint(JsonNode tree) {
    if (tree.has("matches")) {
      return " (it looks like a Grype report)";
    }
    if (tree.has("bomFormat")) {
      return " (it is CycloneDX; run trivy with --format json)";
    }
    if (tree.has("spdxVersion")) {
      return " (it is SPDX; run trivy with --format json)";
    }
    if (tree.has("artifacts")) {
      return " (it looks like a Syft SBOM)";
    }
    return "";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }
}
