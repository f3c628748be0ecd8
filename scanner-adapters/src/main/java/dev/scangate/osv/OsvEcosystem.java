package dev.scangate.osv;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code affected[].package.ecosystem} string read as a family and, for distributions, the
 * release it is scoped to (OSV schema, "Defined ecosystems").
 *
 * <pre>{@code
 * OsvEcosystem.parse("Debian:12");                            // DEBIAN, release "12"
 * OsvEcosystem.parse("Ubuntu:Pro:18.04:LTS");                 // UBUNTU, release "18.04"
 * OsvEcosystem.parse("Alpine:v3.18");                         // ALPINE, release "3.18"
 * OsvEcosystem.parse("Red Hat:enterprise_linux:9::appstream"); // RED_HAT, release "9"
 * OsvEcosystem.parse("Red Hat:rhel_eus:9.2::baseos");         // RED_HAT, release "9.2"
 * OsvEcosystem.parse("Maven:https://maven.google.com");       // MAVEN, no release
 * OsvEcosystem.parse("crates.io");                            // empty: not matched by scangate
 * }</pre>
 *
 * <p>Red Hat records are scoped to a product stream by a CPE suffix; only the RHEL streams
 * ({@code enterprise_linux}, {@code rhel_eus}, {@code rhel_aus}, {@code rhel_tus},
 * {@code rhel_e4s}, {@code rhel_els}) describe the packages of a RHEL or UBI image, so other
 * products (OpenShift, Software Collections, ...) are not matched.
 *
 * @param ecosystem the string as written
 * @param family which ecosystem
 * @param release the release for distributions ({@code 12}, {@code 22.04}, {@code 3.18},
 *     {@code 9}, {@code 9.2}); null when the record applies to every release or the ecosystem
 *     has none
 */
public record OsvEcosystem(String ecosystem, EcosystemFamily family, String release) {

  private static final Pattern UBUNTU_RELEASE = Pattern.compile("\\d{2}\\.\\d{2}");
  private static final Pattern ALPINE_RELEASE = Pattern.compile("v(\\d+\\.\\d+)");
  private static final Set<String> RHEL_STREAMS = Set.of("enterprise_linux", "rhel_eus",
      "rhel_aus", "rhel_tus", "rhel_e4s", "rhel_els");

  /** The ecosystem, or empty when scangate does not match it. */
  public static Optional<OsvEcosystem> parse(String ecosystem) {
    if (ecosystem == null) {
      return Optional.empty();
    }
    int colon = ecosystem.indexOf(':');
    String name = colon < 0 ? ecosystem : ecosystem.substring(0, colon);
    String suffix = colon < 0 ? null : ecosystem.substring(colon + 1);
    for (EcosystemFamily family : EcosystemFamily.values()) {
      if (family.osvName().equals(name)) {
        return release(family, suffix).map(r -> new OsvEcosystem(ecosystem, family,
            r.isEmpty() ? null : r));
      }
    }
    return Optional.empty();
  }

  /** The release of {@code suffix}: "" for none, empty when the suffix is not understood. */
  private static Optional<String> release(EcosystemFamily family, String suffix) {
    if (suffix == null || suffix.isEmpty()) {
      return Optional.of("");
    }
    switch (family) {
      case DEBIAN:
      case ROCKY_LINUX:
      case ALMALINUX:
        // Debian:12, Debian:sid, Rocky Linux:8, AlmaLinux:9
        return Optional.of(suffix);
      case UBUNTU:
        // Ubuntu:22.04:LTS, Ubuntu:Pro:18.04:LTS, Ubuntu:20.10
        for (String part : suffix.split(":")) {
          if (UBUNTU_RELEASE.matcher(part).matches()) {
            return Optional.of(part);
          }
        }
        return Optional.empty();
      case ALPINE:
        Matcher alpine = ALPINE_RELEASE.matcher(suffix);
        return alpine.matches() ? Optional.of(alpine.group(1)) : Optional.empty();
      case RED_HAT:
        // the CPE without "cpe:/o:redhat:": product:version:update:edition
        String[] cpe = suffix.split(":", -1);
        if (cpe.length < 2 || !RHEL_STREAMS.contains(cpe[0]) || cpe[1].isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(cpe[1]);
      case MAVEN:
        // Maven:<repository URL>: the same coordinates
        return Optional.of("");
      default:
        // npm, PyPI and Go have no suffixes
        return Optional.empty();
    }
  }

  /**
   * The part of the release an index is keyed by: the major release for Debian and the Red Hat
   * family (a 9.2 stream is looked up under 9, then checked by {@link #appliesTo}).
   */
  String indexRelease() {
    return release == null ? null : DistroRelease.indexRelease(family, release);
  }

  /** Whether a record of this ecosystem applies to an image of {@code distro}'s release. */
  boolean appliesTo(DistroRelease distro) {
    if (release == null) {
      return true;
    }
    if (distro == null || distro.family() != family) {
      return false;
    }
    if (family == EcosystemFamily.RED_HAT && release.contains(".")) {
      // an EUS/AUS stream: that minor release only
      return release.equals(DistroRelease.majorMinor(distro.release()));
    }
    return DistroRelease.indexRelease(family, release).equals(distro.indexRelease());
  }
}
