package dev.scangate.vulndb;

import dev.scangate.audit.AuditLog;
import dev.scangate.jobs.JobQueue;
import dev.scangate.jobs.Priority;
import dev.scangate.jobs.WorkerProperties;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts imports of OSV records (an upload, a URL, a configured source) as jobs on the job
 * queue, and reports on them and on the database.
 */
@Service
public class VulndbImports {

  static final String JOB_KIND = "vulndb-import";
  /** The job that re-matches stored SBOMs after an import changed advisories; subject: import. */
  public static final String REMATCH_JOB_KIND = "vulndb-rematch";
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;
  private final JobQueue queue;
  private final WorkerProperties worker;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final VulndbProperties properties;
  private final AdvisoryStore advisories;
  private final List<ConfiguredSource> configured;
  private final AuditLog audit;

  VulndbImports(JdbcClient jdbc, JobQueue queue, WorkerProperties worker, TransactionTemplate tx,
      Clock clock, VulndbProperties properties, AdvisoryStore advisories, AuditLog audit) {
    this.jdbc = jdbc;
    this.queue = queue;
    this.worker = worker;
    this.tx = tx;
    this.clock = clock;
    this.properties = properties;
    this.advisories = advisories;
    this.configured = ConfiguredSource.of(properties);
    this.audit = audit;
  }

  List<ConfiguredSource> configuredSources() {
    return configured;
  }

  /** Imports an OSV zip from a URL under one of the allowed prefixes. */
  public ImportView submitUrl(String url) {
    URI uri = allowedUrl(url);
    return submit(uri.toString(), ImportKind.URL, uri.toString(), null, null,
        AuditLog.currentActor());
  }

  /**
   * Imports an uploaded OSV zip or JSON document (a record or an array of records).
   *
   * @throws ApiException 400 when the body is neither a zip nor JSON
   */
  public ImportView submitUpload(String filename, byte[] body) {
    String name = filename == null || filename.isBlank() ? "upload" : filename;
    if (body.length == 0) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "file: the upload \"" + name
          + "\" is empty; expected an OSV zip (all.zip) or an OSV JSON record",
          Map.of("field", "file"));
    }
    if (!isZip(body) && !isJson(body)) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "file: the upload \"" + name
          + "\" is neither a zip (it does not start with PK\\x03\\x04) nor a JSON document;"
          + " expected an OSV zip (all.zip) or an OSV JSON record", Map.of("field", "file"));
    }
    return submit("upload", ImportKind.UPLOAD, name, name, body, AuditLog.currentActor());
  }

  /** Enqueues the import of a configured source (the scheduler). */
  ImportView submitConfigured(ConfiguredSource source) {
    return submit(source.name(), source.kind(), source.location(), null, null,
        AuditLog.SYSTEM);
  }

  private ImportView submit(String source, ImportKind kind, String location, String uploadName,
      byte[] upload, String actor) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    tx.executeWithoutResult(status -> {
      jdbc.sql("""
              insert into vulndb_imports (id, source, kind, location, status, requested_at,
                                          upload_name, upload_bytes)
              values (:id, :source, :kind, :location, 'QUEUED', :now, :name, :bytes)""")
          .param("id", id).param("source", source).param("kind", kind.name())
          .param("location", location).param("now", Timestamp.from(now))
          .param("name", uploadName).param("bytes", upload).update();
      jdbc.sql("""
              insert into vulndb_sources (name, location, scheduled) values (:name, :location,
                  :scheduled)
              on conflict (name) do update set location = excluded.location,
                  scheduled = vulndb_sources.scheduled or excluded.scheduled""")
          .param("name", source).param("location", location)
          .param("scheduled", configured.stream().anyMatch(c -> c.name().equals(source)))
          .update();
      queue.enqueue(JOB_KIND, id, Priority.NORMAL, worker.maxAttempts());
      audit.recordAs(actor, "vulndb.import-requested", "vulndb-import", id.toString(),
          AuditLog.details("source", source, "kind", kind.name().toLowerCase(Locale.ROOT),
              "location", location, "bytes", upload == null ? null : upload.length));
    });
    return find(id).orElseThrow();
  }

  /** Whether a source has an import queued or running, or one requested after {@code since}. */
  boolean recentlyImported(String source, Instant since) {
    return jdbc.sql("""
            select exists (select 1 from vulndb_imports where source = :source
                             and (status in ('QUEUED', 'RUNNING') or requested_at > :since))""")
        .param("source", source).param("since", Timestamp.from(since))
        .query(Boolean.class).single();
  }

  public Optional<ImportView> find(UUID id) {
    return jdbc.sql("select * from vulndb_imports where id = :id").param("id", id)
        .query(VulndbImports::view).optional();
  }

  /** The database: sources, advisories per ecosystem, the last import. */
  public record Overview(long advisories, List<SourceView> sources,
      List<AdvisoryStore.EcosystemCount> ecosystems, ImportView lastImport) {
  }

  /** A source and when it was last imported. */
  public record SourceView(String name, String location, boolean scheduled, UUID lastImport,
      Instant lastSuccess) {
  }

  public Overview overview() {
    Map<String, SourceView> sources = new LinkedHashMap<>();
    for (ConfiguredSource source : configured) {
      sources.put(source.name(), new SourceView(source.name(), source.location(), true, null,
          null));
    }
    jdbc.sql("select * from vulndb_sources order by name").query((rs, n) -> new SourceView(
        rs.getString("name"), rs.getString("location"),
        sources.containsKey(rs.getString("name")), rs.getObject("last_import_id", UUID.class),
        instant(rs, "last_success"))).list().forEach(s -> sources.put(s.name(), s));
    ImportView last = jdbc.sql("select * from vulndb_imports order by requested_at desc limit 1")
        .query(VulndbImports::view).optional().orElse(null);
    return new Overview(advisories.count(), new ArrayList<>(sources.values()),
        advisories.countsByEcosystem(), last);
  }

  /** Checks a URL against the allowed prefixes, or throws a 400 naming them. */
  URI allowedUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "url: is required, e.g. "
          + properties.mirrorUrl("npm"), Map.of("field", "url"));
    }
    URI uri;
    try {
      uri = new URI(url.strip()).normalize();
    } catch (URISyntaxException e) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "url: \"" + url + "\" is not a"
          + " valid URL: " + e.getReason(), Map.of("field", "url", "input", url));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
        || uri.getRawUserInfo() != null || uri.getRawPath() == null
        || uri.getRawPath().contains("/../")) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "url: \"" + url + "\" must be an"
          + " http(s) URL without user info, e.g. " + properties.mirrorUrl("npm"),
          Map.of("field", "url", "input", url));
    }
    String text = uri.toString();
    for (String prefix : properties.urlPrefixes()) {
      if (text.startsWith(prefix)) {
        return uri;
      }
    }
    throw new ApiException(ProblemType.VALIDATION_FAILED, "url: \"" + url + "\" is not under"
        + " an allowed location " + properties.urlPrefixes() + " (scangate.vulndb.mirror,"
        + " scangate.vulndb.allowed-urls)", Map.of("field", "url", "input", url));
  }

  private static boolean isZip(byte[] body) {
    return body.length >= 4 && body[0] == 'P' && body[1] == 'K'
        && (body[2] == 3 && body[3] == 4 || body[2] == 5 && body[3] == 6);
  }

  private static boolean isJson(byte[] body) {
    try {
      JSON.readTree(body);
      return true;
    } catch (JacksonException e) {
      return false;
    }
  }

  static ImportView view(ResultSet rs, int row) throws SQLException {
    List<ImportView.Issue> issues;
    try {
      issues = JSON.readValue(rs.getString("issues"), new TypeReference<List<ImportView.Issue>>() {
      });
    } catch (JacksonException e) {
      throw new IllegalStateException("issues of import " + rs.getString("id"), e);
    }
    String status = rs.getString("status");
    boolean ended = status.equals("SUCCEEDED") || status.equals("FAILED");
    Object complete = rs.getObject("complete");
    return new ImportView(rs.getObject("id", UUID.class), rs.getString("source"),
        rs.getString("kind"), rs.getString("location"), status, instant(rs, "requested_at"),
        instant(rs, "started_at"), instant(rs, "finished_at"),
        new ImportView.Counts(rs.getInt("entries"), rs.getInt("added"), rs.getInt("updated"),
            rs.getInt("unchanged"), rs.getInt("withdrawn"), rs.getInt("skipped")),
        ended ? (Boolean) complete : null, issues, rs.getInt("issue_count"),
        rs.getString("error"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
