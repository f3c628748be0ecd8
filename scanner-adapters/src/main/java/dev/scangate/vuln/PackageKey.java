package dev.scangate.vuln;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The identity {@link FindingMerger} uses to decide that two scanners mean the same installed
 * package: purl type, namespace, name and version, without qualifiers or subpath.
 *
 * <p>Normalization, so that what Grype (via Syft) and Trivy write for one package compare equal:
 * <ul>
 *   <li>Qualifiers ({@code arch}, {@code distro}, {@code upstream}) and subpath are dropped; the
 *       {@code epoch} qualifier of deb and rpm purls (Trivy, Syft for rpm) is folded into the
 *       version as {@code epoch:version}, the form dpkg and Syft's deb purls use, and an epoch of
 *       0 is dropped (it equals no epoch).</li>
 *   <li>For OS packages ({@code deb}, {@code rpm}, {@code apk}) the namespace is dropped: it names
 *       the distribution, which tools spell differently ({@code rhel} in Syft, {@code redhat} in
 *       Trivy) and which is the same for every package of one image.</li>
 *   <li>PyPI names are lower-cased with runs of {@code -_.} replaced by {@code -} (PEP 503,
 *       https://peps.python.org/pep-0503/#normalized-names); npm, Go and the rest are compared as
 *       written (packageurl-java already decodes percent-escapes such as {@code %2B}).</li>
 *   <li>A package without a (parsable) purl is keyed by its type, name and version.</li>
 * </ul>
 *
 * <pre>{@code
 * PackageKey.of(new PackageRef("pkg:rpm/redhat/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1",
 *     "openssl-libs", "1:1.0.2k-16.el7", "rpm"));   // rpm/openssl-libs@1:1.0.2k-16.el7
 * }</pre>
 *
 * @param type the purl type, or the scanner's package type when there is no purl; may be empty
 * @param namespace the purl namespace after normalization; empty when none
 * @param name the name after normalization
 * @param version the version after normalization
 */
public record PackageKey(String type, String namespace, String name, String version)
    implements Comparable<PackageKey> {

  private static final Set<String> OS_TYPES = Set.of("deb", "rpm", "apk");

  public PackageKey {
    type = type == null ? "" : type;
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
    version = version == null ? "" : version;
  }

  /** The key of a package as a scanner reported it. */
  public static PackageKey of(PackageRef pkg) {
    if (pkg.purl() != null) {
      try {
        return of(new PackageURL(pkg.purl()));
      } catch (MalformedPackageURLException e) {
        // keyed by name and version below, like a package without a purl
      }
    }
    String type = pkg.type() == null ? "" : pkg.type().toLowerCase(Locale.ROOT);
    return new PackageKey(type, "", normalizeName(type, pkg.name()),
        normalizeVersion(type, pkg.version(), null));
  }

  private static PackageKey of(PackageURL purl) {
    String type = purl.getType();
    Map<String, String> qualifiers = purl.getQualifiers();
    String epoch = qualifiers == null ? null : qualifiers.get("epoch");
    String namespace = OS_TYPES.contains(type) || purl.getNamespace() == null ? ""
        : purl.getNamespace();
    if ("pypi".equals(type)) {
      namespace = namespace.toLowerCase(Locale.ROOT);
    }
    return new PackageKey(type, namespace, normalizeName(type, purl.getName()),
        normalizeVersion(type, purl.getVersion(), epoch));
  }

  private static String normalizeName(String type, String name) {
    if ("pypi".equals(type)) {
      return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }
    return name;
  }

  private static String normalizeVersion(String type, String version, String epoch) {
    if (version == null) {
      return "";
    }
    if (!"deb".equals(type) && !"rpm".equals(type)) {
      return version;
    }
    String result = version;
    if (epoch != null && !epoch.isBlank() && !hasEpoch(result)) {
      result = epoch.strip() + ":" + result;
    }
    return result.startsWith("0:") ? result.substring(2) : result;
  }

  private static boolean hasEpoch(String version) {
    int colon = version.indexOf(':');
    return colon > 0 && version.substring(0, colon).chars().allMatch(Character::isDigit);
  }

  @Override
  public int compareTo(PackageKey other) {
    return toString().compareTo(other.toString());
  }

  /** {@code type/namespace/name@version}, the namespace omitted when empty. */
  @Override
  public String toString() {
    return type + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name + "@" + version;
  }
}
