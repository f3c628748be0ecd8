package dev.scangate.catalog.layers;

import java.util.Locale;

/**
 * How a layer blob is compressed. The media type says it
 * (https://github.com/opencontainers/image-spec/blob/main/media-types.md and Docker's
 * {@code application/vnd.docker.image.rootfs.diff.tar.gzip}); the first bytes confirm it, since
 * some tools label uncompressed tars as gzip.
 */
enum Compression {
  GZIP("gzip"), ZSTD("zstd"), NONE("none");

  private final String label;

  Compression(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** The compression a layer media type names; null when the media type is not a known layer type. */
  static Compression fromMediaType(String mediaType) {
    if (mediaType == null) {
      return null;
    }
    String type = mediaType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    if (semicolon >= 0) {
      type = type.substring(0, semicolon);
    }
    type = type.strip();
    if (type.endsWith("tar+gzip") || type.endsWith("tar.gzip")) {
      return GZIP;
    }
    if (type.endsWith("tar+zstd") || type.endsWith("tar.zstd")) {
      return ZSTD;
    }
    if (type.endsWith(".tar") || type.endsWith("+tar")) {
      return NONE;
    }
    return null;
  }

  /**
   * The compression the first bytes show: gzip's {@code 1f 8b} (RFC 1952), a zstd frame or
   * skippable frame (RFC 8878 sections 3.1.1 and 3.1.2), anything else is taken for a tar.
   */
  static Compression sniff(byte[] head, int length) {
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (length >= 4) {
      int magic = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16
          | (head[3] & 0xff) << 24;
      if (magic == ZstdFrameFilter.FRAME_MAGIC
          || (magic & ZstdFrameFilter.SKIPPABLE_MASK) == ZstdFrameFilter.SKIPPABLE_MAGIC) {
        return ZSTD;
      }
    }
    return NONE;
  }
}
