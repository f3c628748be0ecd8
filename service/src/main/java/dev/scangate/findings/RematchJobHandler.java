package dev.scangate.findings;

import dev.scangate.jobs.JobContext;
import dev.scangate.jobs.JobHandler;
import dev.scangate.sboms.SbomService;
import dev.scangate.vulndb.Advisories;
import dev.scangate.vulndb.VulndbImports;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs {@code vulndb-rematch} jobs, enqueued by an import that added, changed or withdrew
 * advisories: finds the images whose latest SBOM has a package those advisories name (or whose
 * latest findings cite them), matches those SBOMs again with the new database and replaces their
 * findings, then publishes {@link FindingsChanged}. Nothing is pulled again. Each image is
 * re-matched in its own transaction; a job that dies is run again and re-matches them all.
 */
@Component
class RematchJobHandler implements JobHandler {

  private static final Logger log = LoggerFactory.getLogger(RematchJobHandler.class);

  private final Advisories advisories;
  private final SbomService sboms;
  private final FindingsService findings;
  private final JdbcClient jdbc;
  private final ApplicationEventPublisher events;

  RematchJobHandler(Advisories advisories, SbomService sboms, FindingsService findings,
      JdbcClient jdbc, ApplicationEventPublisher events) {
    this.advisories = advisories;
    this.sboms = sboms;
    this.findings = findings;
    this.jdbc = jdbc;
    this.events = events;
  }

  @Override
  public String kind() {
    return VulndbImports.REMATCH_JOB_KIND;
  }

  @Override
  public void run(JobContext job) {
    Advisories.Change change = advisories.changedBy(job.subjectId());
    if (change.isEmpty()) {
      return;
    }
    String[] ids = change.advisoryIds().toArray(new String[0]);
    List<UUID> citing = jdbc.sql("""
            select distinct scan_id from findings
             where vulnerability_id = any(:ids) or aliases && cast(:ids as text[])""")
        .param("ids", ids).query(UUID.class).list();
    List<SbomService.LatestSbom> targets = sboms.latestTouching(change.packageNames(), citing);
    Set<String> changed = new LinkedHashSet<>();
    for (SbomService.LatestSbom target : targets) {
      job.checkCancelled();
      if (findings.rematch(target.scanId())) {
        changed.add(target.imageDigest());
      }
    }
    log.info("re-match after import {}: {} advisories, {} images looked at, {} changed",
        job.subjectId(), ids.length, targets.size(), changed.size());
    if (!changed.isEmpty()) {
      events.publishEvent(new FindingsChanged(changed, job.subjectId()));
    }
  }
}
