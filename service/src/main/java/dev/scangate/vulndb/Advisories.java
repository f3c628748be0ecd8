package dev.scangate.vulndb;

import dev.scangate.osv.AdvisoryIndex;
import dev.scangate.osv.InvalidOsvRecordException;
import dev.scangate.osv.OsvRecordParser;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The advisories scangate matches against: an in-memory {@link AdvisoryIndex} built from the
 * {@code advisories} table at startup and rebuilt when the table changed (after an import here,
 * or in another instance: {@link #index()} compares a cheap version of the table first). A new
 * index is built aside and swapped in at once; matches in flight keep the one they started with.
 */
@Service
public class Advisories {

  private static final Logger log = LoggerFactory.getLogger(Advisories.class);

  private final AdvisoryStore store;
  private final OsvRecordParser parser = new OsvRecordParser();
  private volatile Loaded loaded;

  private record Loaded(String version, AdvisoryIndex index) {
  }

  Advisories(AdvisoryStore store) {
    this.store = store;
  }

  @EventListener(ApplicationReadyEvent.class)
  void load() {
    index();
  }

  /** The current index, rebuilt first when the table changed since it was built. */
  public AdvisoryIndex index() {
    String version = store.version();
    Loaded current = loaded;
    if (current != null && current.version().equals(version)) {
      return current.index();
    }
    synchronized (this) {
      current = loaded;
      if (current != null && current.version().equals(version)) {
        return current.index();
      }
      long started = System.nanoTime();
      AdvisoryIndex.Builder builder = AdvisoryIndex.builder();
      int[] invalid = {0};
      store.forEachRecord(json -> {
        try {
          builder.add(parser.parse(json));
        } catch (InvalidOsvRecordException e) {
          // stored records were parsed on import; a parser change may reject an old one
          invalid[0]++;
          log.warn("stored advisory not indexed: {}", e.getMessage());
        }
      });
      AdvisoryIndex index = builder.build();
      loaded = new Loaded(version, index);
      log.info("advisory index built: {} records ({} withdrawn, {} unreadable) in {} ms",
          index.size(), index.withdrawnCount(), invalid[0],
          (System.nanoTime() - started) / 1_000_000);
      return index;
    }
  }

  /** The advisories an import changed (added, updated or withdrawn) and their name keys. */
  public record Change(List<String> advisoryIds, Set<String> packageNames) {
    public Change {
      advisoryIds = List.copyOf(advisoryIds);
      packageNames = Set.copyOf(packageNames);
    }

    public boolean isEmpty() {
      return advisoryIds.isEmpty();
    }
  }

  /** What an import changed. */
  public Change changedBy(UUID importId) {
    AdvisoryStore.Changed changed = store.changedBy(importId);
    return new Change(changed.ids(), changed.packageNames());
  }

  /** An advisory as the API shows it. */
  public record AdvisorySummary(String id, List<String> aliases, String summary,
      String severity, java.time.Instant modified, java.time.Instant published,
      java.time.Instant withdrawn, List<String> ecosystems, String source) {
  }

  /** The advisory with this id, or else one listing it as an alias. */
  public Optional<AdvisorySummary> find(String idOrAlias) {
    return store.find(idOrAlias).map(a -> new AdvisorySummary(a.id(), a.aliases(), a.summary(),
        a.severity(), a.modified(), a.published(), a.withdrawn(), a.ecosystems(), a.source()));
  }

  /** The name key of a package name, as advisories are filed by; see the store. */
  public static String nameKey(String name) {
    return AdvisoryStore.nameKey(name);
  }
}
