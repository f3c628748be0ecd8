package dev.scangate.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The scan workers of this instance.
 *
 * @param enabled run workers here; false makes an API-only instance
 * @param concurrency jobs run at once by this instance
 * @param lease how long a claim lasts without a heartbeat; a dead worker's job is reclaimed after it
 * @param pollInterval how often an idle worker looks for jobs
 * @param maxAttempts attempts before a job that keeps failing ends FAILED
 * @param retryBackoff wait before the second attempt; doubles each attempt
 * @param maxRetryBackoff longest wait between attempts
 * @param shutdownGrace how long a stopping worker waits for running jobs before handing them back
 * @param id this worker's name in the queue (default host name and process id)
 */
@ConfigurationProperties("scangate.worker")
public record WorkerProperties(Boolean enabled, Integer concurrency, Duration lease,
    Duration pollInterval, Integer maxAttempts, Duration retryBackoff, Duration maxRetryBackoff,
    Duration shutdownGrace, String id) {

  public WorkerProperties {
    enabled = enabled == null || enabled;
    concurrency = concurrency == null ? 2 : concurrency;
    lease = lease == null ? Duration.ofSeconds(60) : lease;
    pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
    maxAttempts = maxAttempts == null ? 5 : maxAttempts;
    retryBackoff = retryBackoff == null ? Duration.ofSeconds(10) : retryBackoff;
    maxRetryBackoff = maxRetryBackoff == null ? Duration.ofMinutes(10) : maxRetryBackoff;
    shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(20) : shutdownGrace;
    if (concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException("scangate.worker.concurrency must be 1-64, got "
          + concurrency);
    }
    if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
      throw new IllegalArgumentException("scangate.worker.lease must be at least 3s, got " + lease);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("scangate.worker.max-attempts must be >= 1");
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("scangate.worker.poll-interval must be positive");
    }
    if (id == null || id.isBlank()) {
      id = ProcessHandle.current().pid() + "@" + hostName();
    }
  }

  /** Wait before attempt {@code attempt + 1}. */
  Duration backoffAfter(int attempt) {
    Duration d = retryBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    return d.compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff : d;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }
}
