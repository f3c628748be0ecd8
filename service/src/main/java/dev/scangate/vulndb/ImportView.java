package dev.scangate.vulndb;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * API shape of an import: where from, its state, and what it did with the records it read.
 *
 * @param complete whether the whole source was read (false after a truncated or corrupt zip:
 *     the records read before the damage are kept); null while it runs
 * @param issues the first 1,000 problems: skipped entries and why
 * @param issueCount how many problems there were in all
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportView(UUID id, String source, String kind, String location, String status,
    Instant requestedAt, Instant startedAt, Instant finishedAt, Counts counts, Boolean complete,
    List<Issue> issues, int issueCount, String error) {

  /** What happened to the records read. */
  public record Counts(int entries, int added, int updated, int unchanged, int withdrawn,
      int skipped) {
  }

  /** One skipped entry or problem, as the importer reported it. */
  public record Issue(String entry, String kind, String reason) {
  }
}
