package dev.scangate.jobs;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/** A claimed job as its handler sees it. */
public final class JobContext {

  private final Job job;
  private final AtomicBoolean cancelRequested = new AtomicBoolean();
  private final AtomicBoolean leaseLost = new AtomicBoolean();

  JobContext(Job job) {
    this.job = job;
  }

  public long jobId() {
    return job.id();
  }

  public UUID subjectId() {
    return job.subjectId();
  }

  /** 1 for the first attempt. */
  public int attempt() {
    return job.attempts();
  }

  public int maxAttempts() {
    return job.maxAttempts();
  }

  UUID leaseToken() {
    return job.leaseToken();
  }

  Job job() {
    return job;
  }

  void requestCancel() {
    cancelRequested.set(true);
  }

  void loseLease() {
    leaseLost.set(true);
  }

  boolean isCancelRequested() {
    return cancelRequested.get();
  }

  boolean isLeaseLost() {
    return leaseLost.get();
  }

  /** Stops the job between steps when it was cancelled or another worker took it over. */
  public void checkCancelled() {
    if (leaseLost.get()) {
      throw new JobCancelledException("lease lost: another worker took over job " + job.id());
    }
    if (cancelRequested.get() || Thread.currentThread().isInterrupted()) {
      throw new JobCancelledException("cancelled");
    }
  }
}
