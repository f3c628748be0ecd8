package dev.scangate.osv;

import dev.scangate.catalog.Distro;
import java.util.Locale;
import java.util.Optional;

/**
 * The OSV ecosystem family and release of an image's operating system, from os-release: the
 * key that scopes Debian, Ubuntu, Alpine and Red Hat family advisories.
 *
 * @param family which distribution
 * @param release its {@code VERSION_ID} ({@code 12}, {@code 22.04}, {@code 3.18.4},
 *     {@code 9.4}); Debian testing and unstable, which have none, use the codename
 */
record DistroRelease(EcosystemFamily family, String release) {

  /** The family of an os-release {@code ID}, or empty when OSV has no ecosystem for it. */
  static Optional<DistroRelease> of(Distro distro) {
    if (distro == null) {
      return Optional.empty();
    }
    EcosystemFamily family;
    switch (distro.id().toLowerCase(Locale.ROOT)) {
      case "debian":
        family = EcosystemFamily.DEBIAN;
        break;
      case "ubuntu":
        family = EcosystemFamily.UBUNTU;
        break;
      case "alpine":
        family = EcosystemFamily.ALPINE;
        break;
      case "rhel":
        family = EcosystemFamily.RED_HAT;
        break;
      case "rocky":
        family = EcosystemFamily.ROCKY_LINUX;
        break;
      case "almalinux":
        family = EcosystemFamily.ALMALINUX;
        break;
      default:
        return Optional.empty();
    }
    String release = distro.versionId();
    if (release == null || release.isBlank()) {
      release = distro.versionCodename();
    }
    if (release == null || release.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new DistroRelease(family, release));
  }

  /**
   * A purl's {@code distro} qualifier as syft and our catalogers write it:
   * {@code <ID>-<VERSION_ID>}, e.g. {@code debian-12}, {@code alpine-3.18.4}.
   */
  static Optional<DistroRelease> ofQualifier(String qualifier) {
    if (qualifier == null) {
      return Optional.empty();
    }
    int hyphen = qualifier.lastIndexOf('-');
    if (hyphen <= 0 || hyphen == qualifier.length() - 1) {
      return Optional.empty();
    }
    return of(new Distro(qualifier.substring(0, hyphen), qualifier.substring(hyphen + 1), null,
        null, null));
  }

  String indexRelease() {
    return indexRelease(family, release);
  }

  /** Debian and the Red Hat family by major release, Ubuntu and Alpine by major.minor. */
  static String indexRelease(EcosystemFamily family, String release) {
    switch (family) {
      case UBUNTU:
      case ALPINE:
        return majorMinor(release);
      default:
        int dot = release.indexOf('.');
        return dot < 0 ? release : release.substring(0, dot);
    }
  }

  static String majorMinor(String release) {
    int first = release.indexOf('.');
    if (first < 0) {
      return release;
    }
    int second = release.indexOf('.', first + 1);
    return second < 0 ? release : release.substring(0, second);
  }
}
