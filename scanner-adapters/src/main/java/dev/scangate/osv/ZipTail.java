package dev.scangate.osv;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * Passes a zip stream through and remembers its last bytes, so that after
 * {@link java.util.zip.ZipInputStream} has read the last local entry we can check the end of
 * central directory record (APPNOTE.TXT 4.3.16, zip64: 4.3.14, 4.3.15). ZipInputStream never
 * reads the central directory: a zip cut exactly between two entries looks complete to it. The
 * record's entry count tells us whether every entry was there.
 */
final class ZipTail extends FilterInputStream {

  private static final int EOCD_SIGNATURE = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
  private static final int EOCD_SIZE = 22;
  /** EOCD plus the longest comment, the zip64 locator and record, and some slack. */
  private static final int TAIL = EOCD_SIZE + 0xFFFF + 20 + 56 + 1024;

  private final byte[] ring = new byte[TAIL];
  private long count;

  ZipTail(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      remember(b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      remember(buffer, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // read instead of skipping, so that the tail is remembered
    byte[] sink = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  private void remember(int b) {
    ring[(int) (count % TAIL)] = (byte) b;
    count++;
  }

  private void remember(byte[] buffer, int offset, int length) {
    if (length > TAIL) {
      count += length - TAIL;
      offset += length - TAIL;
      length = TAIL;
    }
    int position = (int) (count % TAIL);
    int first = Math.min(length, TAIL - position);
    System.arraycopy(buffer, offset, ring, position, first);
    System.arraycopy(buffer, offset + first, ring, 0, length - first);
    count += length;
  }

  /** Reads what is left of the underlying stream (the central directory) to its end. */
  void drain() throws IOException {
    byte[] buffer = new byte[64 * 1024];
    while (read(buffer, 0, buffer.length) >= 0) {
      // remembered by read
    }
  }

  /**
   * The number of entries the end of central directory record declares, or empty when the
   * stream does not end with one.
   */
  OptionalLong declaredEntries() {
    int length = (int) Math.min(count, TAIL);
    byte[] tail = new byte[length];
    for (int i = 0; i < length; i++) {
      tail[i] = ring[(int) ((count - length + i) % TAIL)];
    }
    for (int at = length - EOCD_SIZE; at >= 0; at--) {
      if (int32(tail, at) != EOCD_SIGNATURE) {
        continue;
      }
      int commentLength = int16(tail, at + 20);
      if (at + EOCD_SIZE + commentLength != length) {
        continue;
      }
      long entries = int16(tail, at + 10);
      if (entries != 0xFFFF) {
        return OptionalLong.of(entries);
      }
      // zip64: the locator just before the record points at the zip64 end record
      int locator = at - 20;
      if (locator < 0 || int32(tail, locator) != ZIP64_LOCATOR_SIGNATURE) {
        return OptionalLong.of(entries);
      }
      long zip64Offset = int64(tail, locator + 8);
      long inTail = zip64Offset - (count - length);
      if (inTail < 0 || inTail + 56 > length || int32(tail, (int) inTail) != ZIP64_EOCD_SIGNATURE) {
        return OptionalLong.of(entries);
      }
      return OptionalLong.of(int64(tail, (int) inTail + 32));
    }
    return OptionalLong.empty();
  }

  /** Bytes read from the underlying stream so far. */
  long count() {
    return count;
  }

  private static int int16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static int int32(byte[] b, int at) {
    return int16(b, at) | int16(b, at + 2) << 16;
  }

  private static long int64(byte[] b, int at) {
    return (int32(b, at) & 0xFFFFFFFFL) | ((long) int32(b, at + 4)) << 32;
  }
}
