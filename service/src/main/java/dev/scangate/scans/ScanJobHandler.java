package dev.scangate.scans;

import dev.scangate.image.ImageReference;
import dev.scangate.jobs.JobCancelledException;
import dev.scangate.jobs.JobContext;
import dev.scangate.jobs.JobHandler;
import dev.scangate.registry.RegistryException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Runs the scan pipeline for a claimed {@code scan} job and mirrors the job's state on the scan. */
@Component
class ScanJobHandler implements JobHandler {

  private static final Logger log = LoggerFactory.getLogger(ScanJobHandler.class);

  private final ScanService scans;
  private final ScanPipeline pipeline;
  private final Clock clock;

  ScanJobHandler(ScanService scans, ScanPipeline pipeline, Clock clock) {
    this.scans = scans;
    this.pipeline = pipeline;
    this.clock = clock;
  }

  @Override
  public String kind() {
    return ScanService.JOB_KIND;
  }

  @Override
  public void started(JobContext job) {
    scans.load(job.subjectId()).ifPresent(scan -> scan.start(job.attempt(), clock.instant()));
  }

  @Override
  public void run(JobContext job) throws Exception {
    Scan scan = scans.load(job.subjectId()).orElseThrow(
        () -> new IllegalStateException("scan " + job.subjectId() + " of job " + job.jobId()
            + " does not exist"));
    ScanRun run = new ScanRun(scan.id(), ImageReference.parse(scan.reference()),
        ScanService.platform(scan.platform()), job, scan.uploadedSbom());
    run.startedAt = scan.startedAt() == null ? clock.instant() : scan.startedAt();
    int position = 0;
    for (ScanStage stage : pipeline.stages()) {
      job.checkCancelled();
      Instant started = clock.instant();
      if (!stage.applies(run)) {
        scans.recordStage(scan.id(), new Scan.Stage(position++, stage.name(), started, 0,
            "SKIPPED", null));
        continue;
      }
      long t0 = System.nanoTime();
      String detail;
      try {
        detail = stage.run(run);
      } catch (Exception e) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (!(e instanceof JobCancelledException || e instanceof InterruptedException
            || e instanceof CancellationException)) {
          scans.recordStage(scan.id(), new Scan.Stage(position, stage.name(), started, ms,
              "FAILED", e.getMessage()));
          throw new StageFailedException(stage.name(), e);
        }
        throw e;
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      scans.recordStage(scan.id(), new Scan.Stage(position++, stage.name(), started, ms,
          "SUCCEEDED", detail));
    }
  }

  @Override
  public boolean retryable(Exception failure) {
    Throwable cause = failure instanceof StageFailedException ? failure.getCause() : failure;
    return cause instanceof RegistryException registry && registry.retryable();
  }

  @Override
  public void succeeded(JobContext job) {
    scans.load(job.subjectId()).ifPresent(scan -> scan.succeed(clock.instant()));
  }

  @Override
  public void failed(JobContext job, String error) {
    log.info("scan {} failed: {}", job.subjectId(), error);
    scans.load(job.subjectId()).ifPresent(scan -> scan.fail(error, clock.instant()));
  }

  @Override
  public void retrying(JobContext job, String error) {
    scans.load(job.subjectId()).ifPresent(scan -> scan.retrying("attempt " + job.attempt()
        + " of " + job.maxAttempts() + " failed, will retry: " + error));
  }

  @Override
  public void cancelled(JobContext job) {
    scans.load(job.subjectId()).ifPresent(scan -> scan.cancel(clock.instant()));
  }

  /** A stage's failure, named by its stage. */
  static final class StageFailedException extends Exception {
    StageFailedException(String stage, Exception cause) {
      super(stage + ": " + cause.getMessage(), cause);
    }
  }
}
