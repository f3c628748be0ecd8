package dev.scangate.osv;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OSV records in memory, indexed for matching: each {@code affected[]} entry of a supported
 * ecosystem is filed under (ecosystem family, release, normalized package name), so matching a
 * component is one or two hash lookups followed by range checks on the few entries found.
 * Withdrawn records are kept (a withdrawal replaces the earlier version of its record) but not
 * indexed, so they never match.
 *
 * <pre>{@code
 * AdvisoryIndex.Builder builder = AdvisoryIndex.builder();
 * reader.readZip(zip, new OsvImportSink() {
 *   public void record(ImportedRecord r) { builder.add(r.record()); }
 *   public void issue(ImportIssue i) { }
 * });
 * AdvisoryIndex index = builder.build();
 * new OsvMatcher(index).match(packages, distro);
 * }</pre>
 *
 * <p>Immutable once built and safe to share between threads. The service builds one from the
 * records it stores and swaps it after each import.
 */
public final class AdvisoryIndex {

  private final Map<String, OsvRecord> records;
  private final Map<PackageKey, List<IndexedAffected>> byPackage;
  private final int withdrawn;
  private final Instant latestModified;

  private AdvisoryIndex(Map<String, OsvRecord> records,
      Map<PackageKey, List<IndexedAffected>> byPackage, int withdrawn, Instant latestModified) {
    this.records = records;
    this.byPackage = byPackage;
    this.withdrawn = withdrawn;
    this.latestModified = latestModified;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An index of {@code records}; of two records with one id, the later modified wins. */
  public static AdvisoryIndex of(Iterable<OsvRecord> records) {
    Builder builder = builder();
    records.forEach(builder::add);
    return builder.build();
  }

  /** Records held, withdrawn ones included. */
  public int size() {
    return records.size();
  }

  /** Of {@link #size()}, how many are withdrawn. */
  public int withdrawnCount() {
    return withdrawn;
  }

  /** The record with this id, withdrawn or not. */
  public Optional<OsvRecord> get(String id) {
    return Optional.ofNullable(records.get(id));
  }

  /** The latest {@code modified} of all records: with {@link #size()}, the database version. */
  public Optional<Instant> latestModified() {
    return Optional.ofNullable(latestModified);
  }

  /** The affected entries filed under {@code key}; empty when none. */
  List<IndexedAffected> candidates(PackageKey key) {
    return byPackage.getOrDefault(key, List.of());
  }

  /** Collects records; not thread-safe. */
  public static final class Builder {

    private final Map<String, OsvRecord> records = new LinkedHashMap<>();

    private Builder() {
    }

    /**
     * Adds a record, replacing an earlier version of it (same id, older or equal
     * {@code modified}); an older version than the one held is ignored.
     */
    public Builder add(OsvRecord record) {
      records.merge(record.id(), record,
          (held, added) -> added.modified().isBefore(held.modified()) ? held : added);
      return this;
    }

    public AdvisoryIndex build() {
      Map<PackageKey, List<IndexedAffected>> byPackage = new HashMap<>();
      int withdrawn = 0;
      Instant latest = null;
      for (OsvRecord record : records.values()) {
        if (latest == null || record.modified().isAfter(latest)) {
          latest = record.modified();
        }
        if (record.isWithdrawn()) {
          withdrawn++;
          continue;
        }
        for (OsvAffected affected : record.affected()) {
          if (affected.pkg() == null) {
            continue;
          }
          Optional<OsvEcosystem> ecosystem = OsvEcosystem.parse(affected.pkg().ecosystem());
          if (ecosystem.isEmpty()) {
            continue;
          }
          OsvEcosystem e = ecosystem.get();
          PackageKey key = new PackageKey(e.family(), e.indexRelease(),
              e.family().normalize(affected.pkg().name()));
          byPackage.computeIfAbsent(key, k -> new ArrayList<>(2))
              .add(new IndexedAffected(record, affected, e));
        }
      }
      byPackage.replaceAll((key, list) -> Collections.unmodifiableList(list));
      return new AdvisoryIndex(Collections.unmodifiableMap(new LinkedHashMap<>(records)),
          byPackage, withdrawn, latest);
    }
  }
}
