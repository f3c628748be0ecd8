package dev.scangate.catalog.lang;

import dev.scangate.catalog.Confidence;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The identity evidence of one Java archive: its {@code META-INF/maven/**}{@code /pom.properties}
 * (and their sibling {@code pom.xml} for licenses), its {@code META-INF/MANIFEST.MF}, and its file
 * name. {@link #identify} decides which artifact the archive is and which it embeds.
 */
final class JavaArchiveMetadata {

  private static final String MAVEN_DIR = "META-INF/maven/";
  private static final String MANIFEST = "META-INF/MANIFEST.MF";

  /** pom.properties by their directory inside the archive, in path order. */
  private final Map<String, Properties> pomProperties = new TreeMap<>();
  /** license names from pom.xml by directory. */
  private final Map<String, List<String>> pomLicenses = new TreeMap<>();
  private Manifest manifest;

  /** Whether an entry of the archive is identity evidence this class reads. */
  static boolean isMetadata(String entryName) {
    return isPomProperties(entryName) || isPomXml(entryName)
        || entryName.equalsIgnoreCase(MANIFEST);
  }

  private static boolean isPomProperties(String entryName) {
    return entryName.startsWith(MAVEN_DIR) && entryName.endsWith("/pom.properties");
  }

  private static boolean isPomXml(String entryName) {
    return entryName.startsWith(MAVEN_DIR) && entryName.endsWith("/pom.xml");
  }

  /**
   * Takes one metadata entry's content.
   *
   * @throws IOException when the entry is malformed (the archive's other evidence still counts)
   */
  void add(String entryName, byte[] content) throws IOException {
    if (isPomProperties(entryName)) {
      Properties properties = new Properties();
      // maven-archiver writes pom.properties with java.util.Properties: ISO-8859-1, escapes
      properties.load(new ByteArrayInputStream(content));
      pomProperties.put(directory(entryName), properties);
    } else if (isPomXml(entryName)) {
      pomLicenses.put(directory(entryName), licensesOfPom(content));
    } else {
      manifest = new Manifest(new ByteArrayInputStream(content));
    }
  }

  private static String directory(String entryName) {
    return entryName.substring(0, entryName.lastIndexOf('/'));
  }

  /**
   * Which artifact the archive is, and which it embeds.
   *
   * <ol>
   *   <li>Every pom.properties with an artifactId and version is an artifact (HIGH). The one
   *       matching the file name ({@code <artifactId>-<version>[-classifier].jar}, else the same
   *       artifactId, else the only one when the file name carries no version) is the archive's
   *       own identity; the others were shaded into it.</li>
   *   <li>Without a matching pom.properties, the manifest's version
   *       ({@code Implementation-Version}, {@code Bundle-Version}, {@code Specification-Version},
   *       Jenkins' {@code Plugin-Version}) with a name from the manifest or the file name
   *       (MEDIUM).</li>
   *   <li>Else the file name {@code name-1.2.3.jar} (LOW).</li>
   * </ol>
   *
   * @param fileName the archive's file name, e.g. {@code log4j-core-2.14.1.jar}
   */
  Identification identify(String fileName) {
    ArchiveFileName name = ArchiveFileName.parse(fileName);
    List<Identity> poms = new ArrayList<>();
    for (Map.Entry<String, Properties> entry : pomProperties.entrySet()) {
      Properties p = entry.getValue();
      String groupId = trimmed(p.getProperty("groupId"));
      String artifactId = trimmed(p.getProperty("artifactId"));
      String version = trimmed(p.getProperty("version"));
      if (artifactId != null && version != null) {
        poms.add(new Identity(groupId, artifactId, version, Confidence.HIGH, "pom.properties",
            pomLicenses.getOrDefault(entry.getKey(), List.of())));
      }
    }
    Identity own = ownPom(poms, name);
    List<Identity> embedded = new ArrayList<>(poms);
    if (own != null) {
      embedded.remove(own);
    } else {
      own = fromManifest(name);
      if (own == null && name.name() != null) {
        own = new Identity(null, name.name(), name.version(), Confidence.LOW, "file name",
            List.of());
      }
    }
    final Identity self = own;
    embedded.removeIf(e -> self != null && e.sameCoordinates(self));
    embedded.sort(Comparator.comparing(Identity::purl));
    return new Identification(own, embedded);
  }

  private static Identity ownPom(List<Identity> poms, ArchiveFileName name) {
    for (Identity pom : poms) {
      String coordinates = pom.artifactId() + "-" + pom.version();
      if (name.base().equals(coordinates) || name.base().startsWith(coordinates + "-")) {
        return pom;
      }
    }
    for (Identity pom : poms) {
      if (pom.artifactId().equals(name.name())) {
        return pom;
      }
    }
    if (poms.size() == 1 && name.version() == null) {
      return poms.get(0);
    }
    return null;
  }

  private Identity fromManifest(ArchiveFileName fileName) {
    if (manifest == null) {
      return null;
    }
    Attributes main = manifest.getMainAttributes();
    String version = first(main, "Implementation-Version", "Bundle-Version",
        "Specification-Version", "Plugin-Version");
    if (version == null) {
      return null;
    }
    String name = token(main.getValue("Implementation-Title"));
    if (name == null) {
      name = fileName.name();
    }
    if (name == null) {
      name = firstToken(main, "Short-Name", "Bundle-Name", "Specification-Title",
          "Automatic-Module-Name");
    }
    if (name == null) {
      name = token(withoutDirectives(main.getValue("Bundle-SymbolicName")));
    }
    if (name == null) {
      return null;
    }
    List<String> licenses = new ArrayList<>();
    String bundleLicense = withoutDirectives(main.getValue("Bundle-License"));
    if (bundleLicense != null) {
      licenses.add(bundleLicense);
    }
    return new Identity(groupFromManifest(main, name), name, version, Confidence.MEDIUM,
        "MANIFEST.MF", licenses);
  }

  /**
   * A groupId only where the manifest states one: maven-archiver's
   * {@code Implementation-Vendor-Id} (the project's groupId), Jenkins' {@code Group-Id}, or a
   * {@code Bundle-SymbolicName} of the form {@code <group>.<name>} (e.g.
   * {@code com.fasterxml.jackson.core.jackson-databind}). A one-segment prefix is no group
   * ({@code org.opentest4j}: the whole symbolic name is).
   */
  private static String groupFromManifest(Attributes main, String name) {
    String group = firstToken(main, "Implementation-Vendor-Id", "Group-Id");
    if (group != null) {
      return group;
    }
    String symbolicName = token(withoutDirectives(main.getValue("Bundle-SymbolicName")));
    if (symbolicName != null && symbolicName.endsWith("." + name)) {
      String prefix = symbolicName.substring(0, symbolicName.length() - name.length() - 1);
      return prefix.indexOf('.') > 0 ? prefix : symbolicName;
    }
    return null;
  }

  private static String first(Attributes attributes, String... names) {
    for (String name : names) {
      String value = trimmed(attributes.getValue(name));
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static String firstToken(Attributes attributes, String... names) {
    for (String name : names) {
      String value = token(attributes.getValue(name));
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** A value usable as an artifact name: non-blank, without whitespace. */
  private static String token(String value) {
    String trimmed = trimmed(value);
    if (trimmed == null) {
      return null;
    }
    for (int i = 0; i < trimmed.length(); i++) {
      if (Character.isWhitespace(trimmed.charAt(i))) {
        return null;
      }
    }
    return trimmed;
  }

  /** OSGi header values carry {@code ;directive=...} parts after the value. */
  private static String withoutDirectives(String value) {
    if (value == null) {
      return null;
    }
    int semicolon = value.indexOf(';');
    return trimmed(semicolon < 0 ? value : value.substring(0, semicolon));
  }

  private static String trimmed(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }

  /**
   * The {@code project/licenses/license/name} values of a pom.xml. DTDs and external entities are
   * off: the pom comes from an untrusted image.
   */
  static List<String> licensesOfPom(byte[] pom) throws IOException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    List<String> licenses = new ArrayList<>();
    List<String> path = new ArrayList<>();
    try {
      XMLStreamReader xml = factory.createXMLStreamReader(new ByteArrayInputStream(pom));
      try {
        while (xml.hasNext()) {
          int event = xml.next();
          if (event == XMLStreamConstants.START_ELEMENT) {
            path.add(xml.getLocalName());
            if (path.equals(List.of("project", "licenses", "license", "name"))) {
              String name = trimmed(xml.getElementText());
              path.remove(path.size() - 1);
              if (name != null) {
                licenses.add(name);
              }
            }
          } else if (event == XMLStreamConstants.END_ELEMENT) {
            path.remove(path.size() - 1);
          }
        }
      } finally {
        xml.close();
      }
    } catch (XMLStreamException e) {
      throw new IOException("malformed pom.xml: " + e.getMessage(), e);
    }
    return licenses;
  }

  /** The archive's own identity (null when nothing names it) and the artifacts shaded into it. */
  record Identification(Identity own, List<Identity> embedded) {
    Identification {
      embedded = List.copyOf(embedded);
    }
  }

  /**
   * One artifact.
   *
   * @param groupId null when the evidence does not name one
   * @param version null when unknown
   * @param source which evidence named it: {@code pom.properties}, {@code MANIFEST.MF} or
   *     {@code file name}
   */
  record Identity(String groupId, String artifactId, String version, Confidence confidence,
      String source, List<String> licenses) {

    Identity {
      licenses = List.copyOf(licenses);
    }

    /**
     * {@code pkg:maven/<groupId>/<artifactId>@<version>}. A maven purl must have a namespace; when
     * no evidence names the group, the artifactId stands in for it, as syft does
     * ({@code pkg:maven/plugin-api/plugin-api@0.9.1}).
     */
    String purl() {
      return PackageUrls.canonical("maven", groupId == null ? artifactId : groupId, artifactId,
          version);
    }

    boolean sameCoordinates(Identity other) {
      return Objects.equals(groupId, other.groupId)
          && artifactId.equals(other.artifactId)
          && Objects.equals(version, other.version);
    }
  }

  /**
   * An archive file name split as Maven names artifacts, {@code <name>-<version>.<ext>}: the
   * version starts at the first {@code -} followed by a digit ({@code guava-32.1.3-jre.jar} is
   * guava 32.1.3-jre).
   *
   * @param base the name without extension
   * @param name null when the base starts with the version
   * @param version null when no part of the name looks like one
   */
  record ArchiveFileName(String base, String name, String version) {

    static ArchiveFileName parse(String fileName) {
      int dot = fileName.lastIndexOf('.');
      String base = dot > 0 ? fileName.substring(0, dot) : fileName;
      for (int i = 0; i < base.length() - 1; i++) {
        if (base.charAt(i) == '-' && Character.isDigit(base.charAt(i + 1))) {
          return new ArchiveFileName(base, i == 0 ? null : base.substring(0, i),
              base.substring(i + 1));
        }
      }
      return new ArchiveFileName(base, base.isEmpty() ? null : base, null);
    }
  }
}
