package dev.scangate.catalog;

/**
 * Bounds that keep a hostile or huge image from exhausting the worker.
 *
 * @param maxUncompressedBytes total bytes of all layer tars after decompression; exceeding it
 *     fails the catalog
 * @param maxEntries total tar entries over all layers; exceeding it fails the catalog
 * @param maxFileBytes largest single file a cataloger parses; larger ones are recorded as skipped
 * @param maxArchiveDepth how deep nested archives (jar in war in ear) are opened
 */
public record CatalogLimits(long maxUncompressedBytes, long maxEntries, long maxFileBytes,
    int maxArchiveDepth) {

  public CatalogLimits {
    if (maxUncompressedBytes < 1 || maxEntries < 1 || maxFileBytes < 1 || maxArchiveDepth < 0) {
      throw new IllegalArgumentException("catalog limits must be positive");
    }
  }

  /** 16 GiB uncompressed, 2 million entries, 256 MiB per parsed file, archives 4 deep. */
  public static CatalogLimits defaults() {
    return new CatalogLimits(16L << 30, 2_000_000, 256L << 20, 4);
  }
}
