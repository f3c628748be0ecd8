package dev.scangate.osv;

import java.util.Objects;

/**
 * A problem with one entry of an OSV source, reported while the valid entries are kept.
 *
 * <pre>{@code
 * new ImportIssue("GHSA-xxxx.json", ImportIssue.Kind.INVALID_RECORD,
 *     "record GHSA-xxxx: missing required field modified");
 * }</pre>
 *
 * @param entry the zip entry name, the file's path relative to the imported directory, or the
 *     file name ({@code name#3} for the fourth element of a JSON array)
 * @param kind what went wrong
 * @param reason what went wrong with which value, for people
 */
public record ImportIssue(String entry, Kind kind, String reason) {

  /** What went wrong, and whether the entry's record was skipped. */
  public enum Kind {
    /** The entry is not JSON; skipped. */
    INVALID_JSON(true),
    /** JSON without a required field, or with a field of the wrong shape; skipped. */
    INVALID_RECORD(true),
    /** No affected package is in an ecosystem scangate matches; skipped. */
    UNSUPPORTED_ECOSYSTEM(true),
    /** The record is kept, but some of its affected packages are in ecosystems scangate does
     * not match and are ignored. */
    IGNORED_ECOSYSTEM(false),
    /** Not a {@code .json} file, or larger than the import limit; skipped. */
    SKIPPED_ENTRY(true),
    /** The archive or directory could not be read on: truncated or corrupt zip, I/O error.
     * Records before it are whole; nothing after it was read. */
    SOURCE_ERROR(false);

    private final boolean skipsRecord;

    Kind(boolean skipsRecord) {
      this.skipsRecord = skipsRecord;
    }

    /** Whether the entry yielded no record because of this issue. */
    public boolean skipsRecord() {
      return skipsRecord;
    }
  }

  public ImportIssue {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }
}
