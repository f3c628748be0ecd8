package dev.scangate.vuln;

/**
 * The package a finding is about, as the scanner identified it. Control characters in any field
 * are replaced by U+FFFD (PostgreSQL text cannot hold NUL).
 *
 * <pre>{@code
 * new PackageRef("pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12", "libc6",
 *     "2.36-9", "deb");
 * }</pre>
 *
 * @param purl the package URL the scanner reported, or null when it reported none (old
 *     Trivy reports); not validated: the merger parses it and falls back to type, name and
 *     version when it cannot
 * @param name the package name as the scanner reported it
 * @param version the installed version
 * @param type the purl type ({@code deb}, {@code apk}, {@code npm}, …) when known, else the
 *     scanner's own package type; null when unknown
 */
public record PackageRef(String purl, String name, String version, String type) {

  public PackageRef {
    purl = Identifiers.clean(purl);
    name = Identifiers.clean(name);
    version = Identifiers.clean(version);
    type = Identifiers.clean(type);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("package name is required (purl " + purl + ")");
    }
    if (version == null) {
      throw new NullPointerException("version of package " + name + " is required");
    }
    if (purl != null && purl.isBlank()) {
      purl = null;
    }
  }
}
