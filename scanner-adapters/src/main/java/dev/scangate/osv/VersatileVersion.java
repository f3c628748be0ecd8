package dev.scangate.osv;

import io.github.nscuro.versatile.version.GoVersion;
import io.github.nscuro.versatile.version.MavenVersion;
import io.github.nscuro.versatile.version.NpmVersion;
import io.github.nscuro.versatile.version.RpmVersion;
import io.github.nscuro.versatile.version.Version;
import java.util.regex.Pattern;

/**
 * A version ordered by versatile (https://github.com/nscuro/versatile), for the schemes where
 * its ordering is right: rpm ({@code rpmvercmp}, including {@code ~} and {@code ^}), Maven
 * (maven-artifact's {@code ComparableVersion}), npm/SemVer (semver4j) and Go. We check the input
 * first where versatile is more lenient than the scheme: semver4j would read {@code 1.2} and
 * {@code 1.0.0-01}, rpm would read {@code 1:} and {@code a:1}.
 *
 * <p>rpm: versatile 0.7.0 throws a NullPointerException when only one of the two versions has a
 * release ({@code 1.0-1} / {@code 1.0}); we compare {@code [epoch:]version} then, and as rpm
 * 4.18 does, the one with a release sorts after the one without.
 */
final class VersatileVersion implements ParsedVersion {

  /** semver.org's suggested expression, with an optional {@code v} that npm also strips. */
  private static final Pattern SEMVER = Pattern.compile("v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\."
      + "(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
      + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
      + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");
  /** rpm's {@code [epoch:]version[-release]} with a numeric epoch and a non-empty version. */
  private static final Pattern RPM_EVR = Pattern.compile("(?:\\d+:)?[^:\\s-][^:\\s]*");

  private final VersionScheme scheme;
  private final String text;
  private final Version delegate;
  /** rpm only: {@code [epoch:]version} without the release, or null when there is none. */
  private final Version withoutRelease;

  private VersatileVersion(VersionScheme scheme, String text, Version delegate,
      Version withoutRelease) {
    this.scheme = scheme;
    this.text = text;
    this.delegate = delegate;
    this.withoutRelease = withoutRelease;
  }

  static VersatileVersion rpm(String version) {
    if (version == null || !RPM_EVR.matcher(version).matches()) {
      throw new InvalidVersionException(VersionScheme.RPM, String.valueOf(version),
          "not [epoch:]version[-release]");
    }
    int colon = version.indexOf(':');
    int hyphen = version.lastIndexOf('-');
    if (hyphen <= colon) {
      return create(VersionScheme.RPM, version, () -> new RpmVersion(version), () -> null);
    }
    String epochVersion = version.substring(0, hyphen);
    return create(VersionScheme.RPM, version, () -> new RpmVersion(version),
        () -> new RpmVersion(epochVersion));
  }

  static VersatileVersion maven(String version) {
    if (version == null || version.isBlank()) {
      throw new InvalidVersionException(VersionScheme.MAVEN, String.valueOf(version),
          "version is empty");
    }
    return create(VersionScheme.MAVEN, version, () -> new MavenVersion(version));
  }

  /** npm and OSV {@code SEMVER}: strict SemVer 2.0.0, build metadata ignored. */
  static VersatileVersion semver(VersionScheme scheme, String version) {
    if (version == null || !SEMVER.matcher(version).matches()) {
      throw new InvalidVersionException(scheme, String.valueOf(version),
          "not a SemVer 2.0.0 version");
    }
    String bare = version.startsWith("v") ? version.substring(1) : version;
    return create(scheme, version, () -> new NpmVersion(bare));
  }

  /**
   * Go module versions ({@code v1.2.3}, pseudo-versions, {@code +incompatible}) and OSV's Go
   * versions without {@code v} ({@code 1.22.0-0}); Go's {@code v1.2} shorthand is read as
   * {@code v1.2.0}.
   */
  static VersatileVersion go(String version) {
    if (version == null || version.isBlank()) {
      throw new InvalidVersionException(VersionScheme.GO, String.valueOf(version),
          "version is empty");
    }
    return create(VersionScheme.GO, version, () -> new GoVersion(version));
  }

  private interface Factory {
    Version create();
  }

  private static VersatileVersion create(VersionScheme scheme, String text, Factory factory) {
    return create(scheme, text, factory, () -> null);
  }

  private static VersatileVersion create(VersionScheme scheme, String text, Factory factory,
      Factory withoutRelease) {
    try {
      return new VersatileVersion(scheme, text, factory.create(), withoutRelease.create());
    } catch (RuntimeException e) {
      // versatile's InvalidVersionException, semver4j's SemverException, number overflows
      throw new InvalidVersionException(scheme, text, String.valueOf(e.getMessage()));
    }
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public int compareTo(ParsedVersion other) {
    VersatileVersion that = (VersatileVersion) other;
    if (that.scheme != scheme) {
      throw new IllegalArgumentException("cannot compare a " + scheme.displayName()
          + " version with a " + that.scheme.displayName() + " version");
    }
    if (scheme == VersionScheme.RPM && (withoutRelease == null) != (that.withoutRelease == null)) {
      Version mine = withoutRelease == null ? delegate : withoutRelease;
      Version theirs = that.withoutRelease == null ? that.delegate : that.withoutRelease;
      int c = mine.compareTo(theirs);
      return c != 0 ? c : (withoutRelease == null ? -1 : 1);
    }
    return delegate.compareTo(that.delegate);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersatileVersion && ((VersatileVersion) o).scheme == scheme
        && compareTo((VersatileVersion) o) == 0;
  }

  @Override
  public int hashCode() {
    return scheme.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
