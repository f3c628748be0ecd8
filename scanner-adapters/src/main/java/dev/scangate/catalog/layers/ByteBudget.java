package dev.scangate.catalog.layers;

/**
 * The uncompressed bytes and tar entries an extraction may still read, over all layers
 * ({@link dev.scangate.catalog.CatalogLimits#maxUncompressedBytes()} and
 * {@link dev.scangate.catalog.CatalogLimits#maxEntries()}).
 */
final class ByteBudget {

  private final long maxBytes;
  private final long maxEntries;
  private long bytes;
  private long entries;
  private String layerDigest = "";

  ByteBudget(long maxBytes, long maxEntries) {
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
  }

  void startLayer(String digest) {
    this.layerDigest = digest;
  }

  /** Counts decompressed bytes; fails as soon as the total passes the limit. */
  void chargeBytes(long count) throws CatalogLimitException {
    bytes += count;
    if (bytes > maxBytes) {
      throw CatalogLimitException.uncompressedBytes(layerDigest, maxBytes);
    }
  }

  void chargeEntry() throws CatalogLimitException {
    if (++entries > maxEntries) {
      throw CatalogLimitException.entries(layerDigest, maxEntries);
    }
  }

  long bytes() {
    return bytes;
  }

  long entries() {
    return entries;
  }
}
