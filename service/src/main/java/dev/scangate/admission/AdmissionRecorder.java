package dev.scangate.admission;

import dev.scangate.audit.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes admission decisions worth keeping (denials, warn and audit verdicts, exemptions,
 * break-glass) to {@code admission_decisions}, off the request path: the answer to Kubernetes
 * never waits on this write. Decisions wait in a bounded queue; when it is full they are dropped
 * and counted ({@code scangate.admission.records.dropped}) rather than slowing admission.
 *
 * <p>A break-glass decision is written in one transaction with its {@code admission.break-glass}
 * audit event, whose actor is the Kubernetes user ({@code k8s:<userInfo.username>}).
 */
@Component
class AdmissionRecorder implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AdmissionRecorder.class);
  private static final int BATCH = 200;

  record Pending(UUID id, Instant at, AdmissionRequest request, AdmissionDecision decision) {}

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final TransactionTemplate tx;
  private final AuditLog audit;
  private final BlockingQueue<Pending> queue;
  /** Queued or being written: what {@link #flush()} waits for. */
  private final java.util.concurrent.atomic.AtomicInteger unwritten =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Counter dropped;
  private final Counter written;
  private volatile boolean running;
  private Thread writer;

  AdmissionRecorder(JdbcClient jdbc, JsonMapper json, TransactionTemplate tx, AuditLog audit,
      AdmissionProperties properties, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.json = json;
    this.tx = tx;
    this.audit = audit;
    this.queue = new ArrayBlockingQueue<>(properties.recordQueueSize());
    this.dropped = meters.counter("scangate.admission.records.dropped");
    this.written = meters.counter("scangate.admission.records.written");
  }

  void record(AdmissionRequest request, AdmissionDecision decision, Instant at) {
    if (queue.offer(new Pending(UUID.randomUUID(), at, request, decision))) {
      unwritten.incrementAndGet();
    } else {
      dropped.increment();
    }
  }

  /** Writes what is queued now; for shutdown and tests. */
  void flush() {
    List<Pending> batch = new ArrayList<>();
    while (queue.drainTo(batch, BATCH) > 0) {
      try {
        write(batch);
      } finally {
        unwritten.addAndGet(-batch.size());
        batch.clear();
      }
    }
    // A batch the writer thread took before this call may still be on its way.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (unwritten.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(500, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        write(batch);
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException e) {
        log.warn("Writing {} admission decisions failed; they are lost: {}", batch.size(),
            e.getMessage());
        dropped.increment(batch.size());
      } finally {
        unwritten.addAndGet(-batch.size());
        batch.clear();
      }
    }
  }

  private void write(List<Pending> batch) {
    for (Pending p : batch) {
      if (p.decision().breakGlass() == null) {
        insert(p);
      } else {
        tx.executeWithoutResult(status -> {
          insert(p);
          recordBreakGlass(p);
        });
      }
      written.increment();
    }
  }

  /** The audit actor of a Kubernetes user, kept apart from scangate's own token and users. */
  static String actor(String kubernetesUser) {
    return "k8s:" + (kubernetesUser == null || kubernetesUser.isBlank() ? "unknown"
        : kubernetesUser);
  }

  private void recordBreakGlass(Pending p) {
    AdmissionRequest r = p.request();
    AdmissionDecision d = p.decision();
    List<Map<String, Object>> images = new ArrayList<>();
    for (AdmissionDecision.ImageVerdict v : d.images()) {
      images.add(AuditLog.details("image", v.image(), "digest", v.digest(),
          "allowedByPolicy", v.allowed(), "reason", v.reason()));
    }
    audit.recordAs(actor(r.user()), "admission.break-glass", "admission-decision",
        p.id().toString(), AuditLog.details("username", r.user(), "namespace", r.namespace(),
            "object", r.object(), "kind", r.kind(), "name", r.name(),
            "operation", r.operation(), "requestUid", r.uid(),
            "environment", d.environment(), "reason", d.breakGlass().reason(),
            "expires", d.breakGlass().expires().toString(), "images", images));
  }

  private void insert(Pending p) {
    AdmissionRequest r = p.request();
    AdmissionDecision d = p.decision();
    jdbc.sql("""
        insert into admission_decisions (id, decided_at, request_uid, environment, mode,
            namespace, kind, name, operation, username, allowed, policy_allows, exempt,
            break_glass_reason, break_glass_expires, message, images)
        values (:id, :at, :uid, :environment, :mode, :namespace, :kind, :name, :operation,
            :username, :allowed, :policyAllows, :exempt, :breakGlassReason, :breakGlassExpires,
            :message, cast(:images as jsonb))
        """)
        .param("id", p.id())
        .param("at", Timestamp.from(p.at()))
        .param("uid", r.uid())
        .param("environment", d.environment())
        .param("mode", d.mode().name())
        .param("namespace", r.namespace())
        .param("kind", r.kind())
        .param("name", r.name())
        .param("operation", r.operation())
        .param("username", r.user())
        .param("allowed", d.allowed())
        .param("policyAllows", d.policyAllows())
        .param("exempt", d.exempt())
        .param("breakGlassReason", d.breakGlass() == null ? null : d.breakGlass().reason())
        .param("breakGlassExpires", d.breakGlass() == null ? null
            : Timestamp.from(d.breakGlass().expires()))
        .param("message", d.message())
        .param("images", json.writeValueAsString(d.images()))
        .update();
  }

  @Override
  public void start() {
    running = true;
    writer = new Thread(this::run, "scangate-admission-recorder");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void stop() {
    running = false;
    if (writer != null) {
      writer.interrupt();
      try {
        writer.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("Writing admission decisions at shutdown failed: {}", e.getMessage());
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
