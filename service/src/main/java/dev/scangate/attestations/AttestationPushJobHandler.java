package dev.scangate.attestations;

import dev.scangate.jobs.JobContext;
import dev.scangate.jobs.JobHandler;
import org.springframework.stereotype.Component;

/**
 * Runs {@code attestation-push} jobs: pushes one stored attestation or signature (the job's
 * subject) to its registry. A failed push is retried with the worker's backoff until
 * {@code scangate.signing.push-max-attempts}; then the row is marked FAILED, still stored.
 */
@Component
class AttestationPushJobHandler implements JobHandler {

  static final String KIND = "attestation-push";

  private final AttestationPusher pusher;
  private final AttestationRepository repository;

  AttestationPushJobHandler(AttestationPusher pusher, AttestationRepository repository) {
    this.pusher = pusher;
    this.repository = repository;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void run(JobContext job) {
    AttestationPusher.Outcome outcome = pusher.push(job.subjectId());
    if (!outcome.pushed()) {
      throw new PushFailedException(outcome.error());
    }
  }

  @Override
  public boolean retryable(Exception failure) {
    // The attestation is safe in PostgreSQL; any registry refusal (down, 5xx, 401/403 until the
    // operator fixes credentials) is worth another attempt later.
    return failure instanceof PushFailedException;
  }

  @Override
  public void failed(JobContext job, String error) {
    repository.markFailed(job.subjectId(), error);
  }

  /** A push the registry refused or could not take. */
  static final class PushFailedException extends RuntimeException {
    PushFailedException(String message) {
      super(message);
    }
  }
}
