package dev.scangate.scans;

import dev.scangate.jobs.Priority;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One run of the pipeline over one image (persistence entity, not API JSON). */
@Entity
@Table(name = "scans")
class Scan {

  @Id
  private UUID id;
  @Column(name = "requested_reference", nullable = false)
  private String requestedReference;
  @Column(nullable = false)
  private String reference;
  @Column(nullable = false)
  private String registry;
  @Column(nullable = false)
  private String repository;
  private String tag;
  @Column(name = "requested_digest")
  private String requestedDigest;
  private String digest;
  @Column(name = "index_digest")
  private String indexDigest;
  @Column(nullable = false)
  private String platform;
  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Priority priority;
  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private ScanStatus status;
  @Column(name = "dedupe_key", nullable = false)
  private String dedupeKey;
  private int attempts;
  @Column(name = "sbom_source", nullable = false)
  private String sbomSource = "CATALOG";
  private String error;
  @Column(name = "requested_at", nullable = false)
  private Instant requestedAt;
  @Column(name = "started_at")
  private Instant startedAt;
  @Column(name = "finished_at")
  private Instant finishedAt;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "scan_stages", joinColumns = @JoinColumn(name = "scan_id"))
  @OrderBy("position")
  private List<Stage> stages = new ArrayList<>();

  protected Scan() {
  }

  Scan(UUID id, String requestedReference, String reference, String registry, String repository,
      String tag, String requestedDigest, String platform, Priority priority, String dedupeKey,
      Instant requestedAt) {
    this.id = id;
    this.requestedReference = requestedReference;
    this.reference = reference;
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.requestedDigest = requestedDigest;
    this.digest = requestedDigest;
    this.platform = platform;
    this.priority = priority;
    this.status = ScanStatus.QUEUED;
    this.dedupeKey = dedupeKey;
    this.requestedAt = requestedAt;
  }

  void fromUploadedSbom() {
    sbomSource = "UPLOAD";
  }

  boolean uploadedSbom() {
    return "UPLOAD".equals(sbomSource);
  }

  void start(int attempt, Instant now) {
    status = ScanStatus.RUNNING;
    attempts = attempt;
    startedAt = now;
    finishedAt = null;
    stages.clear();
  }

  void succeed(Instant now) {
    status = ScanStatus.SUCCEEDED;
    finishedAt = now;
    error = null;
  }

  void fail(String message, Instant now) {
    status = ScanStatus.FAILED;
    finishedAt = now;
    error = message;
  }

  void retrying(String message) {
    status = ScanStatus.QUEUED;
    error = message;
  }

  void cancel(Instant now) {
    status = ScanStatus.CANCELLED;
    finishedAt = now;
    error = "cancelled";
  }

  void resolved(String digest, String indexDigest) {
    this.digest = digest;
    this.indexDigest = indexDigest;
  }

  void addStage(Stage stage) {
    stages.add(stage);
  }

  UUID id() {
    return id;
  }

  String requestedReference() {
    return requestedReference;
  }

  String reference() {
    return reference;
  }

  String repository() {
    return repository;
  }

  String registry() {
    return registry;
  }

  String tag() {
    return tag;
  }

  String requestedDigest() {
    return requestedDigest;
  }

  String digest() {
    return digest;
  }

  String indexDigest() {
    return indexDigest;
  }

  String platform() {
    return platform;
  }

  Priority priority() {
    return priority;
  }

  ScanStatus status() {
    return status;
  }

  int attempts() {
    return attempts;
  }

  String error() {
    return error;
  }

  Instant requestedAt() {
    return requestedAt;
  }

  Instant startedAt() {
    return startedAt;
  }

  Instant finishedAt() {
    return finishedAt;
  }

  List<Stage> stages() {
    return List.copyOf(stages);
  }

  /** A timed pipeline stage of the latest attempt. */
  @Embeddable
  static class Stage {
    private int position;
    private String name;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "duration_ms")
    private long durationMs;
    private String outcome;
    private String detail;

    protected Stage() {
    }

    Stage(int position, String name, Instant startedAt, long durationMs, String outcome,
        String detail) {
      this.position = position;
      this.name = name;
      this.startedAt = startedAt;
      this.durationMs = durationMs;
      this.outcome = outcome;
      this.detail = detail;
    }

    int position() {
      return position;
    }

    String name() {
      return name;
    }

    Instant startedAt() {
      return startedAt;
    }

    long durationMs() {
      return durationMs;
    }

    String outcome() {
      return outcome;
    }

    String detail() {
      return detail;
    }
  }
}
