package dev.scangate.osv;

import java.util.Comparator;

/**
 * How one ecosystem orders its versions. OSV's {@code ECOSYSTEM} ranges are evaluated with the
 * ecosystem's scheme, {@code SEMVER} ranges with {@link #SEMVER} (Go: {@link #GO}).
 *
 * <pre>{@code
 * VersionScheme.DPKG.compare("1:0.9", "2.0");          // > 0: the epoch wins
 * VersionScheme.PEP440.compare("1.0.dev1", "1.0a1");   // < 0
 * VersionScheme.DPKG.comparator();                     // a Comparator<String> for sorting
 * }</pre>
 *
 * <p>Own implementations where versatile 0.7.0 falls short (each class says why): dpkg
 * ({@link DpkgVersion}), apk ({@link ApkVersion}), PEP 440 ({@link Pep440Version}). rpm, Maven,
 * npm/SemVer and Go use versatile ({@link VersatileVersion}); the tests check all of them on the
 * spec's tricky vectors and, where the real tool is available, against its answers.
 */
public enum VersionScheme {

  /** Debian/Ubuntu: Debian Policy 5.6.12, as dpkg's {@code verrevcmp}. */
  DPKG("dpkg", "1:2.36-9+deb12u3") {
    @Override
    ParsedVersion parse(String version) {
      return DpkgVersion.parse(version);
    }
  },
  /** Red Hat family: rpm's {@code rpmvercmp} over {@code [epoch:]version[-release]}. */
  RPM("rpm", "1:3.0.7-27.el9") {
    @Override
    ParsedVersion parse(String version) {
      return VersatileVersion.rpm(version);
    }
  },
  /** Alpine: apk-tools' version comparison. */
  APK("apk", "1.2.3_rc1-r0") {
    @Override
    ParsedVersion parse(String version) {
      return ApkVersion.parse(version);
    }
  },
  /** Maven: {@code ComparableVersion} of maven-artifact. */
  MAVEN("Maven", "1.0-beta-2") {
    @Override
    ParsedVersion parse(String version) {
      return VersatileVersion.maven(version);
    }
  },
  /** npm: SemVer 2.0.0 (node-semver's strict form). */
  NPM("npm", "1.0.0-rc.1") {
    @Override
    ParsedVersion parse(String version) {
      return VersatileVersion.semver(this, version);
    }
  },
  /** OSV {@code SEMVER} ranges outside Go: SemVer 2.0.0 precedence. */
  SEMVER("SemVer", "1.0.0-rc.1") {
    @Override
    ParsedVersion parse(String version) {
      return VersatileVersion.semver(this, version);
    }
  },
  /** PyPI: PEP 440 (epochs, pre/post/dev releases, local versions). */
  PEP440("PEP 440", "1!2.0.post1") {
    @Override
    ParsedVersion parse(String version) {
      return Pep440Version.parse(version);
    }
  },
  /** Go modules and the standard library: SemVer with an optional {@code v}. */
  GO("Go", "v0.0.0-20220906165146-f3363e06e74c") {
    @Override
    ParsedVersion parse(String version) {
      return VersatileVersion.go(version);
    }
  };

  private final String displayName;
  private final String example;

  VersionScheme(String displayName, String example) {
    this.displayName = displayName;
    this.example = example;
  }

  /**
   * @throws InvalidVersionException when the text is not a version of this scheme
   */
  abstract ParsedVersion parse(String version);

  /**
   * Negative, zero or positive as {@code a} sorts before, equal to or after {@code b}.
   *
   * @throws InvalidVersionException when either is not a version of this scheme
   */
  public int compare(String a, String b) {
    return parse(a).compareTo(parse(b));
  }

  /** {@link #compare} as a comparator; it throws {@link InvalidVersionException} likewise. */
  public Comparator<String> comparator() {
    return this::compare;
  }

  /** Whether {@code version} is valid in this scheme. */
  public boolean isValid(String version) {
    try {
      parse(version);
      return true;
    } catch (InvalidVersionException e) {
      return false;
    }
  }

  String displayName() {
    return displayName;
  }

  String example() {
    return example;
  }
}
