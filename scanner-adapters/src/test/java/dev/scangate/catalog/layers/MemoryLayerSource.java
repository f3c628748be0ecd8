package dev.scangate.catalog.layers;

import dev.scangate.catalog.Layer;
import dev.scangate.catalog.LayerSource;
import dev.scangate.image.Digest;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Layer blobs held in memory, digested with sha256; for tests. */
class MemoryLayerSource implements LayerSource {

  static final String OCI_TAR = "application/vnd.oci.image.layer.v1.tar";
  static final String OCI_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String OCI_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  static final String DOCKER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

  private final List<Layer> layers = new ArrayList<>();
  private final List<byte[]> blobs = new ArrayList<>();
  private boolean withoutAvailable;
  private long[] boundaries = new long[0];

  /** Uncompressed OCI layers. */
  static MemoryLayerSource of(byte[]... tars) {
    MemoryLayerSource source = new MemoryLayerSource();
    for (byte[] tar : tars) {
      source.add(OCI_TAR, tar);
    }
    return source;
  }

  MemoryLayerSource add(String mediaType, byte[] blob) {
    layers.add(new Layer(Digest.sha256(blob).toString(), mediaType, blob.length));
    blobs.add(blob);
    return this;
  }

  /**
   * Streams like a network stream: {@code available()} is always 0, and no read returns bytes
   * across one of the given offsets (as when packets end there).
   */
  MemoryLayerSource withoutAvailable(long... readBoundaries) {
    withoutAvailable = true;
    boundaries = readBoundaries.clone();
    return this;
  }

  String digest(int layer) {
    return layers.get(layer).digest();
  }

  @Override
  public List<Layer> layers() {
    return List.copyOf(layers);
  }

  @Override
  public InputStream open(Layer layer) {
    InputStream in = new ByteArrayInputStream(blobs.get(layers.indexOf(layer)));
    if (!withoutAvailable) {
      return in;
    }
    return new FilterInputStream(in) {
      private long position;

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        for (long boundary : boundaries) {
          if (boundary > position) {
            len = (int) Math.min(len, boundary - position);
            break;
          }
        }
        int n = super.read(b, off, len);
        if (n > 0) {
          position += n;
        }
        return n;
      }

      @Override
      public int available() {
        return 0;
      }
    };
  }
}
