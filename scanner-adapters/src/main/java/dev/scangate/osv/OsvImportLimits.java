package dev.scangate.osv;

/**
 * Bounds of an import. One entry is read into memory to be parsed, never a whole archive.
 *
 * <pre>{@code
 * new OsvArchiveReader(new OsvRecordParser(), new OsvImportLimits(8 * 1024 * 1024));
 * }</pre>
 *
 * @param maxEntryBytes the largest record file read (uncompressed); larger ones are skipped
 *     (the largest OSV records, Debian's and Ubuntu's with hundreds of releases, are below
 *     2 MiB)
 */
public record OsvImportLimits(long maxEntryBytes) {

  /** 32 MiB per entry. */
  public static final OsvImportLimits DEFAULTS = new OsvImportLimits(32L * 1024 * 1024);

  public OsvImportLimits {
    if (maxEntryBytes < 1 || maxEntryBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxEntryBytes must be between 1 and "
          + (Integer.MAX_VALUE - 8) + ", not " + maxEntryBytes);
    }
  }
}
