package dev.scangate.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The PostgreSQL job queue. Workers claim with {@code FOR UPDATE SKIP LOCKED} under a lease
 * (a random token and an expiry) that they extend by heartbeat; a job whose worker died is
 * claimable again once its lease expires. Every state change after the claim is guarded by the
 * lease token, so a worker that lost its lease cannot finish a job another worker has taken.
 */
@Service
public class JobQueue {

  /** What a heartbeat learned about the job. */
  public enum Heartbeat { OK, CANCEL_REQUESTED, LEASE_LOST }

  /** What a cancellation request did. */
  public enum CancelOutcome { CANCELLED, REQUESTED, ALREADY_FINISHED, NOT_FOUND }

  /** Published when a job was enqueued, so a local worker can start it without waiting. */
  public record Enqueued(String kind) {
  }

  private final JdbcClient jdbc;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  JobQueue(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.events = events;
  }

  /** Adds a job in the caller's transaction and returns its id. */
  public long enqueue(String kind, UUID subjectId, Priority priority, int maxAttempts) {
    Instant now = clock.instant();
    events.publishEvent(new Enqueued(kind));
    return jdbc.sql("""
            insert into jobs (kind, subject_id, priority, status, max_attempts, run_at, created_at)
            values (:kind, :subject, :priority, 'QUEUED', :maxAttempts, :now, :now)
            returning id""")
        .param("kind", kind).param("subject", subjectId).param("priority", priority.weight())
        .param("maxAttempts", maxAttempts).param("now", ts(now))
        .query(Long.class).single();
  }

  /**
   * Claims the most urgent runnable job of the given kinds: queued and due, or running with an
   * expired lease. Each claim counts as an attempt.
   */
  public Optional<Job> claim(List<String> kinds, String owner, Duration lease) {
    Instant now = clock.instant();
    return jdbc.sql("""
            with next as (
                select id from jobs
                where kind in (:kinds)
                  and ((status = 'QUEUED' and run_at <= :now)
                    or (status = 'RUNNING' and lease_until < :now))
                order by priority desc, run_at, id
                for update skip locked
                limit 1)
            update jobs j
               set status = 'RUNNING', attempts = j.attempts + 1, lease_owner = :owner,
                   lease_token = :token, lease_until = :until, heartbeat_at = :now
              from next
             where j.id = next.id
            returning j.*""")
        .param("kinds", kinds).param("now", ts(now)).param("owner", owner)
        .param("token", UUID.randomUUID()).param("until", ts(now.plus(lease)))
        .query(JobQueue::map).optional();
  }

  /** Extends the lease; tells the worker when the job was cancelled or taken over. */
  public Heartbeat heartbeat(Job job, Duration lease) {
    Instant now = clock.instant();
    List<Boolean> cancel = jdbc.sql("""
            update jobs set lease_until = :until, heartbeat_at = :now
             where id = :id and lease_token = :token and status = 'RUNNING'
            returning cancel_requested""")
        .param("until", ts(now.plus(lease))).param("now", ts(now)).param("id", job.id())
        .param("token", job.leaseToken())
        .query(Boolean.class).list();
    if (cancel.isEmpty()) {
      return Heartbeat.LEASE_LOST;
    }
    return cancel.get(0) ? Heartbeat.CANCEL_REQUESTED : Heartbeat.OK;
  }

  /** Marks the job done; false when the lease was lost (then nothing is written). */
  public boolean succeed(Job job) {
    return finish(job, "SUCCEEDED", null);
  }

  public boolean fail(Job job, String error) {
    return finish(job, "FAILED", error);
  }

  public boolean cancelled(Job job) {
    return finish(job, "CANCELLED", "cancelled");
  }

  /** Puts the job back in the queue for another attempt at {@code runAt}. */
  public boolean retry(Job job, String error, Instant runAt) {
    return jdbc.sql("""
            update jobs set status = 'QUEUED', run_at = :runAt, last_error = :error,
                   lease_owner = null, lease_token = null, lease_until = null
             where id = :id and lease_token = :token and status = 'RUNNING'""")
        .param("runAt", ts(runAt)).param("error", error).param("id", job.id())
        .param("token", job.leaseToken()).update() == 1;
  }

  /**
   * Gives a job back without counting the attempt, as a worker that shuts down cleanly does, so
   * another worker starts it at once instead of waiting for the lease to expire.
   */
  public boolean release(Job job) {
    return jdbc.sql("""
            update jobs set status = 'QUEUED', attempts = greatest(attempts - 1, 0),
                   lease_owner = null, lease_token = null, lease_until = null
             where id = :id and lease_token = :token and status = 'RUNNING'""")
        .param("id", job.id()).param("token", job.leaseToken()).update() == 1;
  }

  /** Cancels the subject's unfinished job: at once when queued, at its next step when running. */
  public CancelOutcome cancel(UUID subjectId) {
    Instant now = clock.instant();
    int queued = jdbc.sql("""
            update jobs set status = 'CANCELLED', finished_at = :now, last_error = 'cancelled'
             where subject_id = :subject and status = 'QUEUED'""")
        .param("now", ts(now)).param("subject", subjectId).update();
    if (queued > 0) {
      return CancelOutcome.CANCELLED;
    }
    int running = jdbc.sql("""
            update jobs set cancel_requested = true
             where subject_id = :subject and status = 'RUNNING'""")
        .param("subject", subjectId).update();
    if (running > 0) {
      return CancelOutcome.REQUESTED;
    }
    return findBySubject(subjectId).isEmpty() ? CancelOutcome.NOT_FOUND
        : CancelOutcome.ALREADY_FINISHED;
  }

  /** Raises (never lowers) the priority of the subject's unfinished job. */
  public void raisePriority(UUID subjectId, Priority priority) {
    jdbc.sql("""
            update jobs set priority = :priority
             where subject_id = :subject and status in ('QUEUED', 'RUNNING')
               and priority < :priority""")
        .param("priority", priority.weight()).param("subject", subjectId).update();
  }

  public List<Job> findBySubject(UUID subjectId) {
    return jdbc.sql("select * from jobs where subject_id = :subject order by id")
        .param("subject", subjectId).query(JobQueue::map).list();
  }

  private boolean finish(Job job, String status, String error) {
    return jdbc.sql("""
            update jobs set status = :status, finished_at = :now,
                   last_error = coalesce(:error, last_error),
                   lease_owner = null, lease_token = null, lease_until = null
             where id = :id and lease_token = :token and status = 'RUNNING'""")
        .param("status", status).param("now", ts(clock.instant())).param("error", error)
        .param("id", job.id()).param("token", job.leaseToken()).update() == 1;
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static Job map(ResultSet rs, int row) throws SQLException {
    return new Job(rs.getLong("id"), rs.getString("kind"), rs.getObject("subject_id", UUID.class),
        rs.getInt("priority"), JobStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
        rs.getInt("max_attempts"), instant(rs, "run_at"), rs.getString("lease_owner"),
        rs.getObject("lease_token", UUID.class), instant(rs, "lease_until"),
        rs.getBoolean("cancel_requested"), rs.getString("last_error"), instant(rs, "created_at"),
        instant(rs, "finished_at"));
  }
}
