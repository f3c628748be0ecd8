package dev.scangate.catalog.layers;

import java.io.IOException;
import java.util.Objects;

/**
 * A layer blob cannot be read to its end: its compressed stream is truncated or damaged, its
 * tar headers are malformed, or it uses a form this reader refuses. The message names the layer:
 *
 * <pre>{@code
 * layer sha256:9f… is truncated or corrupt: unexpected end of gzip stream
 * }</pre>
 */
public final class CorruptLayerException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String layerDigest;

  private CorruptLayerException(String layerDigest, String message, Throwable cause) {
    super(message, cause);
    this.layerDigest = Objects.requireNonNull(layerDigest, "layerDigest");
  }

  /** {@code layer <digest> is truncated or corrupt: <detail>}. */
  static CorruptLayerException corrupt(String layerDigest, String detail, Throwable cause) {
    return new CorruptLayerException(layerDigest,
        "layer " + layerDigest + " is truncated or corrupt: " + detail, cause);
  }

  /** {@code layer <digest> cannot be read: <detail>}, for well-formed input this reader refuses. */
  static CorruptLayerException refused(String layerDigest, String detail) {
    return new CorruptLayerException(layerDigest,
        "layer " + layerDigest + " cannot be read: " + detail, null);
  }

  /** The layer that could not be read. */
  public String layerDigest() {
    return layerDigest;
  }
}
