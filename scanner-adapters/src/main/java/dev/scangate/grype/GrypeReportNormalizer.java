package dev.scangate.grype;

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
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns Grype's JSON report into a {@link MatchResult}. A pure function of the bytes: no process,
 * no file system.
 *
 * <p>Mapping of one {@code matches[]} entry to a {@link Finding}:
 * <ul>
 *   <li>id: {@code vulnerability.id}; aliases: the ids of {@code relatedVulnerabilities} (the
 *       CVE of a GHSA, NVD's record of a distro CVE).</li>
 *   <li>package: {@code artifact.purl} (null when Grype gave none), name, version; type is the
 *       purl type, else Grype's artifact type.</li>
 *   <li>fixed versions and state: {@code vulnerability.fix}; an empty state (Grype 0.9x on CPE
 *       matches) is UNKNOWN.</li>
 *   <li>severity: {@code vulnerability.severity}, the label of the matched namespace. Its source
 *       is VENDOR when the namespace is a distribution's feed ({@code debian:distro:debian:12},
 *       {@code redhat:distro:redhat:8}, or the older {@code debian:10}), ADVISORY for NVD and
 *       GitHub namespaces, NONE when the label is missing or unknown.</li>
 *   <li>CVSS: the vulnerability's and its related vulnerabilities' {@code cvss[]} entries (the
 *       source is the entry's {@code source}, else the namespace).</li>
 *   <li>urls: {@code dataSource}, {@code urls}, and the related records' data sources.</li>
 * </ul>
 * Matches without a vulnerability id or a package name are skipped with a warning; identical
 * findings (Grype lists a package once per location) are reported once.
 *
 * <p>The scanner info comes from {@code descriptor}: the tool version (null for the placeholder
 * {@code [not provided]} of development builds), the database schema version ({@code 3},
 * {@code 5}, {@code v6.0.2}) and the time it was built.
 *
 * <pre>{@code
 * MatchResult result = new GrypeReportNormalizer().normalize(stdoutBytes);
 * }</pre>
 */
public final class GrypeReportNormalizer {

  /** Namespace prefixes of distribution feeds in Grype's database schema 3 ({@code debian:10}). */
  private static final Set<String> DISTRO_NAMESPACES = Set.of("debian", "ubuntu", "redhat",
      "rhel", "centos", "alpine", "amazon", "amazonlinux", "amzn", "oracle", "oraclelinux", "ol",
      "sles", "suse", "opensuse", "wolfi", "chainguard", "mariner", "azurelinux", "photon",
      "rocky", "rockylinux", "alma", "almalinux", "fedora", "echo", "minimos");

  private final JsonMapper mapper = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * Normalizes one report.
   *
   * @throws ScannerOutputException when the bytes are empty, not JSON, or not a Grype JSON report
   *     (another tool's output, Grype's CycloneDX or SARIF output); the message says which
   */
  public MatchResult normalize(byte[] json) {
    if (isBlank(json)) {
      throw new ScannerOutputException("grype wrote no output");
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(json);
    } catch (JacksonException e) {
      throw new ScannerOutputException("grype output is not valid JSON: "
          + e.getOriginalMessage() + (e.getLocation() == null ? "" : " (line "
              + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")")
          + (firstByte(json) == '<' ? "; it looks like XML (grype -o cyclonedx): run grype with"
              + " -o json" : ""), e);
    }
    if (!tree.isObject() || !tree.path("matches").isArray()) {
      throw new ScannerOutputException("grype output is not a grype JSON report: it has no"
          + " \"matches\" array" + hint(tree));
    }
    JsonNode name = tree.path("descriptor").path("name");
    String tool = name.isString() ? name.stringValue() : null;
    if (tool != null && !tool.isBlank() && !"grype".equals(tool)) {
      throw new ScannerOutputException("grype output is not a grype JSON report: its descriptor"
          + " names the tool \"" + tool + "\"");
    }
    GrypeJson report;
    try {
      report = mapper.treeToValue(tree, GrypeJson.class);
    } catch (JacksonException e) {
      throw new ScannerOutputException("grype output does not have the grype JSON shape: "
          + e.getOriginalMessage(), e);
    }
    List<String> warnings = new ArrayList<>();
    LinkedHashSet<Finding> findings = new LinkedHashSet<>();
    int index = 0;
    for (GrypeJson.Match match : report.matches()) {
      Finding finding = finding(match, index++, warnings);
      if (finding != null) {
        findings.add(finding);
      }
    }
    return new MatchResult(scannerInfo(report.descriptor(), warnings), List.copyOf(findings),
        warnings);
  }

  /** Tool and database versions from a report's descriptor; nulls where it says nothing. */
  static ScannerInfo scannerInfo(GrypeJson.Descriptor descriptor, List<String> warnings) {
    if (descriptor == null) {
      return new ScannerInfo(GrypeMatcher.ID, null, null, null);
    }
    String version = descriptor.version();
    if (version == null || version.isBlank() || version.startsWith("[")) {
      version = null; // "[not provided]": a build without version information
    }
    String[] db = databaseStatus(descriptor.db(), warnings);
    return new ScannerInfo(GrypeMatcher.ID, version, db[0],
        db[1] == null ? null : parseInstant(db[1], warnings));
  }

  /**
   * Schema version and build time from {@code descriptor.db} or from {@code grype db status -o
   * json}: the same object, flat up to schema 5, under {@code status} since schema 6.
   */
  static String[] databaseStatus(JsonNode db, List<String> warnings) {
    if (db == null || !db.isObject()) {
      return new String[2];
    }
    JsonNode status = db.path("status").isObject() ? db.path("status") : db;
    JsonNode schema = status.path("schemaVersion");
    String schemaVersion = schema.isNumber() || schema.isString() ? schema.asString() : null;
    String built = status.path("built").isString() ? status.path("built").stringValue() : null;
    if (schemaVersion != null && schemaVersion.isBlank()) {
      schemaVersion = null;
    }
    if (schemaVersion == null && built == null) {
      warnings.add("grype database status has no schemaVersion or built time: "
          + abbreviate(db.toString()));
    }
    return new String[] {schemaVersion, built};
  }

  private static Finding finding(GrypeJson.Match match, int index, List<String> warnings) {
    if (match == null) {
      warnings.add("match " + index + " is null; skipped");
      return null;
    }
    GrypeJson.Vulnerability vulnerability = match.vulnerability();
    GrypeJson.Artifact artifact = match.artifact();
    if (vulnerability == null || vulnerability.id() == null || vulnerability.id().isBlank()) {
      warnings.add("match " + index + " has no vulnerability id; skipped");
      return null;
    }
    if (artifact == null || artifact.name() == null || artifact.name().isBlank()) {
      warnings.add("match " + index + " (" + vulnerability.id() + ") has no package name;"
          + " skipped");
      return null;
    }
    String version = artifact.version() == null ? "" : artifact.version();
    String purl = artifact.purl() == null || artifact.purl().isBlank() ? null : artifact.purl();
    String type = artifact.type();
    if (purl != null) {
      try {
        type = new PackageURL(purl).getType();
      } catch (MalformedPackageURLException e) {
        warnings.add(vulnerability.id() + " in " + artifact.name() + ": package URL \"" + purl
            + "\" is invalid (" + e.getMessage() + "); the package is identified by name");
      }
    }
    List<GrypeJson.Related> related = match.relatedVulnerabilities() == null ? List.of()
        : match.relatedVulnerabilities();
    Set<String> aliases = new LinkedHashSet<>();
    List<Cvss> cvss = new ArrayList<>();
    LinkedHashSet<String> urls = new LinkedHashSet<>();
    addUrl(urls, vulnerability.dataSource());
    if (vulnerability.urls() != null) {
      vulnerability.urls().forEach(url -> addUrl(urls, url));
    }
    addCvss(cvss, vulnerability.cvss(), vulnerability.namespace(), vulnerability.id(), warnings);
    String description = blankToNull(vulnerability.description());
    for (GrypeJson.Related other : related) {
      if (other == null || other.id() == null || other.id().isBlank()) {
        continue;
      }
      aliases.add(other.id());
      addUrl(urls, other.dataSource());
      addCvss(cvss, other.cvss(), other.namespace(), vulnerability.id(), warnings);
      if (description == null) {
        description = blankToNull(other.description());
      }
    }
    GrypeJson.Fix fix = vulnerability.fix();
    List<String> fixed = new ArrayList<>();
    if (fix != null && fix.versions() != null) {
      for (String v : fix.versions()) {
        if (v != null && !v.isBlank()) {
          fixed.add(v.strip());
        }
      }
    }
    FixState fixState = fix == null ? FixState.UNKNOWN : FixState.fromLabel(fix.state());
    Severity severity = Severity.fromLabel(vulnerability.severity());
    SeveritySource source = severity == Severity.UNKNOWN ? SeveritySource.NONE
        : isDistroNamespace(vulnerability.namespace()) ? SeveritySource.VENDOR
            : SeveritySource.ADVISORY;
    return new Finding(vulnerability.id(), aliases, new PackageRef(purl, artifact.name(),
        version, type), version, fixed, fixState, severity, source, dedupe(cvss), null,
        description, List.copyOf(urls), blankToNull(vulnerability.namespace()), GrypeMatcher.ID);
  }

  private static void addCvss(List<Cvss> out, List<GrypeJson.CvssEntry> entries,
      String namespace, String vulnerabilityId, List<String> warnings) {
    if (entries == null) {
      return;
    }
    for (GrypeJson.CvssEntry entry : entries) {
      if (entry == null) {
        continue;
      }
      String vector = blankToNull(entry.vector());
      Double score = entry.metrics() == null ? null : entry.metrics().baseScore();
      if (vector == null && score == null) {
        continue;
      }
      CvssVersion version = CvssVersion.ofVector(vector);
      if (version == null) {
        version = CvssVersion.ofLabel(entry.version());
      }
      if (version == null) {
        warnings.add(vulnerabilityId + ": CVSS entry of unknown version \"" + entry.version()
            + "\" (" + vector + ") skipped");
        continue;
      }
      if (score != null && !(score >= 0.0 && score <= 10.0)) {
        warnings.add(vulnerabilityId + ": CVSS base score " + score + " is out of range;"
            + " ignored");
        score = null;
        if (vector == null) {
          continue;
        }
      }
      String source = blankToNull(entry.source()) != null ? entry.source()
          : blankToNull(namespace);
      out.add(new Cvss(version, vector, score, source));
    }
  }

  private static List<Cvss> dedupe(List<Cvss> cvss) {
    return List.copyOf(new LinkedHashSet<>(cvss));
  }

  /**
   * Whether a Grype namespace is a distribution's feed: {@code <vendor>:distro:<os>:<version>}
   * (schema 5 and 6) or {@code <os>:<version>} (schema 3).
   */
  static boolean isDistroNamespace(String namespace) {
    if (namespace == null || namespace.isBlank()) {
      return false;
    }
    String lower = namespace.toLowerCase(Locale.ROOT);
    if (lower.contains(":distro:")) {
      return true;
    }
    int colon = lower.indexOf(':');
    String first = colon < 0 ? lower : lower.substring(0, colon);
    return DISTRO_NAMESPACES.contains(first) && !lower.contains(":language:")
        && !lower.contains(":cpe");
  }

  static Instant parseInstant(String text, List<String> warnings) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      warnings.add("grype database build time \"" + text + "\" is not an RFC 3339 time;"
          + " ignored");
      return null;
    }
  }

  private static String hint(JsonNode tree) {
    if (tree.isArray()) {
      return " (it is a JSON array; a legacy Trivy report is a list of results)";
    }
    if (tree.has("bomFormat")) {
      return " (it is CycloneDX; run grype with -o json)";
    }
    if (tree.has("runs") && tree.has("version")) {
      return " (it is SARIF; run grype with -o json)";
    }
    if (tree.has("SchemaVersion") || tree.has("Results")) {
      return " (it looks like a Trivy report)";
    }
    if (tree.has("artifacts")) {
      return " (it looks like a Syft SBOM)";
    }
    if (tree.has("spdxVersion")) {
      return " (it is SPDX)";
    }
    return "";
  }

  private static void addUrl(LinkedHashSet<String> urls, String url) {
    if (url != null && !url.isBlank()) {
      urls.add(url.strip());
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  private static int firstByte(byte[] bytes) {
    for (byte b : bytes) {
      if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB
          && b != (byte) 0xBF) {
        return b;
      }
    }
    return -1;
  }

  private static boolean isBlank(byte[] bytes) {
    return firstByte(bytes) == -1;
  }
}
