package dev.scangate.findings;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.scangate.vulndb.Advisories;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** A vulnerability across images: its advisory and where the latest scans found it. */
@Service
class Vulnerabilities {

  private final JdbcClient jdbc;
  private final Advisories advisories;

  Vulnerabilities(JdbcClient jdbc, Advisories advisories) {
    this.jdbc = jdbc;
    this.advisories = advisories;
  }

  /** API shape of a vulnerability. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record VulnerabilityView(String id, List<String> aliases, Advisories.AdvisorySummary advisory,
      List<AffectedImage> images) {
  }

  /** An image whose latest scan has the vulnerability in a package. */
  record AffectedImage(String digest, String repository, FindingView.PackageView pkg,
      String severity, List<String> fixedVersions, Instant firstSeen, LatestScan latestScan) {

    @com.fasterxml.jackson.annotation.JsonProperty("package")
    @Override
    public FindingView.PackageView pkg() {
      return pkg;
    }
  }

  /** The scan the finding is from. */
  record LatestScan(UUID id, Instant finishedAt) {
  }

  Optional<VulnerabilityView> find(String id) {
    Optional<Advisories.AdvisorySummary> advisory = advisories.find(id);
    Set<String> ids = new LinkedHashSet<>();
    ids.add(id);
    advisory.ifPresent(a -> {
      ids.add(a.id());
      ids.addAll(a.aliases());
    });
    // per image digest, the latest successful scan that ran matchers
    List<AffectedImage> images = jdbc.sql("""
            with latest as (
              select distinct on (s.digest) s.id, s.digest, s.registry, s.repository,
                     s.finished_at
                from scans s
               where s.status = 'SUCCEEDED'
                 and exists (select 1 from scan_scanners x where x.scan_id = s.id)
               order by s.digest, s.finished_at desc)
            select l.id as scan_id, l.digest, l.registry, l.repository, l.finished_at, f.*
              from latest l join findings f on f.scan_id = l.id
             where f.vulnerability_id = any(:ids) or f.aliases && cast(:ids as text[])
             order by l.digest, f.package_name, f.package_version""")
        .param("ids", ids.toArray(new String[0]))
        .query((rs, n) -> new AffectedImage(rs.getString("digest"),
            rs.getString("registry") + "/" + rs.getString("repository"),
            new FindingView.PackageView(rs.getString("package_purl"),
                rs.getString("package_name"), rs.getString("package_version"),
                rs.getString("package_type")), rs.getString("severity"),
            FindingsService.strings(rs, "fixed_versions"),
            FindingsService.instant(rs, "first_seen"),
            new LatestScan(rs.getObject("scan_id", UUID.class),
                FindingsService.instant(rs, "finished_at"))))
        .list();
    if (advisory.isEmpty() && images.isEmpty()) {
      return Optional.empty();
    }
    String primary = advisory.map(Advisories.AdvisorySummary::id).orElse(id);
    ids.remove(primary);
    return Optional.of(new VulnerabilityView(primary, List.copyOf(ids), advisory.orElse(null),
        images));
  }
}
