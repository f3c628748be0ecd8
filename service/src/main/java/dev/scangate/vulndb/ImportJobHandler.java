package dev.scangate.vulndb;

import dev.scangate.jobs.JobContext;
import dev.scangate.jobs.JobHandler;
import dev.scangate.jobs.JobQueue;
import dev.scangate.jobs.Priority;
import dev.scangate.jobs.WorkerProperties;
import dev.scangate.osv.ImportIssue;
import dev.scangate.osv.ImportSummary;
import dev.scangate.osv.ImportedRecord;
import dev.scangate.osv.OsvArchiveReader;
import dev.scangate.osv.OsvImportSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs {@code vulndb-import} jobs: reads the source one entry at a time and stores each valid
 * record in its own statement (whole or not at all), newer versions replacing older ones and
 * unchanged ones skipped. When the import changed advisories, the same transaction that ends it
 * enqueues the re-match of the stored SBOMs they touch.
 */
@Component
class ImportJobHandler implements JobHandler {

  private static final Logger log = LoggerFactory.getLogger(ImportJobHandler.class);
  private static final int MAX_ISSUES = 1000;

  private final JdbcClient jdbc;
  private final AdvisoryStore store;
  private final Advisories advisories;
  private final VulndbImports imports;
  private final VulndbProperties properties;
  private final JobQueue queue;
  private final WorkerProperties worker;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final OsvArchiveReader reader = new OsvArchiveReader();
  private final HttpClient http;

  ImportJobHandler(JdbcClient jdbc, AdvisoryStore store, Advisories advisories,
      VulndbImports imports, VulndbProperties properties, JobQueue queue,
      WorkerProperties worker, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.store = store;
    this.advisories = advisories;
    this.imports = imports;
    this.properties = properties;
    this.queue = queue;
    this.worker = worker;
    this.tx = tx;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public String kind() {
    return VulndbImports.JOB_KIND;
  }

  @Override
  public void started(JobContext job) {
    jdbc.sql("update vulndb_imports set status = 'RUNNING', started_at = :now, error = null"
        + " where id = :id").param("now", Timestamp.from(clock.instant()))
        .param("id", job.subjectId()).update();
  }

  @Override
  public void run(JobContext job) throws Exception {
    UUID id = job.subjectId();
    Map<String, Object> row = jdbc.sql("select source, kind, location, upload_name from"
        + " vulndb_imports where id = :id").param("id", id).query().singleRow();
    String source = (String) row.get("source");
    ImportKind kind = ImportKind.valueOf((String) row.get("kind"));
    String location = (String) row.get("location");
    Sink sink = new Sink(job, source, id);
    ImportSummary summary;
    switch (kind) {
      case UPLOAD:
        byte[] bytes = jdbc.sql("select upload_bytes from vulndb_imports where id = :id")
            .param("id", id).query(byte[].class).single();
        if (bytes.length >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
          summary = reader.readZip(new ByteArrayInputStream(bytes), sink);
        } else {
          summary = reader.readJson((String) row.get("upload_name"), bytes, sink);
        }
        break;
      case URL:
        Path spool = download(imports.allowedUrl(location), id);
        try {
          summary = reader.readZip(spool, sink);
        } finally {
          Files.deleteIfExists(spool);
        }
        break;
      case DIRECTORY:
        summary = reader.readDirectory(Path.of(location), sink);
        break;
      case ZIP:
        Path file = Path.of(location);
        summary = isZip(file) ? reader.readZip(file, sink) : reader.readFile(file, sink);
        break;
      default:
        throw new IllegalStateException("import kind " + kind);
    }
    finish(id, source, summary, sink);
    log.info("import {} of {}: {} entries, {} added, {} updated, {} unchanged, {} withdrawn,"
        + " {} skipped{}", id, source, summary.entries(), sink.added, sink.updated,
        sink.unchanged, sink.withdrawn, summary.skipped(),
        summary.complete() ? "" : " (source incomplete)");
  }

  private void finish(UUID id, String source, ImportSummary summary, Sink sink) {
    Instant now = clock.instant();
    boolean changed = tx.execute(status -> {
      jdbc.sql("""
              update vulndb_imports set status = 'SUCCEEDED', finished_at = :now,
                     entries = :entries, added = :added, updated = :updated,
                     unchanged = :unchanged, withdrawn = :withdrawn, skipped = :skipped,
                     complete = :complete, issues = :issues, issue_count = :issueCount,
                     upload_bytes = null
               where id = :id""")
          .param("now", Timestamp.from(now)).param("entries", summary.entries())
          .param("added", sink.added).param("updated", sink.updated)
          .param("unchanged", sink.unchanged).param("withdrawn", sink.withdrawn)
          .param("skipped", summary.skipped()).param("complete", summary.complete())
          .param("issues", VulndbImports.JSON.writeValueAsString(sink.issues))
          .param("issueCount", sink.issueCount).param("id", id).update();
      jdbc.sql("update vulndb_sources set last_import_id = :id, last_success = :now"
          + " where name = :source").param("id", id).param("now", Timestamp.from(now))
          .param("source", source).update();
      // rows this import changed, even by an earlier attempt of the same job
      boolean any = jdbc.sql("select exists (select 1 from advisories where import_id = :id)")
          .param("id", id).query(Boolean.class).single();
      if (any) {
        queue.enqueue(VulndbImports.REMATCH_JOB_KIND, id, Priority.LOW, worker.maxAttempts());
      }
      return any;
    });
    if (changed) {
      // this instance matches with the new records at once; others notice the table changed
      advisories.index();
    }
  }

  @Override
  public boolean retryable(Exception failure) {
    return failure instanceof IOException;
  }

  @Override
  public void failed(JobContext job, String error) {
    jdbc.sql("update vulndb_imports set status = 'FAILED', finished_at = :now, error = :error,"
        + " upload_bytes = null where id = :id").param("now", Timestamp.from(clock.instant()))
        .param("error", error).param("id", job.subjectId()).update();
  }

  @Override
  public void retrying(JobContext job, String error) {
    jdbc.sql("update vulndb_imports set status = 'QUEUED', error = :error where id = :id")
        .param("error", error).param("id", job.subjectId()).update();
  }

  /** Downloads a zip to the spool directory, refusing more than the configured size. */
  private Path download(URI uri, UUID id) throws IOException, InterruptedException {
    Files.createDirectories(properties.spoolDirectory());
    Path spool = properties.spoolDirectory().resolve("import-" + id + ".zip");
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri)
        .timeout(properties.readTimeout()).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("downloading " + uri + ": HTTP " + response.statusCode());
      }
      long limit = properties.maxDownloadSize().toBytes();
      long total = 0;
      byte[] buffer = new byte[64 * 1024];
      try (OutputStream out = Files.newOutputStream(spool)) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          total += n;
          if (total > limit) {
            throw new DownloadTooLargeException("downloading " + uri + ": more than " + limit
                + " bytes (scangate.vulndb.max-download-size)");
          }
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(spool);
      throw e;
    }
    return spool;
  }

  private static boolean isZip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(2);
      return head.length == 2 && head[0] == 'P' && head[1] == 'K';
    }
  }

  /** A download over the size limit: not worth another attempt. */
  static final class DownloadTooLargeException extends RuntimeException {
    DownloadTooLargeException(String message) {
      super(message);
    }
  }

  /** Stores each record as it is read and collects the issues. */
  private final class Sink implements OsvImportSink {
    final JobContext job;
    final String source;
    final UUID importId;
    final List<ImportView.Issue> issues = new ArrayList<>();
    int issueCount;
    int added;
    int updated;
    int unchanged;
    int withdrawn;
    int seen;

    Sink(JobContext job, String source, UUID importId) {
      this.job = job;
      this.source = source;
      this.importId = importId;
    }

    @Override
    public void record(ImportedRecord record) {
      if (++seen % 500 == 0) {
        job.checkCancelled();
      }
      switch (store.apply(record, source, importId, clock.instant())) {
        case ADDED:
          added++;
          break;
        case UPDATED:
          updated++;
          break;
        case WITHDRAWN:
          withdrawn++;
          break;
        default:
          unchanged++;
          break;
      }
    }

    @Override
    public void issue(ImportIssue issue) {
      issueCount++;
      if (issues.size() < MAX_ISSUES) {
        issues.add(new ImportView.Issue(issue.entry(), issue.kind().name(), issue.reason()));
      }
    }
  }
}
