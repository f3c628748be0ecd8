package dev.scangate.catalog;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One package found in an image.
 *
 * <pre>{@code
 * new CatalogedPackage(PackageType.DEB, "libc6", "2.36-9+deb12u14",
 *     "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12", "glibc",
 *     "2.36-9+deb12u14", "amd64", List.of("LGPL-2.1"), "sha256:…", "/var/lib/dpkg/status",
 *     "dpkg", Confidence.HIGH, Map.of());
 * }</pre>
 *
 * @param type ecosystem
 * @param name package name as its ecosystem spells it (Maven: artifactId; {@code group} in
 *     properties and purl namespace)
 * @param version exact version as recorded (dpkg with epoch, e.g. {@code 1:2.3-4})
 * @param purl canonical package URL (packageurl-java)
 * @param sourceName source package (dpkg {@code Source}, apk {@code origin}, rpm source rpm
 *     name); null when unknown or the same as {@code name} is not recorded
 * @param sourceVersion source package version; null when unknown
 * @param architecture e.g. {@code amd64}, {@code x86_64}, {@code noarch}; null when not recorded
 * @param licenses license expressions or names as recorded
 * @param layerDigest digest of the layer the evidence came from
 * @param path path of the evidence in the image (the dpkg status file, the jar, the
 *     package.json); for nested archives {@code /app/a.war!/WEB-INF/lib/b.jar}
 * @param foundBy id of the cataloger
 * @param confidence how the identity was established
 * @param properties extra facts (e.g. {@code maven.groupId}, {@code go.mainModule})
 */
public record CatalogedPackage(PackageType type, String name, String version, String purl,
    String sourceName, String sourceVersion, String architecture, List<String> licenses,
    String layerDigest, String path, String foundBy, Confidence confidence,
    Map<String, String> properties) {

  public CatalogedPackage {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(purl, "purl");
    Objects.requireNonNull(foundBy, "foundBy");
    Objects.requireNonNull(confidence, "confidence");
    licenses = licenses == null ? List.of() : List.copyOf(licenses);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }
}
