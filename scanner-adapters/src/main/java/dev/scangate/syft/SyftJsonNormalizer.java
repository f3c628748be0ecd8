package dev.scangate.syft;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.scangate.catalog.CatalogResult;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.PackageType;
import dev.scangate.catalog.SkippedFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Turns Syft's JSON ({@code syft -o syft-json}, schema 1 to 16) into a {@link CatalogResult}. A
 * pure function of the bytes: no process, no file system.
 *
 * <p>Mapping: the ecosystem comes from the artifact's purl type (Syft's own {@code type} names
 * differ between versions); artifacts without a purl (Syft's binary classifier finds),
 * with an invalid one, or of an ecosystem scangate does not match are listed in
 * {@code skipped} with the reason. Name and version are Syft's; the first location gives path
 * and layer; licenses are the SPDX expression when Syft has one, else the value; the source
 * package comes from the dpkg ({@code source}, {@code sourceVersion}), apk
 * ({@code originPackage}) or rpm ({@code sourceRpm}) metadata. Confidence is {@code HIGH} for
 * packages from an OS package database (deb, apk, rpm) and {@code MEDIUM} otherwise: Syft does
 * not say which evidence established the identity.
 *
 * <pre>{@code
 * SyftOutput output = new SyftJsonNormalizer().normalize(stdoutBytes);
 * output.catalog().packages();
 * }</pre>
 */
public final class SyftJsonNormalizer {

  /** The newest syft-json schema major version this normalizer was written against. */
  public static final int NEWEST_SCHEMA_MAJOR = 16;

  private static final Map<String, PackageType> BY_PURL_TYPE = byPurlType();
  private static final java.util.Set<String> OPERATORS = java.util.Set.of("AND", "OR", "WITH");
  private static final Pattern DPKG_SOURCE = Pattern.compile("(\\S+)\\s*\\((.+)\\)");
  private static final Pattern SOURCE_RPM = Pattern.compile("(.+)-([^-]+)-([^-]+)\\.src\\.rpm");

  private final JsonMapper mapper = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * Normalizes one syft-json document.
   *
   * @throws SyftOutputException when the bytes are empty, not JSON, not syft-json, or of a
   *     schema newer than {@link #NEWEST_SCHEMA_MAJOR}
   */
  public SyftOutput normalize(byte[] json) {
    if (isBlank(json)) {
      throw new SyftOutputException("syft wrote no output");
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(json);
    } catch (JacksonException e) {
      throw new SyftOutputException("syft output is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr() + ")"), e);
    }
    if (!tree.isObject() || !tree.path("artifacts").isArray()) {
      throw new SyftOutputException("syft output is not syft-json: it has no \"artifacts\""
          + " array" + (tree.has("bomFormat") ? " (it is CycloneDX; run syft with -o syft-json)"
              : tree.has("spdxVersion") ? " (it is SPDX; run syft with -o syft-json)" : ""));
    }
    SyftJson doc;
    try {
      doc = mapper.treeToValue(tree, SyftJson.class);
    } catch (JacksonException e) {
      throw new SyftOutputException("syft output does not have the syft-json shape: "
          + e.getOriginalMessage(), e);
    }
    String schemaVersion = doc.schema() == null ? null : doc.schema().version();
    checkSchema(schemaVersion);
    String toolVersion = doc.descriptor() == null || doc.descriptor().version() == null
        ? "unknown" : doc.descriptor().version();

    List<CatalogedPackage> packages = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    for (SyftJson.Artifact artifact : doc.artifacts()) {
      if (artifact == null) {
        continue;
      }
      normalize(artifact, packages, skipped);
    }
    CatalogResult catalog = new CatalogResult(distro(doc.distro()), packages, skipped,
        List.of("syft@" + toolVersion));
    return new SyftOutput(toolVersion, schemaVersion, manifestDigest(doc.source()), catalog);
  }

  private static void checkSchema(String version) {
    if (version == null) {
      return; // Syft's own encoder snapshots strip it; the shape check above still applies
    }
    Matcher major = Pattern.compile("(\\d+)\\..*").matcher(version);
    if (!major.matches()) {
      throw new SyftOutputException("syft-json schema version \"" + version
          + "\" is not a version number");
    }
    if (Integer.parseInt(major.group(1)) > NEWEST_SCHEMA_MAJOR) {
      throw new SyftOutputException("syft-json schema " + version + " is newer than this"
          + " adapter reads (1.x to " + NEWEST_SCHEMA_MAJOR + ".x); a major version changes"
          + " the format incompatibly");
    }
  }

  private static void normalize(SyftJson.Artifact artifact, List<CatalogedPackage> packages,
      List<SkippedFile> skipped) {
    SyftJson.Location location = artifact.locations() == null || artifact.locations().isEmpty()
        ? null : artifact.locations().get(0);
    String path = location == null ? null : location.path();
    String foundBy = artifact.foundBy() == null || artifact.foundBy().isBlank()
        ? "syft" : artifact.foundBy();
    String label = artifact.name() + (artifact.version() == null ? "" : " " + artifact.version())
        + " (" + artifact.type() + ")";
    if (artifact.purl() == null || artifact.purl().isBlank()) {
      skipped.add(new SkippedFile(path == null ? label : path, foundBy,
          label + ": has no package URL"));
      return;
    }
    PackageURL purl;
    try {
      purl = new PackageURL(artifact.purl());
    } catch (MalformedPackageURLException e) {
      skipped.add(new SkippedFile(path == null ? label : path, foundBy, label
          + ": package URL \"" + artifact.purl() + "\" is invalid: " + e.getMessage()));
      return;
    }
    PackageType type = BY_PURL_TYPE.get(purl.getType());
    if (type == null) {
      skipped.add(new SkippedFile(path == null ? label : path, foundBy, label + ": purl type \""
          + purl.getType() + "\" is not an ecosystem scangate matches (" + String.join(", ",
              new TreeSet<>(BY_PURL_TYPE.keySet())) + ")"));
      return;
    }
    if (artifact.name() == null || artifact.name().isBlank()) {
      skipped.add(new SkippedFile(path == null ? label : path, foundBy, label
          + ": has no name"));
      return;
    }
    JsonNode metadata = artifact.metadata() == null ? MissingNode.getInstance()
        : artifact.metadata();
    String[] source = source(type, metadata);
    Map<String, String> qualifiers = purl.getQualifiers() == null ? Map.of()
        : purl.getQualifiers();
    String architecture = text(metadata, "architecture");
    if (architecture == null) {
      architecture = text(metadata, "arch");
    }
    if (architecture == null) {
      architecture = qualifiers.get("arch");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    if (type == PackageType.MAVEN && purl.getNamespace() != null) {
      properties.put("maven.groupId", purl.getNamespace());
    }
    boolean osPackage = type == PackageType.DEB || type == PackageType.APK
        || type == PackageType.RPM;
    packages.add(new CatalogedPackage(type, artifact.name(), artifact.version(),
        purl.canonicalize(), source[0], source[1], architecture, licenses(artifact.licenses()),
        location == null ? null : location.layerID(), path, foundBy,
        osPackage ? Confidence.HIGH : Confidence.MEDIUM, properties));
  }

  /** Source package name and version from the package database metadata; nulls if unknown. */
  private static String[] source(PackageType type, JsonNode metadata) {
    String name = null;
    String version = null;
    if (type == PackageType.DEB) {
      name = text(metadata, "source");
      version = text(metadata, "sourceVersion");
      if (name != null) {
        // dpkg's Source field may carry the version: "glibc (2.31-0ubuntu9)"
        Matcher withVersion = DPKG_SOURCE.matcher(name);
        if (withVersion.matches()) {
          name = withVersion.group(1);
          version = version == null ? withVersion.group(2) : version;
        }
      }
    } else if (type == PackageType.APK) {
      name = text(metadata, "originPackage");
    } else if (type == PackageType.RPM) {
      String sourceRpm = text(metadata, "sourceRpm");
      Matcher nevra = sourceRpm == null ? null : SOURCE_RPM.matcher(sourceRpm);
      if (nevra != null && nevra.matches()) {
        name = nevra.group(1);
        version = nevra.group(2) + "-" + nevra.group(3);
      }
    }
    return new String[] {name, version};
  }

  /** SPDX expressions when Syft has them, else the recorded values; strings in old schemas. */
  private static List<String> licenses(JsonNode licenses) {
    List<String> out = new ArrayList<>();
    if (licenses == null || !licenses.isArray()) {
      return out;
    }
    boolean operators = false;
    for (JsonNode license : licenses) {
      String value = license.isString() ? license.stringValue()
          : firstNonBlank(text(license, "spdxExpression"), text(license, "value"));
      if (value != null && !value.isBlank() && !out.contains(value)) {
        out.add(value);
      }
      operators |= license.isString() && OPERATORS.contains(license.stringValue());
    }
    // Early Syft split apk license expressions at spaces: ["MPL-2.0", "AND", "MIT"].
    return operators ? List.of(licenseTokens(licenses)) : out;
  }

  private static String licenseTokens(JsonNode licenses) {
    List<String> tokens = new ArrayList<>();
    licenses.forEach(token -> tokens.add(token.asString("")));
    return String.join(" ", tokens);
  }

  private static Distro distro(SyftJson.Distro distro) {
    if (distro == null) {
      return null;
    }
    String id = firstNonBlank(distro.id(), distro.name());
    if (id == null) {
      return null;
    }
    String idLike = null;
    JsonNode like = distro.idLike();
    if (like != null && like.isArray()) {
      List<String> values = new ArrayList<>();
      like.forEach(v -> values.add(v.asString("")));
      idLike = values.isEmpty() ? null : String.join(" ", values);
    } else if (like != null && like.isString() && !like.stringValue().isBlank()) {
      idLike = like.stringValue();
    }
    return new Distro(id.toLowerCase(Locale.ROOT), firstNonBlank(distro.versionID(),
        distro.version()), blankToNull(distro.prettyName()),
        blankToNull(distro.versionCodename()), idLike);
  }

  private static String manifestDigest(JsonNode source) {
    if (source == null || !"image".equals(source.path("type").asString(""))) {
      return null;
    }
    JsonNode image = source.path("metadata").isObject() ? source.path("metadata")
        : source.path("target");
    return blankToNull(image.path("manifestDigest").asString(null));
  }

  private static boolean isBlank(byte[] json) {
    for (byte b : json) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() && !value.stringValue().isBlank() ? value.stringValue() : null;
  }

  private static String firstNonBlank(String first, String second) {
    return first != null && !first.isBlank() ? first : blankToNull(second);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static Map<String, PackageType> byPurlType() {
    Map<String, PackageType> types = new HashMap<>();
    for (PackageType type : PackageType.values()) {
      types.put(type.purlType(), type);
    }
    return Map.copyOf(types);
  }
}
