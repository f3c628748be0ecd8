package dev.scangate.vulndb;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Enqueues the import of each configured source when it is due: no import of it queued, running
 * or requested within {@code scangate.vulndb.schedule.interval}. Every instance checks; the
 * database decides, so several instances do not import a source twice in one interval (a race
 * between two checks at the same moment costs one unchanged import).
 */
@Component
class ImportScheduler {

  private static final Logger log = LoggerFactory.getLogger(ImportScheduler.class);

  private final VulndbImports imports;
  private final VulndbProperties properties;
  private final Clock clock;

  ImportScheduler(VulndbImports imports, VulndbProperties properties, Clock clock) {
    this.imports = imports;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "${scangate.vulndb.schedule.initial-delay:PT1M}",
      fixedDelayString = "${scangate.vulndb.schedule.check-interval:PT10M}")
  void importDueSources() {
    if (!properties.schedule().enabled()) {
      return;
    }
    Instant since = clock.instant().minus(properties.schedule().interval());
    for (ConfiguredSource source : imports.configuredSources()) {
      try {
        if (!imports.recentlyImported(source.name(), since)) {
          log.info("scheduled import of {} from {}", source.name(), source.location());
          imports.submitConfigured(source);
        }
      } catch (RuntimeException e) {
        log.warn("scheduling the import of {} failed: {}", source.name(), e.toString());
      }
    }
  }
}
