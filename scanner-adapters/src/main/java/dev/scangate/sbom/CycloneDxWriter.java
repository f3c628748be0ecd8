package dev.scangate.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.PackageType;
import dev.scangate.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.license.Expression;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * Writes CycloneDX 1.6 (https://cyclonedx.org/docs/1.6/json/), scangate's canonical SBOM form,
 * as JSON or XML with cyclonedx-core-java's own generators. (A cyclonedx {@code Bom} must never go
 * through a Jackson 3 mapper: it would write {@code "licenses":{"licenses":[…]}}, which is not
 * CycloneDX.)
 *
 * <p>The document: {@code metadata.component} is the image (type {@code container}, name
 * {@code registry/repository}, version the manifest digest, an {@code oci} package URL, the digest
 * as its hash); the distro is a component of type {@code operating-system}; every package is a
 * {@code library} whose {@code bom-ref} is its purl (packages with the same purl become one
 * component, the first one found). Facts without a CycloneDX field are properties
 * {@code scangate:layer:digest}, {@code scangate:location:path}, {@code scangate:cataloger},
 * {@code scangate:confidence}, {@code scangate:source:name}, {@code scangate:source:version},
 * {@code scangate:package:architecture} and {@code scangate:property:<key>}.
 *
 * <p>Output is reproducible: the serial number is a name-based UUID (v5) of the image digest and
 * the SHA-256 of the document without it, so the same input gives byte-identical output, and JSON
 * and XML of the same input carry the same serial number.
 *
 * <pre>{@code
 * CycloneDxWriter writer = new CycloneDxWriter();
 * byte[] json = writer.json(input);
 * byte[] xml = writer.xml(input);
 * }</pre>
 */
public final class CycloneDxWriter {

  /** The spec version written. */
  public static final String SPEC_VERSION = "1.6";

  private final SpdxLicenseList licenseList;

  public CycloneDxWriter() {
    this.licenseList = SpdxLicenseList.load();
  }

  /** CycloneDX 1.6 JSON, UTF-8. */
  public byte[] json(SbomInput input) {
    return render(bom(input), SbomFormat.CYCLONEDX_JSON);
  }

  /** CycloneDX 1.6 XML, UTF-8. */
  public byte[] xml(SbomInput input) {
    return render(bom(input), SbomFormat.CYCLONEDX_XML);
  }

  /** The canonical stored form: CycloneDX 1.6 JSON. */
  public SbomDocument document(SbomInput input) {
    return new SbomDocument(SbomFormat.CYCLONEDX_JSON, SPEC_VERSION, json(input));
  }

  private Bom bom(SbomInput input) {
    Bom bom = new Bom();
    bom.setVersion(1);
    bom.setMetadata(metadata(input));
    List<Component> components = new ArrayList<>();
    Distro distro = input.catalog().distro();
    if (distro != null) {
      components.add(operatingSystem(distro));
    }
    Set<String> seen = new HashSet<>();
    for (CatalogedPackage pkg : input.catalog().packages()) {
      if (seen.add(pkg.purl())) {
        components.add(library(pkg));
      }
    }
    bom.setComponents(components);
    // The serial number is derived from everything else, so it is computed last.
    String content = Digest.sha256(render(bom, SbomFormat.CYCLONEDX_JSON)).hex();
    bom.setSerialNumber("urn:uuid:" + NameBasedUuid.v5(NameBasedUuid.SCANGATE_SBOM,
        "cyclonedx:" + input.image().digest() + ":" + content));
    return bom;
  }

  private static byte[] render(Bom bom, SbomFormat format) {
    try {
      String text = format == SbomFormat.CYCLONEDX_XML
          ? BomGeneratorFactory.createXml(Version.VERSION_16, bom).toXmlString()
          : BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString();
      return text.getBytes(StandardCharsets.UTF_8);
    } catch (GeneratorException e) {
      throw new IllegalStateException("cyclonedx-core-java could not write the BOM: "
          + e.getMessage(), e);
    }
  }

  private static Metadata metadata(SbomInput input) {
    Metadata metadata = new Metadata();
    metadata.setTimestamp(Date.from(input.timestamp()));
    List<Component> tools = new ArrayList<>();
    for (SbomTool tool : input.tools()) {
      Component component = new Component();
      component.setType(Component.Type.APPLICATION);
      component.setName(tool.name());
      component.setVersion(tool.version());
      tools.add(component);
    }
    ToolInformation toolInformation = new ToolInformation();
    toolInformation.setComponents(tools);
    metadata.setToolChoice(toolInformation);

    Component image = new Component();
    String purl = ImagePurl.of(input.image(), input.platform());
    Digest digest = input.image().digest();
    image.setType(Component.Type.CONTAINER);
    image.setBomRef(purl);
    image.setName(input.image().name());
    image.setVersion(digest.toString());
    image.setPurl(purl);
    image.setHashes(List.of(new Hash("sha256".equals(digest.algorithm())
        ? Hash.Algorithm.SHA_256 : Hash.Algorithm.SHA_512, digest.hex())));
    List<Property> properties = new ArrayList<>();
    if (input.platform() != null) {
      properties.add(new Property(SbomProperties.IMAGE_PLATFORM, input.platform().toString()));
    }
    if (input.mediaType() != null) {
      properties.add(new Property(SbomProperties.IMAGE_MEDIA_TYPE, input.mediaType()));
    }
    if (!properties.isEmpty()) {
      image.setProperties(properties);
    }
    metadata.setComponent(image);
    return metadata;
  }

  private static Component operatingSystem(Distro distro) {
    Component os = new Component();
    os.setType(Component.Type.OPERATING_SYSTEM);
    os.setBomRef("os:" + distro.purlQualifier());
    os.setName(distro.id());
    os.setVersion(distro.versionId());
    os.setDescription(distro.prettyName());
    List<Property> properties = new ArrayList<>();
    if (distro.idLike() != null) {
      properties.add(new Property(SbomProperties.DISTRO_ID_LIKE, distro.idLike()));
    }
    if (distro.versionCodename() != null) {
      properties.add(new Property(SbomProperties.DISTRO_CODENAME, distro.versionCodename()));
    }
    if (!properties.isEmpty()) {
      os.setProperties(properties);
    }
    return os;
  }

  private Component library(CatalogedPackage pkg) {
    Component component = new Component();
    component.setType(Component.Type.LIBRARY);
    component.setBomRef(pkg.purl());
    component.setName(pkg.name());
    Optional<PackageURL> purl = parse(pkg.purl());
    // CycloneDX keeps a Maven groupId and an npm scope in "group" and the rest in "name".
    if (purl.isPresent() && purl.get().getNamespace() != null
        && (pkg.type() == PackageType.MAVEN || pkg.type() == PackageType.NPM)) {
      component.setGroup(purl.get().getNamespace());
      component.setName(purl.get().getName());
    }
    component.setVersion(pkg.version());
    component.setPurl(pkg.purl());
    LicenseChoice licenses = licenses(pkg.licenses());
    if (licenses != null) {
      component.setLicenses(licenses);
    }
    List<Property> properties = new ArrayList<>();
    add(properties, SbomProperties.CATALOGER, pkg.foundBy());
    add(properties, SbomProperties.CONFIDENCE, pkg.confidence().name());
    add(properties, SbomProperties.LAYER_DIGEST, pkg.layerDigest());
    add(properties, SbomProperties.LOCATION_PATH, pkg.path());
    add(properties, SbomProperties.SOURCE_NAME, pkg.sourceName());
    add(properties, SbomProperties.SOURCE_VERSION, pkg.sourceVersion());
    add(properties, SbomProperties.ARCHITECTURE, pkg.architecture());
    for (Map.Entry<String, String> extra : new TreeMap<>(pkg.properties()).entrySet()) {
      add(properties, SbomProperties.PROPERTY_PREFIX + extra.getKey(), extra.getValue());
    }
    component.setProperties(properties);
    return component;
  }

  /**
   * Known SPDX ids become {@code license.id}, a single compound expression becomes
   * {@code expression}, anything else {@code license.name} (the 1.6 schema accepts only listed
   * ids in {@code id}, and never expressions mixed with licenses).
   */
  private LicenseChoice licenses(List<String> values) {
    if (values.isEmpty()) {
      return null;
    }
    LicenseChoice choice = new LicenseChoice();
    if (values.size() == 1) {
      Optional<String> expression = licenseList.compoundExpression(values.get(0));
      if (expression.isPresent()) {
        choice.setExpression(new Expression(expression.get()));
        return choice;
      }
    }
    for (String value : values) {
      License license = new License();
      Optional<String> id = licenseList.id(value);
      if (id.isPresent()) {
        license.setId(id.get());
      } else {
        license.setName(value);
      }
      choice.addLicense(license);
    }
    return choice;
  }

  private static void add(List<Property> properties, String name, String value) {
    if (value != null && !value.isEmpty()) {
      properties.add(new Property(name, value));
    }
  }

  static Optional<PackageURL> parse(String purl) {
    try {
      return Optional.of(new PackageURL(purl));
    } catch (MalformedPackageURLException e) {
      return Optional.empty();
    }
  }
}
