package dev.scangate.catalog.layers;

import java.io.IOException;
import java.util.Objects;

/**
 * An image is larger than a {@link dev.scangate.catalog.CatalogLimits} setting allows; the
 * message names the layer, the limit and the setting:
 *
 * <pre>{@code
 * layer sha256:9f… exceeds the limit of 16 GiB uncompressed over all layers (maxUncompressedBytes)
 * }</pre>
 *
 * <p>It is an {@link IOException} because it is raised while a layer is being read, and it ends
 * the extraction: what was extracted so far is deleted.
 */
public final class CatalogLimitException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String layerDigest;
  private final String setting;
  private final long limit;

  CatalogLimitException(String layerDigest, String setting, long limit, String message) {
    super(message);
    this.layerDigest = Objects.requireNonNull(layerDigest, "layerDigest");
    this.setting = Objects.requireNonNull(setting, "setting");
    this.limit = limit;
  }

  static CatalogLimitException uncompressedBytes(String layerDigest, long limit) {
    return new CatalogLimitException(layerDigest, "maxUncompressedBytes", limit,
        "layer " + layerDigest + " exceeds the limit of " + ByteCount.format(limit)
            + " uncompressed over all layers (maxUncompressedBytes)");
  }

  static CatalogLimitException entries(String layerDigest, long limit) {
    return new CatalogLimitException(layerDigest, "maxEntries", limit,
        "layer " + layerDigest + " exceeds the limit of " + limit
            + " tar entries over all layers (maxEntries)");
  }

  /** The layer being read when the limit was exceeded. */
  public String layerDigest() {
    return layerDigest;
  }

  /** The {@link dev.scangate.catalog.CatalogLimits} component, e.g. {@code maxEntries}. */
  public String setting() {
    return setting;
  }

  /** The limit's value. */
  public long limit() {
    return limit;
  }
}
