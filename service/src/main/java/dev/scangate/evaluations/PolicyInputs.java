package dev.scangate.evaluations;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.scangate.attestations.Attestations;
import dev.scangate.images.ImageDetail;
import dev.scangate.images.ImageRecord;
import dev.scangate.images.ImageService;
import dev.scangate.policy.input.AttestationFacts;
import dev.scangate.policy.input.ComponentFacts;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.ImageFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.input.SbomFacts;
import dev.scangate.policy.input.ScanFacts;
import dev.scangate.policy.input.ScannerFacts;
import dev.scangate.registry.FetchedManifest;
import dev.scangate.registry.MediaTypes;
import dev.scangate.registry.RegistryAccessPolicy;
import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds the policy input for an image digest from what scangate recorded: the image config, the
 * latest successful scan of the digest, its SBOM components (with their licences), the entries
 * its SBOM records as skipped, its findings, and the image's attestations (each verified again).
 *
 * <p>An image index (OCI index or Docker manifest list) has no scan of its own: scans are of one
 * platform's manifest. It is evaluated as the union of its platforms (the entries with a known
 * platform that are image manifests; BuildKit's {@code unknown/unknown} attestation manifests and
 * other artifacts are not platforms): the latest successful scan of each, their findings listed
 * once per vulnerability and package, their SBOM components and scanners, the oldest of their
 * scan times and the sum of their unknowns. When one platform has no successful scan the index
 * counts as not scanned. Its {@code os} and {@code arch} are empty; labels, user and creation
 * time are the first platform's (in index order).
 */
@Component
class PolicyInputs {

  private static final Logger log = LoggerFactory.getLogger(PolicyInputs.class);

  /**
   * A built input and what it came from.
   *
   * @param scanIds the scans the findings came from: one for an image, one per platform for a
   *     scanned index, none when the image (or a platform of the index) has no successful scan
   * @param platforms for an index, each platform with its latest successful scan (null scan when
   *     it has none); empty for a single-platform image
   */
  record Built(PolicyInput input, List<UUID> scanIds, List<PlatformScan> platforms) {

    Built {
      scanIds = List.copyOf(scanIds);
      platforms = List.copyOf(platforms);
    }

    boolean index() {
      return !platforms.isEmpty();
    }

    /** The scan of a single-platform image; null for an index or an image never scanned. */
    UUID scanId() {
      return index() || scanIds.isEmpty() ? null : scanIds.get(0);
    }

    List<PlatformScan> unscanned() {
      return platforms.stream().filter(p -> p.scanId() == null).toList();
    }
  }

  /** A platform of an index and its latest successful scan (both null when it has none). */
  record PlatformScan(String platform, String digest, UUID scanId, Instant finishedAt) {
  }

  private final JdbcClient jdbc;
  private final ImageService images;
  private final Attestations attestations;
  private final ObjectProvider<ScanFindings> findings;
  private final RegistryClient registry;
  private final RegistryAccessPolicy access;

  PolicyInputs(JdbcClient jdbc, ImageService images, Attestations attestations,
      ObjectProvider<ScanFindings> findings, RegistryClient registry,
      RegistryAccessPolicy access) {
    this.jdbc = jdbc;
    this.images = images;
    this.attestations = attestations;
    this.findings = findings;
    this.registry = registry;
    this.access = access;
  }

  Built build(ImageTarget target, String environment, Instant now) {
    Optional<ImageDetail> detail = images.find(target.digest());
    if (detail.isEmpty()) {
      detail = recordIndexFromRegistry(target);
    }
    List<ImageDetail.Child> platforms = detail.map(PolicyInputs::platformsOf).orElse(List.of());
    List<AttestationFacts> attested = attestations.check(target.digest()).stream()
        .map(c -> new AttestationFacts(c.predicateType(), c.verified())).toList();
    if (!platforms.isEmpty()) {
      return buildIndex(target, platforms, attested, environment, now);
    }
    String[] platform = detail.map(d -> d.image().platform()).orElse("").split("/");
    ImageFacts image = imageFacts(target, detail, platform.length > 0 ? platform[0] : "",
        platform.length > 1 ? platform[1] : "");
    Optional<LatestScan> scan = latestScan(target.digest());
    if (scan.isEmpty()) {
      return new Built(new PolicyInput(image, null, List.of(), SbomFacts.EMPTY, attested,
          environment, now), List.of(), List.of());
    }
    UUID scanId = scan.get().id();
    ScanFindings source = findings.getObject();
    ScanFacts scanFacts = new ScanFacts(scan.get().finishedAt(), source.scannersOf(scanId),
        unknowns(scanId));
    return new Built(new PolicyInput(image, scanFacts, source.findingsOf(scanId),
        new SbomFacts(components(scanId)), attested, environment, now), List.of(scanId),
        List.of());
  }

  private Built buildIndex(ImageTarget target, List<ImageDetail.Child> children,
      List<AttestationFacts> attested, String environment, Instant now) {
    ImageFacts image = imageFacts(target, images.find(children.get(0).digest()), "", "");
    List<PlatformScan> platforms = new ArrayList<>();
    for (ImageDetail.Child child : children) {
      Optional<LatestScan> scan = latestScan(child.digest());
      platforms.add(new PlatformScan(child.platform(), child.digest(),
          scan.map(LatestScan::id).orElse(null), scan.map(LatestScan::finishedAt).orElse(null)));
    }
    if (platforms.stream().anyMatch(p -> p.scanId() == null)) {
      return new Built(new PolicyInput(image, null, List.of(), SbomFacts.EMPTY, attested,
          environment, now), List.of(), platforms);
    }
    ScanFindings source = findings.getObject();
    Map<String, FindingFacts> found = new LinkedHashMap<>();
    Set<ComponentFacts> components = new LinkedHashSet<>();
    Set<ScannerFacts> scanners = new LinkedHashSet<>();
    Instant oldest = null;
    int unknowns = 0;
    for (PlatformScan p : platforms) {
      for (FindingFacts f : source.findingsOf(p.scanId())) {
        found.putIfAbsent(f.id() + " " + f.pkg().purl(), f);
      }
      components.addAll(components(p.scanId()));
      scanners.addAll(source.scannersOf(p.scanId()));
      oldest = oldest == null || p.finishedAt().isBefore(oldest) ? p.finishedAt() : oldest;
      unknowns += unknowns(p.scanId());
    }
    ScanFacts scanFacts = new ScanFacts(oldest, List.copyOf(scanners), unknowns);
    return new Built(new PolicyInput(image, scanFacts, List.copyOf(found.values()),
        new SbomFacts(List.copyOf(components)), attested, environment, now),
        platforms.stream().map(PlatformScan::scanId).toList(), platforms);
  }

  private static ImageFacts imageFacts(ImageTarget target, Optional<ImageDetail> detail,
      String os, String arch) {
    return new ImageFacts(target.requested(), target.digest(), target.pinned().repository(),
        target.pinned().registry(), detail.map(ImageDetail::labels).orElse(Map.of()), os, arch,
        detail.map(ImageDetail::user).orElse(null), detail.map(ImageDetail::created).orElse(null));
  }

  /** The platforms of an index: entries that are image manifests of a known platform. */
  private static List<ImageDetail.Child> platformsOf(ImageDetail detail) {
    if (!MediaTypes.isIndex(detail.image().mediaType()) || detail.children() == null) {
      return List.of();
    }
    return detail.children().stream().filter(PolicyInputs::isPlatform).toList();
  }

  /**
   * Whether an index entry is a platform's image: an image manifest with a platform, other than
   * the {@code unknown/unknown} entries BuildKit adds for its attestation manifests.
   */
  static boolean isPlatform(ImageDetail.Child entry) {
    return entry.platform() != null && !entry.platform().startsWith("unknown/")
        && MediaTypes.isImageManifest(entry.mediaType());
  }

  /**
   * A digest scangate never saw may be an index whose platforms were scanned by their own
   * digests: asks the registry, and records an index so that the image view lists its children.
   * A registry that cannot answer leaves the digest unknown (evaluated as never scanned).
   */
  private Optional<ImageDetail> recordIndexFromRegistry(ImageTarget target) {
    Optional<FetchedManifest> fetched;
    try {
      access.checkAllowed(target.pinned());
      fetched = registry.fetchManifestIfExists(target.pinned());
    } catch (RegistryException e) { // including a registry not allowed
      log.info("checking whether {} is an image index: {}", target.pinned(), e.getMessage());
      return Optional.empty();
    }
    if (fetched.isEmpty() || !fetched.get().isIndex()) {
      return Optional.empty();
    }
    FetchedManifest index = fetched.get();
    List<ImageRecord.Child> children = index.index().manifests().stream()
        .map(d -> new ImageRecord.Child(d.digest().toString(), d.mediaType(), d.size(),
            d.platform() == null ? null : d.platform().toString()))
        .toList();
    images.record(new ImageRecord(index.digest().toString(), index.mediaType(), index.size(),
        null, null, null, null, null, null, children, null), target.pinned().name());
    return images.find(target.digest());
  }

  private record LatestScan(UUID id, Instant finishedAt) {
  }

  private Optional<LatestScan> latestScan(String digest) {
    return jdbc.sql("""
            select id, finished_at from scans
             where digest = :digest and status = 'SUCCEEDED' and finished_at is not null
             order by finished_at desc, id limit 1""")
        .param("digest", digest)
        .query((rs, n) -> new LatestScan(rs.getObject("id", UUID.class),
            rs.getTimestamp("finished_at").toInstant())).optional();
  }

  private List<ComponentFacts> components(UUID scanId) {
    return jdbc.sql("""
            select c.purl, c.name, c.version, c.type, c.licenses from sbom_components c
              join sboms s on s.id = c.sbom_id
             where s.scan_id = :scan order by c.position""")
        .param("scan", scanId)
        .query((rs, n) -> new ComponentFacts(rs.getString("purl"), rs.getString("name"),
            rs.getString("version"), type(rs.getString("purl"), rs.getString("type")),
            List.of((String[]) rs.getArray("licenses").getArray()))).list();
  }

  /**
   * A component's type as findings give their package's: the purl type ({@code deb},
   * {@code maven}, …), so that one rule can compare {@code c.type} and {@code f.pkg.type}; the
   * stored package type in lower case when the purl does not parse.
   */
  private static String type(String purl, String stored) {
    try {
      return new PackageURL(purl).getType();
    } catch (MalformedPackageURLException | RuntimeException e) {
      return stored == null ? "" : stored.toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What the scan's SBOM records as skipped: files the catalogers found but could not read,
   * layer entries the extractor refused, and components of a Syft or uploaded SBOM that could
   * not be used. The catalog stage reports the same count as "N files skipped".
   */
  private int unknowns(UUID scanId) {
    return jdbc.sql("""
            select count(*) from sbom_skipped_files f join sboms s on s.id = f.sbom_id
             where s.scan_id = :scan""")
        .param("scan", scanId).query(Integer.class).single();
  }
}
