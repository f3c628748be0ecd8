package dev.scangate.osv;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The OSV ecosystems scangate matches, each with the version ordering of its
 * {@code ECOSYSTEM} ranges.
 *
 * <pre>{@code
 * EcosystemFamily.DEBIAN.scheme();   // VersionScheme.DPKG
 * EcosystemFamily.GO.osvName();      // "Go"
 * }</pre>
 */
public enum EcosystemFamily {
  DEBIAN("Debian", VersionScheme.DPKG, true),
  UBUNTU("Ubuntu", VersionScheme.DPKG, true),
  ALPINE("Alpine", VersionScheme.APK, true),
  RED_HAT("Red Hat", VersionScheme.RPM, true),
  ROCKY_LINUX("Rocky Linux", VersionScheme.RPM, true),
  ALMALINUX("AlmaLinux", VersionScheme.RPM, true),
  MAVEN("Maven", VersionScheme.MAVEN, false),
  NPM("npm", VersionScheme.NPM, false),
  PYPI("PyPI", VersionScheme.PEP440, false),
  GO("Go", VersionScheme.GO, false);

  private static final Pattern PEP503_SEPARATORS = Pattern.compile("[-_.]+");

  private final String osvName;
  private final VersionScheme scheme;
  private final boolean distribution;

  EcosystemFamily(String osvName, VersionScheme scheme, boolean distribution) {
    this.osvName = osvName;
    this.scheme = scheme;
    this.distribution = distribution;
  }

  /** The ecosystem's name in OSV, before any {@code :} suffix. */
  public String osvName() {
    return osvName;
  }

  /** How {@code ECOSYSTEM} ranges of this ecosystem order versions. */
  public VersionScheme scheme() {
    return scheme;
  }

  /** Whether this is a Linux distribution, whose records are scoped to a release. */
  public boolean isDistribution() {
    return distribution;
  }

  /**
   * The form of a package name that index lookups compare: PyPI names normalized as PEP 503
   * says ({@code Foo.Bar_baz} is {@code foo-bar-baz}); npm and Go lowercased (package URLs
   * lowercase them; packageurl-java lowercases Go namespaces); other names as written. A Go
   * name whose first path element has no dot is a standard library package ({@code net/http}
   * in GitHub's records): module paths need a dot there, so it is looked up as
   * {@code stdlib}, the name the Go vulnerability database and our Go cataloger use.
   */
  public String normalize(String name) {
    switch (this) {
      case PYPI:
        return PEP503_SEPARATORS.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-");
      case NPM:
        return name.toLowerCase(Locale.ROOT);
      case GO:
        String path = name.toLowerCase(Locale.ROOT);
        int slash = path.indexOf('/');
        String first = slash < 0 ? path : path.substring(0, slash);
        if (!first.contains(".") && !path.equals("stdlib") && !path.equals("toolchain")) {
          return "stdlib";
        }
        return path;
      default:
        return name;
    }
  }

  /** The ordering for a range of {@code type} (SEMVER or ECOSYSTEM). */
  VersionScheme schemeFor(String rangeType) {
    if (OsvRange.SEMVER.equals(rangeType)) {
      return this == GO ? VersionScheme.GO : VersionScheme.SEMVER;
    }
    return scheme;
  }
}
