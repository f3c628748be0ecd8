package dev.scangate.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims jobs from the {@link JobQueue} and runs them on a bounded pool, extending each claim by
 * heartbeat. Present when {@code scangate.worker.enabled} is true, so the same jar runs as an
 * API-only, worker-only or combined instance.
 */
@Component
@ConditionalOnProperty(name = "scangate.worker.enabled", havingValue = "true", matchIfMissing = true)
class Worker implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private final JobQueue queue;
  private final MeterRegistry meters;
  private final WorkerProperties properties;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Map<String, JobHandler> handlers;
  private final Semaphore slots;
  private final Set<Running> running = ConcurrentHashMap.newKeySet();
  private final Object wakeup = new Object();
  private volatile boolean active;
  private ExecutorService pool;
  private ScheduledExecutorService heartbeats;
  private Thread poller;

  Worker(JobQueue queue, WorkerProperties properties, TransactionTemplate tx, Clock clock,
      List<JobHandler> handlers, MeterRegistry meters) {
    this.meters = meters;
    this.queue = queue;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
    this.handlers = byKind(handlers);
    this.slots = new Semaphore(properties.concurrency());
  }

  static Map<String, JobHandler> byKind(List<JobHandler> handlers) {
    Map<String, JobHandler> map = new HashMap<>();
    for (JobHandler handler : handlers) {
      JobHandler previous = map.put(handler.kind(), handler);
      if (previous != null) {
        throw new IllegalStateException("two job handlers for kind '" + handler.kind() + "': "
            + previous.getClass().getName() + " and " + handler.getClass().getName());
      }
    }
    return Map.copyOf(map);
  }

  /** A job was enqueued in this instance: look for work once its transaction committed. */
  @TransactionalEventListener(fallbackExecution = true)
  void onEnqueued(JobQueue.Enqueued event) {
    wakeUp();
  }

  /** Looks for work now instead of at the next poll. */
  void wakeUp() {
    synchronized (wakeup) {
      wakeup.notifyAll();
    }
  }

  @Override
  public void start() {
    active = true;
    pool = Executors.newFixedThreadPool(properties.concurrency(), named("scangate-job"));
    heartbeats = Executors.newSingleThreadScheduledExecutor(named("scangate-heartbeat"));
    poller = named("scangate-poller").newThread(this::poll);
    poller.start();
    log.info("worker {} started: concurrency {}, lease {}, kinds {}", properties.id(),
        properties.concurrency(), properties.lease(), handlers.keySet());
  }

  @Override
  public void stop() {
    active = false;
    wakeUp();
    poller.interrupt();
    pool.shutdown();
    try {
      if (!pool.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        for (Running r : running) {
          r.stopping = true;
          r.thread.interrupt();
        }
        pool.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    heartbeats.shutdownNow();
    log.info("worker {} stopped", properties.id());
  }

  @Override
  public boolean isRunning() {
    return active;
  }

  @Override
  public int getPhase() {
    // Stop before the web server and the DataSource go away.
    return Integer.MAX_VALUE - 100;
  }

  private void poll() {
    List<String> kinds = new ArrayList<>(handlers.keySet());
    while (active) {
      try {
        slots.acquire();
        Optional<Job> claimed;
        try {
          claimed = active ? queue.claim(kinds, properties.id(), properties.lease())
              : Optional.empty();
        } catch (RuntimeException e) {
          slots.release();
          log.warn("claiming a job failed: {}", e.toString());
          idle();
          continue;
        }
        if (claimed.isPresent()) {
          Job job = claimed.get();
          pool.execute(() -> {
            try {
              execute(job);
            } finally {
              slots.release();
            }
          });
        } else {
          slots.release();
          idle();
        }
      } catch (InterruptedException e) {
        if (!active) {
          return;
        }
      }
    }
  }

  private void idle() throws InterruptedException {
    synchronized (wakeup) {
      if (active) {
        wakeup.wait(properties.pollInterval().toMillis());
      }
    }
  }

  private void execute(Job job) {
    JobHandler handler = handlers.get(job.kind());
    JobContext context = new JobContext(job);
    Running current = new Running(Thread.currentThread());
    running.add(current);
    Duration every = properties.lease().dividedBy(3);
    ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(() -> beat(job, context, current),
        every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    log.debug("job {} ({} {}) attempt {}/{}", job.id(), job.kind(), job.subjectId(),
        job.attempts(), job.maxAttempts());
    Exception failure = null;
    long started = System.nanoTime();
    try {
      tx.executeWithoutResult(s -> handler.started(context));
      handler.run(context);
      context.checkCancelled();
    } catch (Exception e) {
      failure = e;
    } finally {
      beat.cancel(false);
      running.remove(current);
      Thread.interrupted();
    }
    String outcome = finish(job, handler, context, current, failure);
    Timer.builder("scangate.jobs").description("Job attempts by kind and outcome")
        .tag("kind", job.kind()).tag("outcome", outcome).register(meters)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  private void beat(Job job, JobContext context, Running current) {
    try {
      switch (queue.heartbeat(job, properties.lease())) {
        case OK -> { }
        case CANCEL_REQUESTED -> {
          if (!context.isCancelRequested()) {
            context.requestCancel();
            current.thread.interrupt();
          }
        }
        case LEASE_LOST -> {
          log.warn("job {} lease lost; abandoning it to the worker that took it over", job.id());
          context.loseLease();
          current.thread.interrupt();
        }
      }
    } catch (RuntimeException e) {
      // The database may be briefly unreachable; the lease still runs until it expires.
      log.warn("heartbeat of job {} failed: {}", job.id(), e.toString());
    }
  }

  /** Records the attempt's outcome; returns it as a metric tag. */
  private String finish(Job job, JobHandler handler, JobContext context, Running current,
      Exception failure) {
    if (context.isLeaseLost()) {
      return "lease_lost";
    }
    try {
      if (current.stopping) {
        if (queue.release(job)) {
          log.info("job {} handed back to the queue at shutdown", job.id());
        }
        return "released";
      }
      if (failure == null) {
        tx.executeWithoutResult(s -> {
          if (queue.succeed(job)) {
            handler.succeeded(context);
          }
        });
        return "succeeded";
      } else if (context.isCancelRequested()) {
        tx.executeWithoutResult(s -> {
          if (queue.cancelled(job)) {
            handler.cancelled(context);
          }
        });
        return "cancelled";
      } else {
        String error = describe(failure);
        boolean again = handler.retryable(failure) && job.attempts() < job.maxAttempts();
        if (again) {
          Duration wait = properties.backoffAfter(job.attempts());
          log.info("job {} attempt {}/{} failed, retrying in {}: {}", job.id(), job.attempts(),
              job.maxAttempts(), wait, error);
          tx.executeWithoutResult(s -> {
            if (queue.retry(job, error, clock.instant().plus(wait))) {
              handler.retrying(context, error);
            }
          });
          return "retrying";
        } else {
          log.info("job {} failed after {} attempt(s): {}", job.id(), job.attempts(), error);
          tx.executeWithoutResult(s -> {
            if (queue.fail(job, error)) {
              handler.failed(context, error);
            }
          });
          return "failed";
        }
      }
    } catch (RuntimeException e) {
      // Could not record the outcome (database down): the lease expires and the job is retried.
      log.error("recording the outcome of job {} failed; it will be reclaimed after its lease",
          job.id(), e);
      return "unrecorded";
    }
  }

  private static String describe(Exception failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static final class Running {
    final Thread thread;
    volatile boolean stopping;

    Running(Thread thread) {
      this.thread = thread;
    }
  }
}
