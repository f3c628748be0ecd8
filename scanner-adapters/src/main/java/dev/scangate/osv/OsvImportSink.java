package dev.scangate.osv;

/**
 * Receives what {@link OsvArchiveReader} reads, one entry at a time, in source order: each
 * valid record, and each problem. Whatever the sink throws stops the import and reaches the
 * caller.
 *
 * <pre>{@code
 * List<ImportedRecord> batch = new ArrayList<>();
 * ImportSummary summary = reader.readZip(zip, new OsvImportSink() {
 *   public void record(ImportedRecord record) { batch.add(record); }
 *   public void issue(ImportIssue issue) { issues.add(issue); }
 * });
 * }</pre>
 */
public interface OsvImportSink {

  /** A whole, valid record. */
  void record(ImportedRecord record);

  /** A skipped entry, an ignored part of a record, or the error that ended the source. */
  void issue(ImportIssue issue);
}
