package dev.scangate.catalog.layers;

import dev.scangate.catalog.Layer;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The streams one layer is read through, each with a 64 KiB buffer: blob ({@link SourceStream})
 * → decompressor → {@link DecodedStream} (limits) → buffer → tar reader.
 */
final class LayerStream implements Closeable {

  private final Layer layer;
  private final Compression compression;
  private final SourceStream source;
  private final DecodedStream decoded;
  private final BufferedInputStream buffered;
  private final LayerTarInputStream tar;

  private LayerStream(Layer layer, Compression compression, SourceStream source,
      DecodedStream decoded, BufferedInputStream buffered) {
    this.layer = layer;
    this.compression = compression;
    this.source = source;
    this.decoded = decoded;
    this.buffered = buffered;
    this.tar = new LayerTarInputStream(buffered);
  }

  /**
   * Opens a layer: the compression is the one the media type names, confirmed by the first
   * bytes; when they disagree, or the media type is unknown, the bytes decide (as containerd's
   * {@code compression.DecompressStream} does) and a warning says so.
   */
  static LayerStream open(Layer layer, InputStream blob, ByteBudget budget,
      Consumer<String> warnings) throws IOException {
    SourceStream source = new SourceStream(blob, LayerExtractor.BUFFER_SIZE);
    try {
      byte[] head = source.peek(4);
      Compression sniffed = Compression.sniff(head, head.length);
      Compression declared = Compression.fromMediaType(layer.mediaType());
      if (declared == null) {
        warnings.accept("unknown layer media type " + layer.mediaType() + ": read as "
            + describe(sniffed) + " by its first bytes");
      } else if (declared != sniffed) {
        warnings.accept("media type " + layer.mediaType() + " says " + describe(declared)
            + " but the blob starts like " + describe(sniffed) + ": read as " + describe(sniffed));
      }
      InputStream decoder;
      switch (sniffed) {
        case GZIP:
          try {
            decoder = new GZIPInputStream(source, LayerExtractor.BUFFER_SIZE);
          } catch (IOException e) {
            throw DecodedStream.translate(e, source, sniffed, layer.digest());
          }
          break;
        case ZSTD:
          decoder = new ZstdInputStream(
              new ZstdFrameFilter(source, layer.digest(), LayerExtractor.BUFFER_SIZE));
          break;
        default:
          decoder = source;
          break;
      }
      DecodedStream decoded = new DecodedStream(decoder, source, sniffed, layer.digest(), budget);
      BufferedInputStream buffered = new BufferedInputStream(decoded, LayerExtractor.BUFFER_SIZE);
      return new LayerStream(layer, sniffed, source, decoded, buffered);
    } catch (IOException | RuntimeException e) {
      try {
        source.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private static String describe(Compression compression) {
    return compression == Compression.NONE ? "an uncompressed tar" : compression.label();
  }

  LayerTarInputStream tar() {
    return tar;
  }

  DecodedStream decoded() {
    return decoded;
  }

  Compression compression() {
    return compression;
  }

  long compressedBytes() {
    return source.count();
  }

  /**
   * What an exception of the tar reader means: the source's own failure or a corrupt layer are
   * thrown; a decompressed stream that simply ended returns normally (the tar was cut short).
   */
  void classify(IOException e) throws IOException {
    if (source.failure() != null) {
      throw source.failure();
    }
    if (e instanceof CorruptLayerException || e instanceof CatalogLimitException) {
      throw e;
    }
    if (!decoded.ended()) {
      throw CorruptLayerException.corrupt(layer.digest(), "tar: " + e.getMessage(), e);
    }
  }

  /**
   * Reads what follows the tar: the rest of the decompressed stream (counted against the
   * limits), then the rest of the blob, so that a source that verifies the digest at the end
   * does so.
   */
  void finish(byte[] buffer, Consumer<String> warnings) throws IOException {
    while (buffered.read(buffer, 0, buffer.length) >= 0) {
      // padding after the end-of-archive blocks; counted by DecodedStream
    }
    long trailing = source.drain(buffer);
    if (trailing > 0) {
      warnings.accept(trailing + " bytes after the end of the " + compression.label()
          + " stream: ignored");
    }
    if (source.failure() != null) {
      throw source.failure();
    }
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
