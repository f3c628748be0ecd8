package dev.scangate.sbom;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an SBOM made elsewhere (an upload): CycloneDX JSON or XML 1.2–1.6 and SPDX 2.2/2.3 JSON,
 * recognised by content (JSON {@code bomFormat}/{@code specVersion} or {@code spdxVersion}; the
 * XML namespace {@code http://cyclonedx.org/schema/bom/1.x}), validated against the schema of the
 * declared version (CycloneDX: cyclonedx-core-java's bundled schemas; SPDX: the official 2.3
 * schema, which also serves 2.2 documents since 2.3 only relaxed 2.2), and turned into scangate's
 * catalog model.
 *
 * <pre>{@code
 * SbomReader reader = new SbomReader();                     // rejects schema violations
 * SbomReader lenient = new SbomReader(SchemaPolicy.REPORT); // reads them, lists violations
 * try {
 *   ReadSbom sbom = reader.read(bytes);
 * } catch (InvalidSbomException e) {
 *   // e.getMessage(): "CycloneDX specVersion 1.1 is not supported (1.2–1.6)"
 * }
 * }</pre>
 *
 * <p>CycloneDX 1.7 (what current Syft and Trivy write by default) is refused: cyclonedx-core-java
 * 12.2.0 has no 1.7 schema to validate it against. XML with a DOCTYPE is refused before parsing
 * (no entity expansion, no external fetches). The caller bounds the upload's size.
 */
public final class SbomReader {

  private final SchemaPolicy policy;
  private final JsonMapper mapper = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private final CycloneDxReading cycloneDx;
  private final SpdxReading spdx;

  /** A reader that rejects documents breaking their schema. */
  public SbomReader() {
    this(SchemaPolicy.REJECT);
  }

  public SbomReader(SchemaPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    ComponentNormalizer normalizer = new ComponentNormalizer();
    this.cycloneDx = new CycloneDxReading(normalizer);
    this.spdx = new SpdxReading(normalizer, SpdxSchema.load());
  }

  /**
   * Detects the format and reads the document.
   *
   * @throws InvalidSbomException naming what is wrong: not JSON or XML, not an SBOM, an
   *     unsupported version, a schema violation (under {@link SchemaPolicy#REJECT}), or content
   *     the format requires and the document lacks
   */
  public ReadSbom read(byte[] content) {
    Objects.requireNonNull(content, "content");
    int start = firstSignificantByte(content);
    if (start < 0) {
      throw new InvalidSbomException("the document is empty");
    }
    if (content[start] == '{') {
      return readJson(content);
    }
    if (content[start] == '<') {
      return cycloneDx.readXml(content, xmlVersion(content), policy);
    }
    throw new InvalidSbomException("not JSON or XML: a CycloneDX or SPDX document starts with"
        + " '{' or '<'");
  }

  private ReadSbom readJson(byte[] content) {
    JsonNode root;
    try {
      root = mapper.readTree(content);
    } catch (JacksonException e) {
      throw new InvalidSbomException("not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr() + ")"), e);
    }
    if ("CycloneDX".equals(root.path("bomFormat").asString(null))) {
      return cycloneDx.readJson(content, root, policy);
    }
    if (root.has("spdxVersion")) {
      return spdx.read(content, root, policy);
    }
    if (root.has("payloadType") && root.has("signatures")) {
      throw new InvalidSbomException("this is a DSSE envelope (payloadType "
          + root.path("payloadType").asString("") + "), not an SBOM: upload the SBOM from its"
          + " in-toto predicate");
    }
    if (root.has("artifacts") && root.has("descriptor")) {
      throw new InvalidSbomException("this is Syft's own JSON format, not CycloneDX or SPDX:"
          + " export it with syft -o cyclonedx-json or -o spdx-json");
    }
    throw new InvalidSbomException("JSON but neither CycloneDX (no \"bomFormat\": \"CycloneDX\")"
        + " nor SPDX (no \"spdxVersion\")");
  }

  /** The CycloneDX version from the root element's namespace; refuses DOCTYPEs. */
  private static String xmlVersion(byte[] content) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XMLStreamReader reader = null;
    try {
      reader = factory.createXMLStreamReader(new ByteArrayInputStream(content));
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.DTD) {
          throw new InvalidSbomException("XML with a DOCTYPE is not accepted (CycloneDX needs"
              + " none, and DTDs can expand entities or fetch files)");
        }
        if (event == XMLStreamConstants.START_ELEMENT) {
          String namespace = reader.getNamespaceURI();
          String prefix = CycloneDxReading.XML_NAMESPACE_PREFIX;
          if (namespace != null && namespace.startsWith(prefix)
              && "bom".equals(reader.getLocalName())) {
            return namespace.substring(prefix.length());
          }
          throw new InvalidSbomException("XML but not CycloneDX: the root element is {"
              + (namespace == null ? "" : namespace) + "}" + reader.getLocalName()
              + ", expected {" + prefix + "1.x}bom");
        }
      }
      throw new InvalidSbomException("XML without a root element");
    } catch (XMLStreamException e) {
      throw new InvalidSbomException("not well-formed XML: " + e.getMessage(), e);
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException e) {
          // nothing was opened that needs releasing beyond the byte array
        }
      }
    }
  }

  private static int firstSignificantByte(byte[] content) {
    int i = 0;
    // UTF-8 byte order mark
    if (content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
        && (content[2] & 0xff) == 0xbf) {
      i = 3;
    }
    for (; i < content.length; i++) {
      byte b = content[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return i;
      }
    }
    return -1;
  }

  /** The first violation as an exception message, with how many more there are. */
  static InvalidSbomException violation(List<SchemaViolation> violations) {
    SchemaViolation first = violations.get(0);
    String more = violations.size() == 1 ? "" : " (and " + (violations.size() - 1) + " more)";
    return new InvalidSbomException("schema violation at " + first.location() + ": "
        + first.message() + more, violations, null);
  }
}
