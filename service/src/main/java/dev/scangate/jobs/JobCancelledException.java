package dev.scangate.jobs;

/** Thrown inside a job when cancellation was requested or its lease was lost. */
public class JobCancelledException extends RuntimeException {

  public JobCancelledException(String message) {
    super(message);
  }
}
