package dev.scangate.jobs;

/**
 * Runs one kind of job. The queue calls {@link #run} on a worker thread while it holds the job's
 * lease, then exactly one of the outcome callbacks inside the transaction that finishes the job,
 * so a job's final state is written once even when a dead worker's job is reclaimed.
 *
 * <pre>{@code
 * @Component
 * class ScanJobHandler implements JobHandler {
 *   public String kind() { return "scan"; }
 *   public void run(JobContext job) throws Exception { ... }
 * }
 * }</pre>
 */
public interface JobHandler {

  /** The {@code kind} column this handler runs; unique across handlers. */
  String kind();

  /**
   * Does the work. Throwing marks the attempt failed; whether it is retried depends on
   * {@link #retryable(Exception)} and the attempts left. Long work should call
   * {@link JobContext#checkCancelled()} between steps.
   */
  void run(JobContext job) throws Exception;

  /** Whether a failure is worth another attempt (transient registry errors, timeouts). */
  default boolean retryable(Exception failure) {
    return false;
  }

  /** Called in the finishing transaction after {@link #run} returned. */
  default void succeeded(JobContext job) {
  }

  /** Called in the finishing transaction when the job ends FAILED (no attempts left). */
  default void failed(JobContext job, String error) {
  }

  /** Called in the transaction that schedules another attempt. */
  default void retrying(JobContext job, String error) {
  }

  /** Called in the finishing transaction when the job was cancelled. */
  default void cancelled(JobContext job) {
  }

  /** Called in the transaction that claims the job, before {@link #run}. */
  default void started(JobContext job) {
  }
}
