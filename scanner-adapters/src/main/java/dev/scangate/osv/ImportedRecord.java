package dev.scangate.osv;

import java.util.Objects;

/**
 * A record read from an OSV source: the parsed record and the exact JSON it came from, which is
 * what to store (a JSON array's element is re-serialized).
 *
 * <pre>{@code
 * reader.readZip(Path.of("Debian-all.zip"), new OsvImportSink() {
 *   public void record(ImportedRecord r) { store(r.record().id(), r.record().modified(), r.json()); }
 *   public void issue(ImportIssue i) { log(i); }
 * });
 * }</pre>
 *
 * @param entry where it was read from (see {@link ImportIssue#entry()})
 * @param record the parsed record; {@link OsvRecord#isWithdrawn()} flags withdrawn ones
 * @param json the record's JSON bytes, UTF-8; the array is handed over, not copied
 */
public record ImportedRecord(String entry, OsvRecord record, byte[] json) {

  public ImportedRecord {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(json, "json");
  }
}
