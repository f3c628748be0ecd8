package dev.scangate.osv;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.PackageType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scangate's own matcher: finds the OSV advisories of an {@link AdvisoryIndex} that affect
 * cataloged packages.
 *
 * <pre>{@code
 * OsvMatcher matcher = new OsvMatcher(index);
 * OsvMatchReport report = matcher.match(catalog.packages(), catalog.distro().orElse(null));
 * for (OsvMatch m : report.matches()) { ... m.advisoryId(), m.purl(), m.fixedVersions() ... }
 * }</pre>
 *
 * <p>How packages meet advisories (OSV schema, "Defined ecosystems"):
 * <ul>
 *   <li>Debian and Ubuntu: by the source package ({@link CatalogedPackage#sourceName()}, else
 *       the package name) and the image's release ({@code Debian:12} is os-release
 *       {@code debian} {@code 12}; {@code Ubuntu:22.04:LTS} and {@code Ubuntu:Pro:22.04:LTS}
 *       are {@code ubuntu} {@code 22.04}), comparing the source version. A binary package
 *       named like an affected source package but built from another source does not match.
 *   <li>Alpine: by origin (the source name) and {@code v<major>.<minor>}.
 *   <li>Red Hat ({@code rhel}): by rpm name or source rpm name, as Red Hat names either, in the
 *       RHEL streams of the major release (EUS/AUS streams only their minor release); Rocky
 *       Linux and AlmaLinux by source rpm name and major release. The full
 *       {@code epoch:version-release} is compared.
 *   <li>Maven by {@code groupId:artifactId}, npm by name with scope, PyPI by the PEP 503
 *       normalized name, Go by module path (case-insensitive, as package URLs lowercase it)
 *       and {@code stdlib} for the standard library; each by the package URL's version.
 * </ul>
 * Withdrawn advisories never match. When the image's distro is not given, an OS package's
 * {@code distro} purl qualifier is used.
 *
 * <p>Thread-safe; a match is one or two hash lookups per package name plus range checks.
 */
public final class OsvMatcher {

  /** The matcher's id among scangate's matchers. */
  public static final String ID = "osv";

  private final AdvisoryIndex index;

  public OsvMatcher(AdvisoryIndex index) {
    this.index = Objects.requireNonNull(index, "index");
  }

  public String id() {
    return ID;
  }

  /**
   * The advisory database the matcher uses: record count and latest {@code modified}, e.g.
   * {@code 200000 records, modified 2024-05-20T16:03:47Z}.
   */
  public String databaseVersion() {
    return index.size() + " records, modified "
        + index.latestModified().map(Instant::toString).orElse("never");
  }

  /** {@link #match(List, Distro)} without a known distro. */
  public OsvMatchReport match(List<CatalogedPackage> packages) {
    return match(packages, null);
  }

  /**
   * @param packages what the image contains
   * @param distro the image's operating system; null when unknown
   */
  public OsvMatchReport match(List<CatalogedPackage> packages, Distro distro) {
    Optional<DistroRelease> imageRelease = DistroRelease.of(distro);
    List<OsvMatch> matches = new ArrayList<>();
    List<MatchIssue> issues = new ArrayList<>();
    Map<PackageType, List<CatalogedPackage>> withoutRelease = new EnumMap<>(PackageType.class);
    for (CatalogedPackage pkg : packages) {
      Target target;
      try {
        target = target(pkg, imageRelease);
      } catch (MalformedPackageURLException e) {
        issues.add(new MatchIssue(pkg.purl(), null, "not matched: invalid package URL: "
            + e.getMessage()));
        continue;
      }
      if (target == null) {
        withoutRelease.computeIfAbsent(pkg.type(), t -> new ArrayList<>()).add(pkg);
        continue;
      }
      if (target.version == null || target.version.isEmpty()) {
        issues.add(new MatchIssue(pkg.purl(), null, "not matched: the package has no version"));
        continue;
      }
      match(pkg, target, matches, issues);
    }
    withoutRelease.forEach((type, list) -> issues.add(new MatchIssue(list.get(0).purl(), null,
        list.size() + " " + type.purlType() + " package(s) not matched: "
            + (distro == null ? "the image's distro is not known" : "OSV has no advisories for"
            + " distro " + distro.purlQualifier()) + " (first: " + list.get(0).name() + ")")));
    return new OsvMatchReport(matches, issues);
  }

  private void match(CatalogedPackage pkg, Target target, List<OsvMatch> matches,
      List<MatchIssue> issues) {
    InstalledVersion installed = new InstalledVersion(target.version);
    Map<String, Found> found = new TreeMap<>();
    Set<IndexedAffected> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    int unchecked = 0;
    InvalidVersionException invalid = null;
    for (String name : target.names) {
      for (PackageKey key : keys(target, name)) {
        for (IndexedAffected candidate : index.candidates(key)) {
          if (!seen.add(candidate) || !candidate.ecosystem().appliesTo(target.release)) {
            continue;
          }
          RangeCheck.Result result;
          try {
            result = RangeCheck.check(candidate, installed);
          } catch (InvalidVersionException e) {
            unchecked++;
            invalid = e;
            continue;
          }
          for (String problem : result.problems()) {
            issues.add(new MatchIssue(pkg.purl(), candidate.record().id(), problem));
          }
          if (result.affected()) {
            found.computeIfAbsent(candidate.record().id(), id -> new Found(candidate))
                .add(candidate, result);
          }
        }
      }
    }
    if (invalid != null) {
      issues.add(new MatchIssue(pkg.purl(), null, invalid.getMessage() + ": " + unchecked
          + " advisory entries for " + String.join("/", target.names) + " not checked"));
    }
    for (Found f : found.values()) {
      matches.add(f.toMatch(pkg, target.version));
    }
  }

  private static List<PackageKey> keys(Target target, String name) {
    String release = target.release == null ? null : target.release.indexRelease();
    PackageKey unscoped = new PackageKey(target.family, null, name);
    return release == null ? List.of(unscoped)
        : List.of(new PackageKey(target.family, release, name), unscoped);
  }

  /** What to look up for a package: family, names, version and release. */
  private static final class Target {
    final EcosystemFamily family;
    final List<String> names;
    final String version;
    final DistroRelease release;

    Target(EcosystemFamily family, List<String> names, String version, DistroRelease release) {
      this.family = family;
      this.names = names;
      this.version = version;
      this.release = release;
    }
  }

  /** The lookup target, or null when an OS package's release is unknown. */
  private static Target target(CatalogedPackage pkg, Optional<DistroRelease> imageRelease)
      throws MalformedPackageURLException {
    PackageURL purl = new PackageURL(pkg.purl());
    switch (pkg.type()) {
      case DEB:
      case APK:
      case RPM:
        return osTarget(pkg, purl, imageRelease);
      case MAVEN:
        String group = purl.getNamespace();
        return language(EcosystemFamily.MAVEN,
            group == null ? purl.getName() : group + ":" + purl.getName(), pkg, purl);
      case NPM:
        String scope = purl.getNamespace();
        return language(EcosystemFamily.NPM,
            scope == null ? purl.getName() : scope + "/" + purl.getName(), pkg, purl);
      case PYPI:
        return language(EcosystemFamily.PYPI, purl.getName(), pkg, purl);
      case GOLANG:
        String namespace = purl.getNamespace();
        return language(EcosystemFamily.GO,
            namespace == null ? purl.getName() : namespace + "/" + purl.getName(), pkg, purl);
      default:
        throw new IllegalStateException("no OSV ecosystem for package type " + pkg.type());
    }
  }

  private static Target language(EcosystemFamily family, String name, CatalogedPackage pkg,
      PackageURL purl) {
    String version = purl.getVersion() != null ? purl.getVersion() : pkg.version();
    return new Target(family, List.of(family.normalize(name)), version, null);
  }

  private static Target osTarget(CatalogedPackage pkg, PackageURL purl,
      Optional<DistroRelease> imageRelease) {
    Optional<DistroRelease> release = imageRelease.isPresent() ? imageRelease
        : DistroRelease.ofQualifier(purl.getQualifiers() == null ? null
            : purl.getQualifiers().get("distro"));
    if (release.isEmpty() || !fits(pkg.type(), release.get().family())) {
      return null;
    }
    EcosystemFamily family = release.get().family();
    String source = pkg.sourceName() == null || pkg.sourceName().isEmpty() ? pkg.name()
        : pkg.sourceName();
    List<String> names;
    String version = pkg.version();
    switch (family) {
      case DEBIAN:
      case UBUNTU:
        // advisories name source packages and their versions
        names = List.of(source);
        if (pkg.sourceVersion() != null && !pkg.sourceVersion().isEmpty()) {
          version = pkg.sourceVersion();
        }
        break;
      case RED_HAT:
        // Red Hat names binary or source rpms: either may be the one
        names = source.equals(pkg.name()) ? List.of(source) : List.of(pkg.name(), source);
        break;
      default:
        names = List.of(source);
        break;
    }
    return new Target(family, names, version, release.get());
  }

  private static boolean fits(PackageType type, EcosystemFamily family) {
    switch (type) {
      case DEB:
        return family == EcosystemFamily.DEBIAN || family == EcosystemFamily.UBUNTU;
      case APK:
        return family == EcosystemFamily.ALPINE;
      default:
        return family == EcosystemFamily.RED_HAT || family == EcosystemFamily.ROCKY_LINUX
            || family == EcosystemFamily.ALMALINUX;
    }
  }

  /** The matching entries of one advisory for one package. */
  private static final class Found {
    private final IndexedAffected first;
    private final List<OsvRange> ranges = new ArrayList<>();
    private final List<String> fixed = new ArrayList<>();
    private boolean listed;
    private List<OsvSeverity> severity;

    Found(IndexedAffected first) {
      this.first = first;
    }

    void add(IndexedAffected entry, RangeCheck.Result result) {
      ranges.addAll(result.ranges());
      for (String f : result.fixed()) {
        if (!fixed.contains(f)) {
          fixed.add(f);
        }
      }
      listed |= result.listed();
      if (severity == null && !entry.affected().severity().isEmpty()) {
        severity = entry.affected().severity();
      }
    }

    OsvMatch toMatch(CatalogedPackage pkg, String installedVersion) {
      OsvRecord record = first.record();
      VersionScheme scheme = first.ecosystem().family().scheme();
      List<String> sortedFixed = new ArrayList<>(fixed);
      sortedFixed.sort((a, b) -> {
        try {
          return scheme.compare(a, b);
        } catch (InvalidVersionException e) {
          return a.compareTo(b);
        }
      });
      return new OsvMatch(pkg, installedVersion, record.id(), record.aliases(),
          record.upstream(), record.summary(), record.modified(), first.ecosystem().ecosystem(),
          first.affected().pkg().name(), sortedFixed, ranges, listed,
          severity != null ? severity : record.severity(), record.databaseSeverity());
    }
  }
}
