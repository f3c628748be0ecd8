package dev.scangate.evaluations;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.scangate.attestations.Attestations;
import dev.scangate.images.ImageDetail;
import dev.scangate.images.ImageService;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import dev.scangate.policy.input.AttestationFacts;
import dev.scangate.policy.input.ComponentFacts;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.ImageFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.input.SbomFacts;
import dev.scangate.policy.input.ScanFacts;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds the policy input for an image digest from what scangate recorded: the image config, the
 * latest successful scan of the digest, its SBOM components (with their licences), the entries
 * its SBOM records as skipped, its findings, and the image's attestations (each verified again).
 */
@Component
class PolicyInputs {

  /** A built input and the scan it came from (null when the image was never scanned). */
  record Built(PolicyInput input, UUID scanId) {
  }

  private final JdbcClient jdbc;
  private final ImageService images;
  private final Attestations attestations;
  private final ObjectProvider<ScanFindings> findings;

  PolicyInputs(JdbcClient jdbc, ImageService images, Attestations attestations,
      ObjectProvider<ScanFindings> findings) {
    this.jdbc = jdbc;
    this.images = images;
    this.attestations = attestations;
    this.findings = findings;
  }

  Built build(ImageTarget target, String environment, Instant now) {
    Optional<ImageDetail> detail = images.find(target.digest());
    String[] platform = detail.map(d -> d.image().platform()).orElse("").split("/");
    ImageFacts image = new ImageFacts(target.requested(), target.digest(),
        target.pinned().repository(), target.pinned().registry(),
        detail.map(ImageDetail::labels).orElse(Map.of()), platform.length > 0 ? platform[0] : "",
        platform.length > 1 ? platform[1] : "", detail.map(ImageDetail::user).orElse(null),
        detail.map(ImageDetail::created).orElse(null));
    Optional<LatestScan> scan = latestScan(target.digest());
    ScanFacts scanFacts = null;
    List<FindingFacts> found = List.of();
    SbomFacts sbom = SbomFacts.EMPTY;
    UUID scanId = null;
    if (scan.isPresent()) {
      scanId = scan.get().id();
      ScanFindings source = findings.getObject();
      scanFacts = new ScanFacts(scan.get().finishedAt(), source.scannersOf(scanId),
          unknowns(scanId));
      found = source.findingsOf(scanId);
      sbom = new SbomFacts(components(scanId));
    }
    List<AttestationFacts> attested = attestations.check(target.digest()).stream()
        .map(c -> new AttestationFacts(c.predicateType(), c.verified())).toList();
    return new Built(new PolicyInput(image, scanFacts, found, sbom, attested, environment, now),
        scanId);
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
