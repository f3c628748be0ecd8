package dev.scangate.scans;

import dev.scangate.attestations.Attestations;
import dev.scangate.findings.FindingsService;
import dev.scangate.audit.AuditLog;
import dev.scangate.image.ImageReference;
import dev.scangate.image.InvalidReferenceException;
import dev.scangate.image.Platform;
import dev.scangate.jobs.JobQueue;
import dev.scangate.jobs.Priority;
import dev.scangate.jobs.WorkerProperties;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import dev.scangate.registry.RegistryAccessPolicy;
import dev.scangate.registry.RegistryNotAllowedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts scan requests and tracks scans. A request joins the active scan of the same image and
 * platform instead of enqueuing another, and a digest scanned successfully within the reuse
 * window is answered with that scan.
 */
@Service
public class ScanService {

  static final String JOB_KIND = "scan";
  private static final String ALL = "all";

  private final ScanRepository scans;
  private final JobQueue queue;
  private final RegistryAccessPolicy access;
  private final ScanProperties properties;
  private final WorkerProperties worker;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Attestations attestations;
  private final FindingsService findings;
  private final AuditLog audit;

  ScanService(ScanRepository scans, JobQueue queue, RegistryAccessPolicy access,
      ScanProperties properties, WorkerProperties worker, TransactionTemplate tx, Clock clock,
      MeterRegistry meters, Attestations attestations, FindingsService findings,
      AuditLog audit) {
    this.findings = findings;
    this.audit = audit;
    this.meters = meters;
    this.attestations = attestations;
    this.scans = scans;
    this.queue = queue;
    this.access = access;
    this.properties = properties;
    this.worker = worker;
    this.tx = tx;
    this.clock = clock;
  }

  /** What a submission did: started a scan, joined an active one, or reused a fresh result. */
  public enum Outcome { CREATED, JOINED, REUSED }

  /** A submitted scan and how it came about. */
  public record Submission(ScanView scan, Outcome outcome) {
  }

  /** Validates and submits a request; throws {@link ApiException} for bad input. */
  public Submission submit(String image, String platform, String priority) {
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (InvalidReferenceException e) {
      throw new ApiException(ProblemType.INVALID_REFERENCE, "image: " + e.getMessage(),
          Map.of("input", image, "field", "image"));
    }
    String platformKey = platformKey(platform);
    Priority chosen = priority(priority);
    try {
      access.checkAllowed(reference);
    } catch (RegistryNotAllowedException e) {
      throw new ApiException(ProblemType.REGISTRY_NOT_ALLOWED, "image: " + e.getMessage(),
          Map.of("input", image, "registry", reference.registry()));
    }
    Submission submission = submit(image, reference, platformKey, chosen);
    meters.counter("scangate.scans.submitted", "outcome",
        submission.outcome().name().toLowerCase(Locale.ROOT)).increment();
    return submission;
  }

  /**
   * Parses a reference that must be pinned by digest (SBOM uploads, promotions), or throws a 400
   * naming the rule.
   */
  public static ImageReference parseDigestReference(String image) {
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (InvalidReferenceException e) {
      throw new ApiException(ProblemType.INVALID_REFERENCE, "image: " + e.getMessage(),
          Map.of("input", String.valueOf(image), "field", "image"));
    }
    if (reference.digest() == null) {
      throw new ApiException(ProblemType.INVALID_REFERENCE, "image: \"" + image
          + "\" must be pinned by digest (e.g. " + reference.name() + "@sha256:<hex>)",
          Map.of("input", image, "field", "image"));
    }
    return reference;
  }

  /**
   * Creates a scan of an uploaded SBOM: the image is not pulled. {@code storeSbom} stores the
   * SBOM for the new scan id in the same transaction that creates the scan and its job.
   */
  public Submission submitUploaded(ImageReference reference, String platform,
      java.util.function.Consumer<UUID> storeSbom) {
    String platformKey = platformKey(platform);
    UUID id = UUID.randomUUID();
    Scan created = tx.execute(s -> {
      Scan scan = new Scan(id, reference.toString(), reference.toString(), reference.registry(),
          reference.repository(), reference.tag(), reference.digest().toString(), platformKey,
          Priority.HIGH, "upload:" + id, clock.instant());
      scan.fromUploadedSbom();
      scans.saveAndFlush(scan);
      storeSbom.accept(id);
      queue.enqueue(JOB_KIND, id, Priority.HIGH, worker.maxAttempts());
      audit.record("scan.requested", "scan", id.toString(), Map.of("image",
          reference.toString(), "platform", platformKey, "priority", Priority.HIGH.name(),
          "source", "sbom-upload"));
      return scan;
    });
    meters.counter("scangate.scans.submitted", "outcome", "uploaded").increment();
    return new Submission(view(created), Outcome.CREATED);
  }

  /** Enqueues the scan of one child of an index (platform "all"), joining an active one. */
  void submitChild(UUID parent, ImageReference child, String platform) {
    Priority priority = scans.findById(parent).map(Scan::priority).orElse(Priority.NORMAL);
    Submission submission = submit(child.toString(), child, platform, priority);
    tx.executeWithoutResult(s -> scans.link(parent, submission.scan().id()));
  }

  private Submission submit(String requested, ImageReference reference, String platformKey,
      Priority priority) {
    String dedupeKey = (reference.digest() != null ? reference.name() + "@" + reference.digest()
        : reference.toString()) + "|" + platformKey;
    for (int attempt = 0; attempt < 5; attempt++) {
      if (reference.digest() != null && !properties.reuseWindow().isZero()) {
        Instant since = clock.instant().minus(properties.reuseWindow());
        Optional<Scan> fresh = scans.findFresh(reference.digest().toString(), platformKey, since);
        if (fresh.isPresent()) {
          return new Submission(view(fresh.get()), Outcome.REUSED);
        }
      }
      Optional<Scan> active = scans.findActive(dedupeKey);
      if (active.isPresent()) {
        queue.raisePriority(active.get().id(), priority);
        return new Submission(view(active.get()), Outcome.JOINED);
      }
      try {
        Scan created = tx.execute(s -> {
          Scan scan = new Scan(UUID.randomUUID(), requested, reference.toString(),
              reference.registry(), reference.repository(), reference.tag(),
              reference.digest() == null ? null : reference.digest().toString(), platformKey,
              priority, dedupeKey, clock.instant());
          scans.saveAndFlush(scan);
          queue.enqueue(JOB_KIND, scan.id(), priority, worker.maxAttempts());
          audit.record("scan.requested", "scan", scan.id().toString(), Map.of("image",
              requested, "platform", platformKey, "priority", priority.name()));
          return scan;
        });
        return new Submission(view(created), Outcome.CREATED);
      } catch (DataIntegrityViolationException e) {
        // Another request created the active scan for this key between our check and insert.
      }
    }
    throw new IllegalStateException("could not submit a scan of " + reference
        + " after repeated conflicts");
  }

  public Optional<ScanView> find(UUID id) {
    return scans.findById(id).map(this::view);
  }

  /** Cancels a queued or running scan. */
  public ScanView cancel(UUID id) {
    Scan scan = scans.findById(id).orElseThrow(() -> notFound(id));
    if (!scan.status().active()) {
      throw new ApiException(ProblemType.CONFLICT, "scan " + id + " already ended "
          + scan.status() + "; only QUEUED or RUNNING scans can be cancelled");
    }
    tx.executeWithoutResult(s -> {
      if (queue.cancel(id) == JobQueue.CancelOutcome.CANCELLED) {
        scans.findById(id).ifPresent(current -> current.cancel(clock.instant()));
      }
      audit.record("scan.cancelled", "scan", id.toString(),
          Map.of("image", scan.reference(), "status", scan.status().name()));
    });
    return find(id).orElseThrow();
  }

  static ApiException notFound(UUID id) {
    return new ApiException(ProblemType.NOT_FOUND, "no scan with id " + id);
  }

  void markResolved(UUID id, String digest, String indexDigest) {
    tx.executeWithoutResult(s -> scans.findById(id).ifPresent(
        scan -> scan.resolved(digest, indexDigest)));
  }

  void recordStage(UUID id, Scan.Stage stage) {
    tx.executeWithoutResult(s -> scans.findById(id).ifPresent(scan -> scan.addStage(stage)));
  }

  Optional<Scan> load(UUID id) {
    return scans.findById(id);
  }

  ScanView view(Scan scan) {
    return ScanView.of(scan, scans.findParentId(scan.id()).orElse(null),
        scans.findChildIds(scan.id()), attestations.ofScan(scan.id()),
        findings.summary(scan.id()).orElse(null), findings.scanners(scan.id()));
  }

  /** The platform column: {@code os/arch[/variant]}, or {@code all}. */
  String platformKey(String platform) {
    if (platform == null || platform.isBlank()) {
      return properties.defaultPlatform();
    }
    if (ALL.equals(platform)) {
      return ALL;
    }
    try {
      return Platform.parse(platform).toString();
    } catch (InvalidReferenceException e) {
      throw new ApiException(ProblemType.INVALID_PLATFORM, "platform: " + e.getMessage()
          + "; or \"all\" for every platform of an index",
          Map.of("input", platform, "field", "platform"));
    }
  }

  static Platform platform(String key) {
    return ALL.equals(key) ? null : Platform.parse(key);
  }

  private static Priority priority(String value) {
    if (value == null || value.isBlank()) {
      return Priority.NORMAL;
    }
    try {
      return Priority.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "priority: \"" + value
          + "\" is not one of LOW, NORMAL, HIGH", Map.of("input", value, "field", "priority"));
    }
  }

  List<UUID> children(UUID id) {
    return scans.findChildIds(id);
  }
}
