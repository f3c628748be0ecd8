package dev.scangate.sbom;

import com.github.packageurl.PackageURL;
import dev.scangate.catalog.CatalogResult;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.SkippedFile;
import dev.scangate.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The SPDX half of {@link SbomReader}: SPDX 2.2 and 2.3 JSON
 * (https://spdx.github.io/spdx-spec/v2.3/). The packages the document {@code DESCRIBES} (its
 * subject: the image, a directory) are not packages of the catalog; a package with purpose
 * {@code OPERATING_SYSTEM} (or Trivy's {@code SPDXRef-OperatingSystem-…} id) becomes the distro.
 */
final class SpdxReading {

  private static final Set<String> SUPPORTED = Set.of("SPDX-2.2", "SPDX-2.3");
  private static final Pattern TOOL = Pattern.compile("Tool:\\s*(.+?)-(v?[0-9].*)");

  private final ComponentNormalizer normalizer;
  private final SpdxSchema schema;

  SpdxReading(ComponentNormalizer normalizer, SpdxSchema schema) {
    this.normalizer = normalizer;
    this.schema = schema;
  }

  ReadSbom read(byte[] content, JsonNode root, SchemaPolicy policy) {
    String version = root.path("spdxVersion").asString("");
    if (!SUPPORTED.contains(version)) {
      throw new InvalidSbomException("SPDX version " + version
          + " is not supported (SPDX-2.2, SPDX-2.3)");
    }
    List<SchemaViolation> violations =
        schema.validate(new String(content, StandardCharsets.UTF_8));
    if (!violations.isEmpty() && policy == SchemaPolicy.REJECT) {
      throw SbomReader.violation(violations);
    }
    JsonNode packages = root.path("packages");
    if (!packages.isArray() || packages.isEmpty()) {
      throw new InvalidSbomException("SPDX document has no packages");
    }

    Set<String> described = described(root);
    List<CatalogedPackage> found = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    Distro distro = null;
    SbomSubject subject = null;
    for (JsonNode pkg : packages) {
      String id = pkg.path("SPDXID").asString(null);
      if (id != null && described.contains(id)) {
        if (subject == null) {
          subject = subject(pkg);
        }
        continue;
      }
      if (isOperatingSystem(pkg)) {
        String name = pkg.path("name").asString("");
        if (distro == null && !name.isBlank()) {
          distro = new Distro(name.toLowerCase(Locale.ROOT), text(pkg, "versionInfo"),
              text(pkg, "description"), null, null);
        }
        continue;
      }
      ComponentNormalizer.Outcome outcome = normalizer.normalize(candidate(pkg));
      if (outcome.pkg() != null) {
        found.add(outcome.pkg());
      } else {
        skipped.add(outcome.skipped());
      }
    }
    CatalogResult catalog = new CatalogResult(distro, found, skipped, tools(root));
    return new ReadSbom(SbomFormat.SPDX_JSON, version, subject, catalog, violations);
  }

  /** Ids the document DESCRIBES (relationships, or the deprecated documentDescribes). */
  private static Set<String> described(JsonNode root) {
    Set<String> ids = new LinkedHashSet<>();
    String document = root.path("SPDXID").asString("SPDXRef-DOCUMENT");
    for (JsonNode relationship : root.path("relationships")) {
      String type = relationship.path("relationshipType").asString("");
      if ("DESCRIBES".equals(type)
          && document.equals(relationship.path("spdxElementId").asString(""))) {
        ids.add(relationship.path("relatedSpdxElement").asString(""));
      } else if ("DESCRIBED_BY".equals(type)
          && document.equals(relationship.path("relatedSpdxElement").asString(""))) {
        ids.add(relationship.path("spdxElementId").asString(""));
      }
    }
    for (JsonNode id : root.path("documentDescribes")) {
      ids.add(id.asString(""));
    }
    return ids;
  }

  private static boolean isOperatingSystem(JsonNode pkg) {
    return "OPERATING_SYSTEM".equals(pkg.path("primaryPackagePurpose").asString(""))
        || pkg.path("SPDXID").asString("").startsWith("SPDXRef-OperatingSystem-");
  }

  private static ComponentNormalizer.Candidate candidate(JsonNode pkg) {
    List<String> licenses = new ArrayList<>();
    String declared = license(pkg, "licenseDeclared");
    String concluded = license(pkg, "licenseConcluded");
    if (declared != null) {
      licenses.add(declared);
    } else if (concluded != null) {
      licenses.add(concluded);
    }
    List<String> attributions = new ArrayList<>();
    for (JsonNode text : pkg.path("attributionTexts")) {
      attributions.add(text.asString(""));
    }
    Map<String, String> properties = ComponentNormalizer.trivyAttributions(attributions);
    return new ComponentNormalizer.Candidate(pkg.path("SPDXID").asString(null),
        text(pkg, "name"), text(pkg, "versionInfo"), purl(pkg), licenses, properties);
  }

  /**
   * The purl external reference. SPDX 2.3 spells the category {@code PACKAGE-MANAGER}; Syft's
   * SPDX 2.2 output wrote {@code PACKAGE_MANAGER}, which is accepted too.
   */
  private static String purl(JsonNode pkg) {
    for (JsonNode ref : pkg.path("externalRefs")) {
      String category = ref.path("referenceCategory").asString("");
      if ("purl".equals(ref.path("referenceType").asString(""))
          && ("PACKAGE-MANAGER".equals(category) || "PACKAGE_MANAGER".equals(category))) {
        return ref.path("referenceLocator").asString(null);
      }
    }
    return null;
  }

  private static String license(JsonNode pkg, String field) {
    String value = text(pkg, field);
    return value == null || "NOASSERTION".equals(value) || "NONE".equals(value) ? null : value;
  }

  private static SbomSubject subject(JsonNode pkg) {
    String purl = purl(pkg);
    Digest digest = CycloneDxReading.digestOf(text(pkg, "versionInfo"));
    if (digest == null && purl != null) {
      PackageURL parsed = CycloneDxWriter.parse(purl).orElse(null);
      if (parsed != null && "oci".equals(parsed.getType())) {
        digest = CycloneDxReading.digestOf(parsed.getVersion());
      }
    }
    if (digest == null) {
      for (JsonNode text : pkg.path("attributionTexts")) {
        String value = text.asString("");
        if (value.startsWith("RepoDigest: ")) {
          digest = CycloneDxReading.digestOf(value.substring(value.indexOf('@') + 1));
          if (digest != null) {
            break;
          }
        }
      }
    }
    return new SbomSubject(text(pkg, "name"), digest, purl);
  }

  private static List<String> tools(JsonNode root) {
    List<String> tools = new ArrayList<>();
    for (JsonNode creator : root.path("creationInfo").path("creators")) {
      String value = creator.asString("");
      if (!value.startsWith("Tool:")) {
        continue;
      }
      Matcher matcher = TOOL.matcher(value);
      tools.add(matcher.matches() ? matcher.group(1).strip() + "@" + matcher.group(2)
          : value.substring("Tool:".length()).strip() + "@unknown");
    }
    return tools;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() && !value.stringValue().isBlank() ? value.stringValue() : null;
  }
}
