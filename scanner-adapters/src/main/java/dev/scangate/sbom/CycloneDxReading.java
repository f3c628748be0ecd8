package dev.scangate.sbom;

import com.github.packageurl.PackageURL;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import dev.scangate.catalog.CatalogResult;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.SkippedFile;
import dev.scangate.image.Digest;
import dev.scangate.image.InvalidReferenceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Validator;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.Tool;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import tools.jackson.databind.JsonNode;

/** The CycloneDX half of {@link SbomReader}: version check, schema validation, mapping. */
final class CycloneDxReading {

  static final String XML_NAMESPACE_PREFIX = "http://cyclonedx.org/schema/bom/";
  private static final Set<String> SUPPORTED = Set.of("1.2", "1.3", "1.4", "1.5", "1.6");
  private static final String RANGE = "(1.2–1.6)";

  private final ComponentNormalizer normalizer;
  // Loading a schema takes longer than validating a typical document: keep them per version.
  private final Map<Version, Schema> jsonSchemas = new ConcurrentHashMap<>();
  private final Map<Version, javax.xml.validation.Schema> xmlSchemas = new ConcurrentHashMap<>();

  CycloneDxReading(ComponentNormalizer normalizer) {
    this.normalizer = normalizer;
  }

  ReadSbom readJson(byte[] content, JsonNode root, SchemaPolicy policy) {
    JsonNode specVersion = root.path("specVersion");
    if (!specVersion.isString()) {
      throw new InvalidSbomException("CycloneDX document has no specVersion");
    }
    Version version = supported(specVersion.stringValue());
    List<SchemaViolation> violations = validateJson(content, version);
    if (!violations.isEmpty() && policy == SchemaPolicy.REJECT) {
      throw SbomReader.violation(violations);
    }
    Bom bom;
    try {
      bom = new JsonParser().parse(content);
    } catch (ParseException e) {
      throw new InvalidSbomException("CycloneDX " + version.getVersionString()
          + " JSON could not be read: " + e.getMessage(), e);
    }
    return read(bom, SbomFormat.CYCLONEDX_JSON, version, violations);
  }

  ReadSbom readXml(byte[] content, String namespaceVersion, SchemaPolicy policy) {
    Version version = supported(namespaceVersion);
    List<SchemaViolation> violations = validateXml(content, version);
    if (!violations.isEmpty() && policy == SchemaPolicy.REJECT) {
      throw SbomReader.violation(violations);
    }
    Bom bom;
    try {
      bom = new XmlParser().parse(content);
    } catch (ParseException e) {
      throw new InvalidSbomException("CycloneDX " + version.getVersionString()
          + " XML could not be read: " + e.getMessage(), e);
    }
    return read(bom, SbomFormat.CYCLONEDX_XML, version, violations);
  }

  private static Version supported(String declared) {
    if (!SUPPORTED.contains(declared)) {
      String hint = "1.7".equals(declared)
          ? "; export it as 1.6 (e.g. syft -o cyclonedx-json@1.6)" : "";
      throw new InvalidSbomException("CycloneDX specVersion " + declared + " is not supported "
          + RANGE + hint);
    }
    return Version.fromVersionString(declared);
  }

  private List<SchemaViolation> validateJson(byte[] content, Version version) {
    Schema schema = jsonSchemas.computeIfAbsent(version, v -> {
      try {
        return new JsonParser().getJsonSchema(v,
            new com.fasterxml.jackson.databind.ObjectMapper());
      } catch (IOException e) {
        throw new IllegalStateException("cyclonedx-core-java cannot load its "
            + v.getVersionString() + " JSON schema", e);
      }
    });
    List<SchemaViolation> violations = new ArrayList<>();
    for (Error error : schema.validate(new String(content, StandardCharsets.UTF_8),
        InputFormat.JSON)) {
      violations.add(new SchemaViolation(
          SchemaViolation.jsonPath(error.getInstanceLocation().toString()), error.getMessage()));
    }
    return violations;
  }

  private List<SchemaViolation> validateXml(byte[] content, Version version) {
    List<SchemaViolation> violations = new ArrayList<>();
    try {
      Validator validator = xmlSchemas.computeIfAbsent(version, v -> {
        try {
          return new XmlParser().getXmlSchema(v);
        } catch (SAXException e) {
          throw new IllegalStateException("cyclonedx-core-java cannot load its "
              + v.getVersionString() + " XML schema", e);
        }
      }).newValidator();
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      validator.setErrorHandler(new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
          // warnings are not violations
        }

        @Override
        public void error(SAXParseException e) {
          violations.add(new SchemaViolation("line " + e.getLineNumber() + ", column "
              + e.getColumnNumber(), e.getMessage()));
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
          throw e;
        }
      });
      validator.validate(new StreamSource(new ByteArrayInputStream(content)));
    } catch (SAXParseException e) {
      // Only fatal errors end validation: the document is not well-formed XML.
      throw new InvalidSbomException("not well-formed XML at line " + e.getLineNumber()
          + ", column " + e.getColumnNumber() + ": " + e.getMessage(), e);
    } catch (SAXException | IOException e) {
      throw new InvalidSbomException("CycloneDX " + version.getVersionString()
          + " XML could not be validated: " + e.getMessage(), e);
    }
    return violations;
  }

  private ReadSbom read(Bom bom, SbomFormat format, Version version,
      List<SchemaViolation> violations) {
    Metadata metadata = bom.getMetadata();
    List<CatalogedPackage> packages = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    Distro distro = null;
    List<Component> all = new ArrayList<>();
    flatten(bom.getComponents(), all);
    for (Component component : all) {
      if (component.getType() == Component.Type.OPERATING_SYSTEM) {
        if (distro == null && component.getName() != null && !component.getName().isBlank()) {
          distro = distro(component);
        }
        continue;
      }
      ComponentNormalizer.Outcome outcome = normalizer.normalize(candidate(component));
      if (outcome.pkg() != null) {
        packages.add(outcome.pkg());
      } else {
        skipped.add(outcome.skipped());
      }
    }
    CatalogResult catalog = new CatalogResult(distro, packages, skipped, tools(metadata));
    return new ReadSbom(format, version.getVersionString(), subject(metadata), catalog,
        violations);
  }

  private static void flatten(List<Component> components, List<Component> out) {
    if (components == null) {
      return;
    }
    for (Component component : components) {
      out.add(component);
      flatten(component.getComponents(), out);
    }
  }

  private static ComponentNormalizer.Candidate candidate(Component component) {
    List<String> licenses = new ArrayList<>();
    LicenseChoice choice = component.getLicenses();
    if (choice != null) {
      if (choice.getExpression() != null && choice.getExpression().getValue() != null) {
        licenses.add(choice.getExpression().getValue());
      }
      if (choice.getLicenses() != null) {
        for (License license : choice.getLicenses()) {
          String value = license.getId() != null ? license.getId() : license.getName();
          if (value != null && !value.isBlank()) {
            licenses.add(value);
          }
        }
      }
    }
    Map<String, String> properties = new LinkedHashMap<>();
    if (component.getProperties() != null) {
      for (Property property : component.getProperties()) {
        if (property.getName() != null && property.getValue() != null) {
          // a repeated name (further locations of a merged package) keeps its first value
          properties.putIfAbsent(property.getName(), property.getValue());
        }
      }
    }
    String name = component.getGroup() == null || component.getGroup().isBlank()
        ? component.getName() : component.getGroup() + "/" + component.getName();
    return new ComponentNormalizer.Candidate(component.getBomRef(), name, component.getVersion(),
        component.getPurl(), licenses, properties);
  }

  private static Distro distro(Component os) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (os.getProperties() != null) {
      for (Property property : os.getProperties()) {
        properties.putIfAbsent(property.getName(), property.getValue());
      }
    }
    return new Distro(os.getName().toLowerCase(Locale.ROOT), blankToNull(os.getVersion()),
        blankToNull(os.getDescription()), properties.get(SbomProperties.DISTRO_CODENAME),
        properties.get(SbomProperties.DISTRO_ID_LIKE));
  }

  private static List<String> tools(Metadata metadata) {
    List<String> tools = new ArrayList<>();
    if (metadata == null) {
      return tools;
    }
    if (metadata.getToolChoice() != null && metadata.getToolChoice().getComponents() != null) {
      for (Component tool : metadata.getToolChoice().getComponents()) {
        tools.add(tool.getName() + "@" + (tool.getVersion() == null ? "unknown"
            : tool.getVersion()));
      }
    }
    if (metadata.getTools() != null) {
      for (Tool tool : metadata.getTools()) {
        tools.add(tool.getName() + "@" + (tool.getVersion() == null ? "unknown"
            : tool.getVersion()));
      }
    }
    return tools;
  }

  private static SbomSubject subject(Metadata metadata) {
    if (metadata == null || metadata.getComponent() == null) {
      return null;
    }
    Component component = metadata.getComponent();
    Digest digest = digestOf(component.getVersion());
    if (digest == null && component.getPurl() != null) {
      PackageURL purl = CycloneDxWriter.parse(component.getPurl()).orElse(null);
      if (purl != null && "oci".equals(purl.getType())) {
        digest = digestOf(purl.getVersion());
      }
    }
    if (digest == null && component.getProperties() != null) {
      for (Property property : component.getProperties()) {
        if ("aquasecurity:trivy:RepoDigest".equals(property.getName())) {
          String value = property.getValue();
          digest = digestOf(value.substring(value.indexOf('@') + 1));
          if (digest != null) {
            break;
          }
        }
      }
    }
    return new SbomSubject(component.getName(), digest, component.getPurl());
  }

  /** The value as a digest when it is one, else null. */
  static Digest digestOf(String value) {
    if (value == null || !value.matches("sha(256|512):[0-9a-f]+")) {
      return null;
    }
    try {
      return Digest.parse(value);
    } catch (InvalidReferenceException e) {
      return null;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
