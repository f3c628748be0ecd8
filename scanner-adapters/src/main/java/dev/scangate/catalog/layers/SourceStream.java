package dev.scangate.catalog.layers;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A layer blob as its {@link dev.scangate.catalog.LayerSource} gives it, buffered. It remembers
 * the source's own failure (a digest mismatch, a dropped connection) so that it is reported as
 * such and not as a corrupt compressed stream, even where a decompressor swallowed it.
 */
final class SourceStream extends InputStream {

  private final BufferedInputStream in;
  private IOException failure;
  private long count;

  SourceStream(InputStream blob, int bufferSize) {
    this.in = new BufferedInputStream(blob, bufferSize);
  }

  /** The first bytes, without consuming them. */
  byte[] peek(int length) throws IOException {
    try {
      in.mark(length);
      byte[] head = in.readNBytes(length);
      in.reset();
      return head;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
    if (n > 0) {
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] discard = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(discard, 0, (int) Math.min(discard.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  /**
   * Blocks until a byte is buffered or the blob ends, so that 0 means the end. Java 17's
   * {@link java.util.zip.GZIPInputStream} looks for a further gzip member only when
   * {@code available()} is positive (JDK-7036144, fixed in Java 23); a network stream that has
   * nothing buffered at a member boundary would otherwise end the layer early and silently.
   */
  @Override
  public int available() throws IOException {
    try {
      int buffered = in.available();
      if (buffered > 0) {
        return buffered;
      }
      in.mark(1);
      if (in.read() < 0) {
        return 0;
      }
      in.reset();
      return Math.max(1, in.available());
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  /** Reads to the end (so a verifying source checks its digest); returns the bytes read. */
  long drain(byte[] buffer) throws IOException {
    long drained = 0;
    int n;
    while ((n = read(buffer, 0, buffer.length)) >= 0) {
      drained += n;
    }
    return drained;
  }

  /** The source's own failure, if it failed. */
  IOException failure() {
    return failure;
  }

  /** Bytes of the blob read so far. */
  long count() {
    return count;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
