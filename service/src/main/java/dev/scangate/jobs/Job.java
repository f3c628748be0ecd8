package dev.scangate.jobs;

import java.time.Instant;
import java.util.UUID;

/** A row of the job queue. */
public record Job(long id, String kind, UUID subjectId, int priority, JobStatus status,
    int attempts, int maxAttempts, Instant runAt, String leaseOwner, UUID leaseToken,
    Instant leaseUntil, boolean cancelRequested, String lastError, Instant createdAt,
    Instant finishedAt) {
}
