package dev.scangate.catalog.layers;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The decompressed tar bytes of one layer. Every byte is charged to the {@link ByteBudget} as
 * it comes out of the decompressor, so a decompression bomb stops at the limit, not when it
 * ends. Decompressor failures become a {@link CorruptLayerException} naming the layer, unless
 * the blob's source failed first: then that failure is the one reported.
 */
final class DecodedStream extends InputStream {

  private final InputStream decoder;
  private final SourceStream source;
  private final Compression compression;
  private final String layerDigest;
  private final ByteBudget budget;
  private boolean ended;
  private long headerAllowance = -1;
  private byte[] skipBuffer;

  DecodedStream(InputStream decoder, SourceStream source, Compression compression,
      String layerDigest, ByteBudget budget) {
    this.decoder = decoder;
    this.source = source;
    this.compression = compression;
    this.layerDigest = layerDigest;
    this.budget = budget;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (ended) {
      return -1;
    }
    int n;
    try {
      n = decoder.read(b, off, len);
    } catch (IOException | RuntimeException e) {
      throw translate(e, source, compression, layerDigest);
    }
    if (n < 0) {
      ended = true;
      return -1;
    }
    budget.chargeBytes(n);
    if (headerAllowance >= 0) {
      headerAllowance -= n;
      if (headerAllowance < 0) {
        throw CorruptLayerException.refused(layerDigest, "the tar headers of one entry (PAX"
            + " headers, GNU long names, sparse maps) are larger than "
            + ByteCount.format(LayerExtractor.MAX_HEADER_BYTES));
      }
    }
    return n;
  }

  /** Reads and counts; never relies on the decompressor's own skip. */
  @Override
  public long skip(long n) throws IOException {
    if (skipBuffer == null) {
      skipBuffer = new byte[8192];
    }
    long skipped = 0;
    while (skipped < n) {
      int r = read(skipBuffer, 0, (int) Math.min(skipBuffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  /**
   * Bounds what the tar reader may consume while it reads the headers of one entry: it keeps
   * PAX headers, GNU long names and sparse maps in memory.
   */
  void limitHeaders(long bytes) {
    headerAllowance = bytes;
  }

  void unlimitHeaders() {
    headerAllowance = -1;
  }

  /** Whether the decompressed stream has ended. */
  boolean ended() {
    return ended;
  }

  @Override
  public void close() throws IOException {
    decoder.close();
  }

  /** What a decompressor's exception means for the layer. */
  static IOException translate(Throwable e, SourceStream source, Compression compression,
      String layerDigest) {
    if (source.failure() != null) {
      return source.failure();
    }
    if (e instanceof CorruptLayerException) {
      return (CorruptLayerException) e;
    }
    String message = e.getMessage();
    boolean truncated = e instanceof EOFException
        || (message != null && message.contains("Not enough input bytes"));
    String detail = truncated ? "unexpected end of " + compression.label() + " stream"
        : "damaged " + compression.label() + " stream ("
            + (message == null ? e.getClass().getSimpleName() : message) + ")";
    return CorruptLayerException.corrupt(layerDigest, detail, e);
  }
}
