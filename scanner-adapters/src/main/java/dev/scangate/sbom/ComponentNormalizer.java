package dev.scangate.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.PackageType;
import dev.scangate.catalog.SkippedFile;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns one component of an uploaded SBOM (CycloneDX component or SPDX package) into a
 * {@link CatalogedPackage}, or into a {@link SkippedFile} saying why it cannot be one.
 *
 * <p>Rules:
 * <ul>
 *   <li>The package URL decides: a component without one, with an invalid one, or of an
 *       ecosystem scangate does not match ({@link PackageType}) is skipped and listed with the
 *       reason. A name alone cannot be matched against advisories reliably, so it is not guessed.
 *   <li>The name is the ecosystem's name taken from the purl ({@code @scope/pkg} for npm, the
 *       module path for Go, the artifactId for Maven with the groupId in {@code maven.groupId}),
 *       whatever the producing tool put in its name field; the version is the purl's (with an
 *       rpm {@code epoch} qualifier prefixed as {@code epoch:}), else the component's.
 *   <li>Location, layer, cataloger and source package come from scangate's own properties, else
 *       Syft's ({@code syft:location:0:path}) or Trivy's ({@code aquasecurity:trivy:*}) when
 *       present, else the purl's {@code upstream} qualifier.
 *   <li>Confidence is {@code scangate:confidence} when the document is scangate's own, else
 *       {@link Confidence#MEDIUM}: the identity was asserted by another tool, not established by
 *       scangate from the image.
 * </ul>
 */
final class ComponentNormalizer {

  /** {@code foundBy} of packages from uploaded documents without a cataloger of their own. */
  static final String CATALOGER = "sbom";

  private static final Map<String, PackageType> BY_PURL_TYPE = byPurlType();

  /**
   * A component as the document states it.
   *
   * @param ref its id in the document (bom-ref, SPDXID), may be null
   * @param name its name as written
   * @param version its version as written, may be null
   * @param purl its package URL, may be null
   * @param licenses license ids, names or expressions
   * @param properties name/value facts (CycloneDX properties; SPDX attribution texts
   *     {@code Key: value} with their key prefixed {@code aquasecurity:trivy:} as Trivy writes
   *     them)
   */
  record Candidate(String ref, String name, String version, String purl, List<String> licenses,
      Map<String, String> properties) {

    Candidate {
      licenses = List.copyOf(licenses);
      properties = properties == null ? Map.of() : new LinkedHashMap<>(properties);
    }

    String label() {
      String shown = (name == null ? "(unnamed)" : name) + (version == null ? "" : " " + version);
      return ref == null ? shown : shown + " [" + ref + "]";
    }
  }

  /** Either a package or the reason there is none. */
  record Outcome(CatalogedPackage pkg, SkippedFile skipped) {
  }

  Outcome normalize(Candidate candidate) {
    if (candidate.purl() == null || candidate.purl().isBlank()) {
      return skip(candidate, "has no package URL");
    }
    PackageURL purl;
    try {
      purl = new PackageURL(candidate.purl());
    } catch (MalformedPackageURLException e) {
      return skip(candidate, "package URL \"" + candidate.purl() + "\" is invalid: "
          + e.getMessage());
    }
    PackageType type = BY_PURL_TYPE.get(purl.getType());
    if (type == null) {
      return skip(candidate, "purl type \"" + purl.getType()
          + "\" is not an ecosystem scangate matches (" + String.join(", ",
              new TreeSet<>(BY_PURL_TYPE.keySet())) + ")");
    }
    Map<String, String> props = candidate.properties();
    Map<String, String> qualifiers = purl.getQualifiers() == null ? Map.of()
        : purl.getQualifiers();

    String version = version(purl, candidate);
    String[] upstream = upstream(qualifiers.get("upstream"));
    String sourceName = first(props.get(SbomProperties.SOURCE_NAME),
        props.get(SbomProperties.TRIVY_SOURCE_NAME), upstream[0]);
    String sourceVersion = first(props.get(SbomProperties.SOURCE_VERSION),
        trivySourceVersion(props), upstream[1]);
    String architecture = first(props.get(SbomProperties.ARCHITECTURE), qualifiers.get("arch"));
    String layer = first(props.get(SbomProperties.LAYER_DIGEST),
        props.get(SbomProperties.SYFT_LAYER), props.get(SbomProperties.TRIVY_LAYER));
    String path = first(props.get(SbomProperties.LOCATION_PATH),
        props.get(SbomProperties.SYFT_PATH), props.get(SbomProperties.TRIVY_FILE_PATH));
    String foundBy = first(props.get(SbomProperties.CATALOGER),
        props.get(SbomProperties.SYFT_FOUND_BY), CATALOGER);
    Confidence confidence = confidence(props.get(SbomProperties.CONFIDENCE));

    Map<String, String> extra = new LinkedHashMap<>();
    for (Map.Entry<String, String> property : props.entrySet()) {
      if (property.getKey().startsWith(SbomProperties.PROPERTY_PREFIX)) {
        extra.put(property.getKey().substring(SbomProperties.PROPERTY_PREFIX.length()),
            property.getValue());
      }
    }
    if (type == PackageType.MAVEN && purl.getNamespace() != null) {
      extra.putIfAbsent("maven.groupId", purl.getNamespace());
    }
    CatalogedPackage pkg = new CatalogedPackage(type, ecosystemName(type, purl), version,
        purl.canonicalize(), sourceName, sourceVersion, architecture, candidate.licenses(), layer,
        path, foundBy, confidence, extra);
    return new Outcome(pkg, null);
  }

  private static Map<String, PackageType> byPurlType() {
    Map<String, PackageType> types = new HashMap<>();
    for (PackageType type : PackageType.values()) {
      types.put(type.purlType(), type);
    }
    return Map.copyOf(types);
  }

  private static Outcome skip(Candidate candidate, String reason) {
    return new Outcome(null, new SkippedFile("sbom:" + (candidate.ref() == null
        ? candidate.name() : candidate.ref()), CATALOGER, candidate.label() + ": " + reason));
  }

  private static String ecosystemName(PackageType type, PackageURL purl) {
    String namespace = purl.getNamespace();
    if (namespace != null && (type == PackageType.NPM || type == PackageType.GOLANG)) {
      return namespace + "/" + purl.getName();
    }
    return purl.getName();
  }

  private static String version(PackageURL purl, Candidate candidate) {
    String version = purl.getVersion();
    if (version == null) {
      return candidate.version();
    }
    Map<String, String> qualifiers = purl.getQualifiers();
    String epoch = qualifiers == null ? null : qualifiers.get("epoch");
    // purl-spec PURL-TYPES rpm: the epoch is a qualifier, not part of the version.
    if ("rpm".equals(purl.getType()) && epoch != null && !epoch.equals("0")
        && !version.contains(":")) {
      return epoch + ":" + version;
    }
    return version;
  }

  /** Trivy splits the source version of rpms into version and release. */
  private static String trivySourceVersion(Map<String, String> props) {
    String version = props.get(SbomProperties.TRIVY_SOURCE_VERSION);
    String release = props.get(SbomProperties.TRIVY_SOURCE_RELEASE);
    if (version == null) {
      return null;
    }
    return release == null || release.isEmpty() ? version : version + "-" + release;
  }

  /** Syft's {@code upstream} qualifier: {@code glibc} or {@code glibc@2.36-9}. */
  private static String[] upstream(String value) {
    if (value == null || value.isBlank()) {
      return new String[] {null, null};
    }
    int at = value.indexOf('@');
    return at < 0 ? new String[] {value, null}
        : new String[] {value.substring(0, at), value.substring(at + 1)};
  }

  private static Confidence confidence(String value) {
    if (value != null) {
      try {
        return Confidence.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return Confidence.MEDIUM;
      }
    }
    return Confidence.MEDIUM;
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  /** Splits Trivy's SPDX attribution texts ({@code LayerDigest: sha256:…}) into properties. */
  static Map<String, String> trivyAttributions(List<String> texts) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String text : texts) {
      int colon = text.indexOf(": ");
      if (colon > 0 && text.substring(0, colon).matches("[A-Za-z]+")) {
        properties.put("aquasecurity:trivy:" + text.substring(0, colon),
            text.substring(colon + 2));
      }
    }
    return properties;
  }
}
