package dev.scangate.sbom;

import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Distro;
import dev.scangate.image.Digest;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/): one package for the image
 * ({@code primaryPackagePurpose CONTAINER}, the manifest digest as version and SHA-256 checksum,
 * an {@code oci} purl), one for the distro ({@code OPERATING_SYSTEM}) and one per package
 * ({@code LIBRARY}), with relationships {@code SPDXRef-DOCUMENT DESCRIBES} the image and the image
 * {@code CONTAINS} each package.
 *
 * <p>Licenses: known SPDX ids and expressions of them are written as they are; any other license
 * text (dpkg's {@code GPL-2+}, rpm's {@code GPLv3+}) becomes a {@code LicenseRef-} with the
 * original text in {@code hasExtractedLicensingInfos}, as SPDX requires (spec 10.1). Nothing
 * asserts a concluded license: {@code licenseConcluded} is {@code NOASSERTION}.
 *
 * <p>The output is reproducible: {@code documentNamespace} ends in a name-based UUID (v5) of the
 * image digest and the SHA-256 of the document without it.
 *
 * <pre>{@code
 * byte[] spdx = new SpdxWriter().json(input);
 * }</pre>
 */
public final class SpdxWriter {

  /** The spec version written. */
  public static final String SPEC_VERSION = "SPDX-2.3";
  private static final String NOASSERTION = "NOASSERTION";
  private static final String DOCUMENT = "SPDXRef-DOCUMENT";
  private static final String NAMESPACE_BASE = "https://scangate.dev/spdxdocs/";
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
          .withZone(java.time.ZoneOffset.UTC);

  private final SpdxLicenseList licenseList;
  private final JsonMapper mapper;

  public SpdxWriter() {
    this.licenseList = SpdxLicenseList.load();
    this.mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  }

  /** SPDX 2.3 JSON, UTF-8. */
  public byte[] json(SbomInput input) {
    ObjectNode document = build(input, "");
    String content = Digest.sha256(mapper.writeValueAsBytes(document)).hex();
    String uuid = NameBasedUuid.v5(NameBasedUuid.SCANGATE_SBOM,
        "spdx:" + input.image().digest() + ":" + content).toString();
    return mapper.writeValueAsString(build(input, uuid)).getBytes(StandardCharsets.UTF_8);
  }

  /** The same as {@link #json} wrapped with its format and version. */
  public SbomDocument document(SbomInput input) {
    return new SbomDocument(SbomFormat.SPDX_JSON, SPEC_VERSION, json(input));
  }

  private ObjectNode build(SbomInput input, String uuid) {
    ObjectNode doc = mapper.createObjectNode();
    doc.put("spdxVersion", SPEC_VERSION);
    doc.put("dataLicense", "CC0-1.0");
    doc.put("SPDXID", DOCUMENT);
    doc.put("name", input.image().name() + "@" + input.image().digest());
    doc.put("documentNamespace", NAMESPACE_BASE + input.image().name() + "-" + uuid);
    ObjectNode creationInfo = doc.putObject("creationInfo");
    creationInfo.put("created", CREATED.format(input.timestamp()));
    ArrayNode creators = creationInfo.putArray("creators");
    for (SbomTool tool : input.tools()) {
      creators.add("Tool: " + tool.name() + "-" + tool.version());
    }

    ArrayNode packages = doc.putArray("packages");
    ArrayNode relationships = mapper.createArrayNode();
    Map<String, String> extractedLicenses = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();

    String imageId = "SPDXRef-Image-" + sanitize(input.image().repository());
    ids.add(imageId);
    ObjectNode image = packages.addObject();
    Digest digest = input.image().digest();
    image.put("SPDXID", imageId);
    image.put("name", input.image().name());
    image.put("versionInfo", digest.toString());
    image.put("downloadLocation", NOASSERTION);
    image.put("filesAnalyzed", false);
    ObjectNode checksum = image.putArray("checksums").addObject();
    checksum.put("algorithm", "sha256".equals(digest.algorithm()) ? "SHA256" : "SHA512");
    checksum.put("checksumValue", digest.hex());
    image.put("licenseConcluded", NOASSERTION);
    image.put("licenseDeclared", NOASSERTION);
    purlRef(image, ImagePurl.of(input.image(), input.platform()));
    image.put("primaryPackagePurpose", "CONTAINER");
    relationship(relationships, DOCUMENT, "DESCRIBES", imageId);

    Distro distro = input.catalog().distro();
    if (distro != null) {
      String osId = unique("SPDXRef-OperatingSystem-" + sanitize(distro.purlQualifier()), ids);
      ObjectNode os = packages.addObject();
      os.put("SPDXID", osId);
      os.put("name", distro.id());
      if (distro.versionId() != null) {
        os.put("versionInfo", distro.versionId());
      }
      os.put("downloadLocation", NOASSERTION);
      os.put("filesAnalyzed", false);
      os.put("licenseConcluded", NOASSERTION);
      os.put("licenseDeclared", NOASSERTION);
      if (distro.prettyName() != null) {
        os.put("description", distro.prettyName());
      }
      os.put("primaryPackagePurpose", "OPERATING_SYSTEM");
      relationship(relationships, imageId, "CONTAINS", osId);
    }

    Set<String> purls = new HashSet<>();
    for (CatalogedPackage pkg : input.catalog().packages()) {
      if (!purls.add(pkg.purl())) {
        continue;
      }
      String id = unique("SPDXRef-Package-" + pkg.type().purlType() + "-" + sanitize(pkg.name())
          + "-" + Digest.sha256(pkg.purl().getBytes(StandardCharsets.UTF_8)).hex()
              .substring(0, 16), ids);
      ObjectNode node = packages.addObject();
      node.put("SPDXID", id);
      node.put("name", pkg.name());
      if (pkg.version() != null) {
        node.put("versionInfo", pkg.version());
      }
      node.put("downloadLocation", NOASSERTION);
      node.put("filesAnalyzed", false);
      if (pkg.path() != null) {
        node.put("sourceInfo", "found by scangate cataloger " + pkg.foundBy() + " in "
            + pkg.path() + (pkg.layerDigest() == null ? "" : " (layer " + pkg.layerDigest()
                + ")"));
      }
      node.put("licenseConcluded", NOASSERTION);
      node.put("licenseDeclared", declared(pkg.licenses(), extractedLicenses));
      purlRef(node, pkg.purl());
      node.put("primaryPackagePurpose", "LIBRARY");
      relationship(relationships, imageId, "CONTAINS", id);
    }
    if (!extractedLicenses.isEmpty()) {
      ArrayNode extracted = doc.putArray("hasExtractedLicensingInfos");
      for (Map.Entry<String, String> entry : extractedLicenses.entrySet()) {
        ObjectNode info = extracted.addObject();
        info.put("licenseId", entry.getKey());
        info.put("extractedText", entry.getValue());
        info.put("name", entry.getValue());
      }
    }
    doc.set("relationships", relationships);
    return doc;
  }

  /** An SPDX license expression for the recorded licenses, joined with AND. */
  private String declared(List<String> licenses, Map<String, String> extracted) {
    if (licenses.isEmpty()) {
      return NOASSERTION;
    }
    List<String> terms = new ArrayList<>();
    for (String license : licenses) {
      Optional<String> id = licenseList.id(license);
      Optional<String> compound = licenseList.compoundExpression(license);
      String term;
      if (id.isPresent()) {
        term = id.get();
      } else if (compound.isPresent()) {
        term = licenses.size() > 1 ? "(" + compound.get() + ")" : compound.get();
      } else {
        term = "LicenseRef-" + sanitize(license);
        extracted.putIfAbsent(term, license);
      }
      if (!terms.contains(term)) {
        terms.add(term);
      }
    }
    return String.join(" AND ", terms);
  }

  private static void purlRef(ObjectNode pkg, String purl) {
    ObjectNode ref = pkg.putArray("externalRefs").addObject();
    ref.put("referenceCategory", "PACKAGE-MANAGER");
    ref.put("referenceType", "purl");
    ref.put("referenceLocator", purl);
  }

  private static void relationship(ArrayNode relationships, String from, String type,
      String to) {
    ObjectNode relationship = relationships.addObject();
    relationship.put("spdxElementId", from);
    relationship.put("relatedSpdxElement", to);
    relationship.put("relationshipType", type);
  }

  /** SPDX ids may only hold letters, digits, {@code .} and {@code -} (spec 7.2). */
  static String sanitize(String value) {
    String cleaned = value.replaceAll("[^A-Za-z0-9.\\-]+", "-");
    return cleaned.isEmpty() ? "x" : cleaned;
  }

  private static String unique(String id, Set<String> ids) {
    String candidate = id;
    for (int n = 2; !ids.add(candidate); n++) {
      candidate = id + "-" + n;
    }
    return candidate;
  }
}
