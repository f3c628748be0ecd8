package dev.scangate.findings;

import dev.scangate.image.ImageReference;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.Page;
import dev.scangate.platform.ProblemType;
import dev.scangate.sboms.SbomService;
import dev.scangate.vuln.Cvss;
import dev.scangate.vuln.FindingMerger;
import dev.scangate.vuln.MatchException;
import dev.scangate.vuln.MatchInput;
import dev.scangate.vuln.MatchResult;
import dev.scangate.vuln.Matcher;
import dev.scangate.vuln.MatcherRegistry;
import dev.scangate.vuln.MergeResult;
import dev.scangate.vuln.MergedFinding;
import dev.scangate.vuln.PackageKey;
import dev.scangate.vuln.ScannerInfo;
import dev.scangate.vuln.Severity;
import dev.scangate.vulndb.OsvFindingMatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Matches a scan's SBOM with every configured matcher, merges their results into one finding per
 * vulnerability and package ({@link FindingMerger}) and stores them; answers queries on them.
 * A matcher that fails is recorded on the scan next to the ones that succeeded; the scan goes on.
 * The normalized results of the external scanners are kept, so a re-match after an import merges
 * them with a fresh OSV result without running the scanners again.
 */
@Service
public class FindingsService {

  private static final Logger log = LoggerFactory.getLogger(FindingsService.class);
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;
  private final MatcherRegistry matchers;
  private final SbomService sboms;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final FindingMerger merger = new FindingMerger();

  FindingsService(JdbcClient jdbc, MatcherRegistry matchers, SbomService sboms,
      TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.matchers = matchers;
    this.sboms = sboms;
    this.tx = tx;
    this.clock = clock;
  }

  /** One matcher's outcome in a scan. */
  private record Outcome(String name, ScannerInfo info, MatchResult result, String error) {
  }

  /**
   * Runs every matcher over the scan's stored SBOM and stores the merged findings, replacing
   * those of an earlier attempt.
   *
   * @param image the scanned image, pinned by digest (Grype and Trivy are told about it)
   * @return a short description for the scan's stage list
   */
  public String matchScan(UUID scanId, ImageReference image) throws IOException {
    SbomService.StoredCatalog sbom = sboms.catalog(scanId).orElseThrow(
        () -> new IllegalStateException("scan " + scanId + " has no SBOM to match"));
    List<Outcome> outcomes = new ArrayList<>();
    Path file = null;
    try {
      for (Matcher matcher : matchers.matchers()) {
        MatchInput input;
        if (matcher instanceof OsvFindingMatcher) {
          input = MatchInput.ofCatalog(sbom.catalog(), image);
        } else {
          if (file == null) {
            file = Files.createTempFile("scangate-sbom-", ".cdx.json");
            Files.write(file, sbom.cycloneDxJson());
          }
          input = MatchInput.ofSbom(file, image).withCatalog(sbom.catalog());
        }
        outcomes.add(run(matcher, input));
      }
    } finally {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    }
    MergeResult merged = merge(outcomes);
    tx.executeWithoutResult(s -> store(scanId, sbom.imageDigest(), merged, outcomes));
    return describe(merged, outcomes);
  }

  private Outcome run(Matcher matcher, MatchInput input) {
    try {
      MatchResult result = matcher.match(input);
      return new Outcome(matcher.id(), result.scanner(), result, null);
    } catch (MatchException | RuntimeException e) {
      // partial failure is data: the scan records it and goes on with the other matchers
      log.warn("matcher {} failed: {}", matcher.id(), e.getMessage());
      return new Outcome(matcher.id(), new ScannerInfo(matcher.id(), null, null, null), null,
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  private MergeResult merge(List<Outcome> outcomes) {
    List<MatchResult> results = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      if (outcome.result() != null) {
        results.add(outcome.result());
      }
    }
    return merger.merge(results);
  }

  /**
   * Matches the latest SBOM of an image again with the current OSV database, merged with the
   * stored results of the external scanners of that scan; the scan's findings are replaced.
   *
   * @return whether the findings changed (a vulnerability/package pair appeared or went away)
   */
  boolean rematch(UUID scanId) {
    Optional<SbomService.StoredCatalog> sbom = sboms.catalog(scanId);
    if (sbom.isEmpty()) {
      return false;
    }
    Matcher osv = matchers.find(dev.scangate.osv.OsvMatcher.ID).orElseThrow();
    List<Outcome> outcomes = new ArrayList<>();
    outcomes.add(run(osv, MatchInput.ofCatalog(sbom.get().catalog(), null)));
    jdbc.sql("select * from scan_scanners where scan_id = :scan and name <> :osv"
            + " order by position").param("scan", scanId).param("osv", osv.id())
        .query((rs, n) -> {
          String result = rs.getString("result");
          ScannerInfo info = new ScannerInfo(rs.getString("name"), rs.getString("tool_version"),
              rs.getString("db_version"), instant(rs, "db_built_at"));
          return new Outcome(rs.getString("name"), info, result == null ? null
              : JSON.readValue(result, MatchResult.class), rs.getString("error"));
        }).list().forEach(outcomes::add);
    MergeResult merged = merge(outcomes);
    return Boolean.TRUE.equals(tx.execute(s -> {
      Set<String> before = keys(scanId);
      store(scanId, sbom.get().imageDigest(), merged, outcomes);
      return !before.equals(keys(scanId));
    }));
  }

  private Set<String> keys(UUID scanId) {
    return new LinkedHashSet<>(jdbc.sql("select package_key || ' ' || vulnerability_id from"
        + " findings where scan_id = :scan order by 1").param("scan", scanId)
        .query(String.class).list());
  }

  private void store(UUID scanId, String digest, MergeResult merged, List<Outcome> outcomes) {
    Instant now = clock.instant();
    jdbc.sql("delete from findings where scan_id = :scan").param("scan", scanId).update();
    jdbc.sql("delete from scan_scanners where scan_id = :scan").param("scan", scanId).update();
    int position = 0;
    for (Outcome outcome : outcomes) {
      boolean external = !dev.scangate.osv.OsvMatcher.ID.equals(outcome.name());
      jdbc.sql("""
              insert into scan_scanners (scan_id, position, name, tool_version, db_version,
                                         db_built_at, status, error, findings, result,
                                         matched_at)
              values (:scan, :position, :name, :tool, :db, :built, :status, :error, :findings,
                      :result, :now)""")
          .param("scan", scanId).param("position", position++).param("name", outcome.name())
          .param("tool", outcome.info().toolVersion()).param("db", outcome.info().dbVersion())
          .param("built", outcome.info().dbBuiltAt() == null ? null
              : Timestamp.from(outcome.info().dbBuiltAt()))
          .param("status", outcome.result() == null ? "FAILED" : "SUCCEEDED")
          .param("error", outcome.error())
          .param("findings", outcome.result() == null ? 0 : outcome.result().findings().size())
          .param("result", external && outcome.result() != null
              ? JSON.writeValueAsString(outcome.result()) : null)
          .param("now", Timestamp.from(now)).update();
    }
    for (MergedFinding finding : merged.findings()) {
      String key = PackageKey.of(finding.pkg()).toString();
      List<String> ids = new ArrayList<>();
      ids.add(finding.id());
      ids.addAll(finding.aliases());
      String[] idArray = ids.toArray(new String[0]);
      Timestamp seen = jdbc.sql("""
              select min(first_seen) from finding_first_seen
               where image_digest = :digest and package_key = :key
                 and vulnerability_id = any(:ids)""")
          .param("digest", digest).param("key", key).param("ids", idArray)
          .query(Timestamp.class).optional().orElse(null);
      Timestamp firstSeen = seen == null ? Timestamp.from(now) : seen;
      jdbc.sql("""
              insert into finding_first_seen (image_digest, package_key, vulnerability_id,
                                              first_seen)
              select :digest, :key, id, :seen from unnest(:ids) as id
              on conflict do nothing""")
          .param("digest", digest).param("key", key).param("seen", firstSeen)
          .param("ids", idArray).update();
      Cvss rating = finding.rating();
      Double score = null;
      if (rating != null) {
        score = rating.computedBaseScore().isPresent() ? rating.computedBaseScore().getAsDouble()
            : rating.baseScore();
      }
      jdbc.sql("""
              insert into findings (scan_id, image_digest, vulnerability_id, aliases, severity,
                                    severity_source, cvss_score, cvss_vector, package_purl,
                                    package_name, package_version, package_type, package_key,
                                    fixed_versions, fix_state, fix_available, scanners, title,
                                    first_seen)
              values (:scan, :digest, :id, :aliases, :severity, :source, :score, :vector, :purl,
                      :name, :version, :type, :key, :fixed, :fixState, :fixable, :scanners,
                      :title, :seen)""")
          .param("scan", scanId).param("digest", digest).param("id", finding.id())
          .param("aliases", finding.aliases().toArray(new String[0]))
          .param("severity", finding.severity().name())
          .param("source", finding.severitySource().name()).param("score", score)
          .param("vector", rating == null ? null : rating.vector())
          .param("purl", finding.pkg().purl()).param("name", finding.pkg().name())
          .param("version", finding.pkg().version()).param("type", finding.pkg().type())
          .param("key", key).param("fixed", finding.fixedVersions().toArray(new String[0]))
          .param("fixState", finding.fixState().name()).param("fixable", finding.fixable())
          .param("scanners", finding.reportedBy().toArray(new String[0]))
          .param("title", finding.title()).param("seen", firstSeen).update();
    }
  }

  private static String describe(MergeResult merged, List<Outcome> outcomes) {
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (MergedFinding finding : merged.findings()) {
      counts.merge(finding.severity(), 1, Integer::sum);
    }
    StringJoiner scanners = new StringJoiner(", ");
    for (Outcome outcome : outcomes) {
      scanners.add(outcome.result() == null ? outcome.name() + " failed" : outcome.info().label());
    }
    StringJoiner bySeverity = new StringJoiner(", ");
    counts.forEach((severity, n) -> bySeverity.add(n + " "
        + severity.name().toLowerCase(Locale.ROOT)));
    return merged.findings().size() + " findings" + (counts.isEmpty() ? ""
        : " (" + bySeverity + ")") + " from " + scanners;
  }

  /** The severity counts of a scan's findings; empty when nothing was matched. */
  public Optional<ScanFindings.Summary> summary(UUID scanId) {
    boolean matched = jdbc.sql("select exists (select 1 from scan_scanners where scan_id = :scan)")
        .param("scan", scanId).query(Boolean.class).single();
    if (!matched) {
      return Optional.empty();
    }
    Map<String, Object> row = jdbc.sql("""
            select count(*) filter (where severity = 'CRITICAL') as critical,
                   count(*) filter (where severity = 'HIGH') as high,
                   count(*) filter (where severity = 'MEDIUM') as medium,
                   count(*) filter (where severity in ('LOW', 'NEGLIGIBLE')) as low,
                   count(*) filter (where severity = 'UNKNOWN') as unknown
              from findings where scan_id = :scan""").param("scan", scanId).query().singleRow();
    return Optional.of(new ScanFindings.Summary(((Number) row.get("critical")).longValue(),
        ((Number) row.get("high")).longValue(), ((Number) row.get("medium")).longValue(),
        ((Number) row.get("low")).longValue(), ((Number) row.get("unknown")).longValue()));
  }

  /** The matchers of a scan, in the order they ran. */
  public List<ScanFindings.ScannerView> scanners(UUID scanId) {
    return jdbc.sql("select * from scan_scanners where scan_id = :scan order by position")
        .param("scan", scanId)
        .query((rs, n) -> new ScanFindings.ScannerView(rs.getString("name"),
            rs.getString("tool_version"), rs.getString("db_version"), instant(rs, "db_built_at"),
            rs.getString("status"), rs.getString("error"), rs.getInt("findings")))
        .list();
  }

  /** Filters of the findings list; null means no filter. */
  record Filter(List<Severity> severities, Boolean fixable, String scanner, String pkg) {
  }

  /** Parses the query parameters of the findings list, or throws a 400 naming the bad one. */
  Filter filter(String severity, String fixable, String scanner, String pkg) {
    List<Severity> severities = null;
    if (severity != null && !severity.isBlank()) {
      severities = new ArrayList<>();
      for (String part : severity.split(",")) {
        try {
          severities.add(Severity.valueOf(part.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new ApiException(ProblemType.VALIDATION_FAILED, "severity: \"" + part.strip()
              + "\" is not one of critical, high, medium, low, negligible, unknown (several"
              + " separated by commas)", Map.of("field", "severity", "input", severity));
        }
      }
    }
    Boolean fix = null;
    if (fixable != null && !fixable.isBlank()) {
      if (fixable.equalsIgnoreCase("true")) {
        fix = Boolean.TRUE;
      } else if (fixable.equalsIgnoreCase("false")) {
        fix = Boolean.FALSE;
      } else {
        throw new ApiException(ProblemType.VALIDATION_FAILED, "fixable: \"" + fixable
            + "\" is not true or false", Map.of("field", "fixable", "input", fixable));
      }
    }
    String chosenScanner = null;
    if (scanner != null && !scanner.isBlank()) {
      chosenScanner = scanner.strip().toLowerCase(Locale.ROOT);
      if (!List.of("osv", "grype", "trivy").contains(chosenScanner)) {
        throw new ApiException(ProblemType.VALIDATION_FAILED, "scanner: \"" + scanner
            + "\" is not one of osv, grype, trivy", Map.of("field", "scanner", "input",
            scanner));
      }
    }
    String chosenPackage = pkg == null || pkg.isBlank() ? null : pkg.strip();
    return new Filter(severities, fix, chosenScanner, chosenPackage);
  }

  /** Every finding of a scan, worst first: what its scan-result attestation lists. */
  public List<FindingView> all(UUID scanId) {
    return jdbc.sql("""
            select * from findings where scan_id = :scan
             order by case severity when 'CRITICAL' then 0 when 'HIGH' then 1
                      when 'MEDIUM' then 2 when 'LOW' then 3 when 'NEGLIGIBLE' then 4 else 5 end,
                      package_name, package_version, vulnerability_id""")
        .param("scan", scanId).query(FindingsService::view).list();
  }

  /** A page of a scan's findings, worst first. */
  Page<FindingView> findings(UUID scanId, Filter filter, int page, int size) {
    Page.validate(page, size);
    String where = """
        where scan_id = :scan
          and (cast(:severities as text[]) is null or severity = any(cast(:severities as text[])))
          and (cast(:fixable as boolean) is null or fix_available = cast(:fixable as boolean))
          and (cast(:scanner as text) is null or cast(:scanner as text) = any(scanners))
          and (cast(:pkg as text) is null
               or strpos(lower(package_name), lower(cast(:pkg as text))) > 0
               or strpos(lower(coalesce(package_purl, '')), lower(cast(:pkg as text))) > 0)""";
    String[] severities = filter.severities() == null ? null
        : filter.severities().stream().map(Enum::name).toArray(String[]::new);
    long total = jdbc.sql("select count(*) from findings " + where).param("scan", scanId)
        .param("severities", severities).param("fixable", filter.fixable())
        .param("scanner", filter.scanner()).param("pkg", filter.pkg())
        .query(Long.class).single();
    List<FindingView> items = jdbc.sql("select * from findings " + where + """

             order by case severity when 'CRITICAL' then 0 when 'HIGH' then 1
                      when 'MEDIUM' then 2 when 'LOW' then 3 when 'NEGLIGIBLE' then 4 else 5 end,
                      package_name, package_version, vulnerability_id
             limit :size offset :offset""")
        .param("scan", scanId).param("severities", severities)
        .param("fixable", filter.fixable()).param("scanner", filter.scanner())
        .param("pkg", filter.pkg()).param("size", size).param("offset", (long) page * size)
        .query(FindingsService::view).list();
    return new Page<>(items, page, size, total);
  }

  static FindingView view(ResultSet rs, int row) throws SQLException {
    Object score = rs.getObject("cvss_score");
    String vector = rs.getString("cvss_vector");
    return new FindingView(rs.getString("vulnerability_id"), strings(rs, "aliases"),
        rs.getString("severity"), rs.getString("severity_source"),
        score == null && vector == null ? null
            : new FindingView.CvssView(score == null ? null : ((Number) score).doubleValue(),
                vector),
        new FindingView.PackageView(rs.getString("package_purl"), rs.getString("package_name"),
            rs.getString("package_version"), rs.getString("package_type")),
        strings(rs, "fixed_versions"), rs.getBoolean("fix_available"),
        strings(rs, "scanners"), rs.getString("title"), instant(rs, "first_seen"));
  }

  static List<String> strings(ResultSet rs, String column) throws SQLException {
    java.sql.Array array = rs.getArray(column);
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
