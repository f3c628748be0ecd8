package dev.scangate.catalog.layers;

import java.io.IOException;
import java.io.InputStream;

/**
 * Walks the frame structure of a zstd stream (RFC 8878 section 3) in front of aircompressor's
 * decoder, for two reasons:
 *
 * <ul>
 *   <li>Skippable frames (section 3.1.2) are dropped: the decoder does not know them, and
 *       zstd:chunked layers carry their table of contents in them.
 *   <li>A frame that needs more than 8 MiB of window is refused before decoding: the decoder
 *       keeps the whole window in memory and grows it to what the header declares (a
 *       single-segment frame declaring 4 GiB of content, followed by RLE blocks, would exhaust
 *       the heap before any output is counted). 8 MiB is also the largest window the decoder
 *       supports for compressed blocks ({@code ZstdFrameDecompressor.MAX_WINDOW_SIZE}).
 * </ul>
 *
 * <p>Everything else passes unchanged; the decoder checks the content.
 */
final class ZstdFrameFilter extends InputStream {

  static final int FRAME_MAGIC = 0xFD2FB528;
  static final int SKIPPABLE_MAGIC = 0x184D2A50;
  static final int SKIPPABLE_MASK = 0xFFFFFFF0;
  static final long MAX_WINDOW = 8L << 20;

  private enum State { MAGIC, SKIP_SIZE, SKIP, DESCRIPTOR, HEADER, BLOCK_HEADER, BLOCK, CHECKSUM, PASS }

  private final InputStream in;
  private final String layerDigest;
  private final byte[] buffer;
  private int position;
  private int limit;

  private State state = State.MAGIC;
  private final byte[] field = new byte[14];
  private int fieldLength = 4;
  private int fieldFill;
  private final byte[] held = new byte[4];
  private int heldPosition;
  private int heldCount;
  private int descriptor;
  private boolean lastBlock;
  private long remaining;

  ZstdFrameFilter(InputStream in, String layerDigest, int bufferSize) {
    this.in = in;
    this.layerDigest = layerDigest;
    this.buffer = new byte[bufferSize];
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int written = 0;
    while (written < len) {
      if (heldPosition < heldCount) {
        b[off + written++] = held[heldPosition++];
        continue;
      }
      if (position == limit) {
        if (written > 0) {
          break;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
          if (state == State.MAGIC ? fieldFill > 0 : state != State.PASS) {
            throw CorruptLayerException.corrupt(layerDigest, "unexpected end of zstd stream",
                null);
          }
          return -1;
        }
        position = 0;
        limit = n;
        continue;
      }
      written += step(b, off + written, len - written);
    }
    return written;
  }

  /** Consumes input in the current state; returns the bytes written to {@code out}. */
  private int step(byte[] out, int off, int space) throws IOException {
    int available = limit - position;
    switch (state) {
      case SKIP: {
        int take = (int) Math.min(available, remaining);
        position += take;
        remaining -= take;
        if (remaining == 0) {
          startField(State.MAGIC, 4);
        }
        return 0;
      }
      case PASS: {
        int take = Math.min(available, space);
        System.arraycopy(buffer, position, out, off, take);
        position += take;
        return take;
      }
      case BLOCK:
      case CHECKSUM: {
        int take = (int) Math.min(Math.min(available, space), remaining);
        System.arraycopy(buffer, position, out, off, take);
        position += take;
        remaining -= take;
        if (remaining == 0) {
          afterPayload();
        }
        return take;
      }
      default:
        break;
    }
    byte value = buffer[position++];
    field[fieldFill++] = value;
    if (state == State.MAGIC || state == State.SKIP_SIZE) {
      if (fieldFill == fieldLength) {
        fieldComplete();
      }
      return 0; // magic numbers are emitted once known to start a regular frame
    }
    out[off] = value;
    if (fieldFill == fieldLength) {
      fieldComplete();
    }
    return 1;
  }

  private void fieldComplete() throws IOException {
    switch (state) {
      case MAGIC: {
        int magic = (int) littleEndian(0, 4);
        if ((magic & SKIPPABLE_MASK) == SKIPPABLE_MAGIC) {
          startField(State.SKIP_SIZE, 4);
          return;
        }
        System.arraycopy(field, 0, held, 0, 4);
        heldPosition = 0;
        heldCount = 4;
        if (magic == FRAME_MAGIC) {
          startField(State.DESCRIPTOR, 1);
        } else {
          state = State.PASS; // not zstd: the decoder reports it
        }
        return;
      }
      case SKIP_SIZE:
        remaining = littleEndian(0, 4);
        if (remaining == 0) {
          startField(State.MAGIC, 4);
        } else {
          state = State.SKIP;
        }
        return;
      case DESCRIPTOR: {
        descriptor = field[0] & 0xff;
        boolean singleSegment = (descriptor & 0x20) != 0;
        int dictionaryBytes = new int[] {0, 1, 2, 4}[descriptor & 3];
        int sizeFlag = descriptor >>> 6;
        int contentSizeBytes = sizeFlag == 0 ? (singleSegment ? 1 : 0) : 1 << sizeFlag;
        int headerBytes = (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes;
        if (headerBytes == 0) {
          checkWindow();
          startField(State.BLOCK_HEADER, 3);
        } else {
          startField(State.HEADER, headerBytes);
        }
        return;
      }
      case HEADER:
        checkWindow();
        startField(State.BLOCK_HEADER, 3);
        return;
      case BLOCK_HEADER: {
        int header = (int) littleEndian(0, 3);
        lastBlock = (header & 1) != 0;
        int type = (header >>> 1) & 3;
        int size = header >>> 3;
        remaining = type == 1 ? 1 : size; // an RLE block stores one byte
        state = State.BLOCK;
        if (remaining == 0) {
          afterPayload();
        }
        return;
      }
      default:
        throw new IllegalStateException("no field in state " + state);
    }
  }

  private void afterPayload() {
    if (state == State.BLOCK && !lastBlock) {
      startField(State.BLOCK_HEADER, 3);
    } else if (state == State.BLOCK && (descriptor & 0x04) != 0) {
      state = State.CHECKSUM;
      remaining = 4;
    } else {
      startField(State.MAGIC, 4);
    }
  }

  /** RFC 8878 3.1.1.1: window descriptor and frame content size decide the memory needed. */
  private void checkWindow() throws CorruptLayerException {
    boolean singleSegment = (descriptor & 0x20) != 0;
    int index = 0;
    long window = -1;
    if (!singleSegment) {
      int windowDescriptor = field[index++] & 0xff;
      long base = 1L << (10 + (windowDescriptor >>> 3));
      window = base + (base / 8) * (windowDescriptor & 7);
    }
    index += new int[] {0, 1, 2, 4}[descriptor & 3];
    int sizeFlag = descriptor >>> 6;
    long contentSize = -1;
    if (sizeFlag == 0 && singleSegment) {
      contentSize = field[index] & 0xff;
    } else if (sizeFlag > 0) {
      contentSize = littleEndian(index, 1 << sizeFlag);
      if (sizeFlag == 1) {
        contentSize += 256;
      }
      if (contentSize < 0) {
        contentSize = Long.MAX_VALUE; // above 2^63: no memory holds it
      }
    }
    long needed = window < 0 ? contentSize : contentSize < 0 ? window
        : Math.min(window, contentSize);
    if (needed > MAX_WINDOW) {
      throw CorruptLayerException.refused(layerDigest, "a zstd frame needs a window of "
          + ByteCount.format(needed) + "; at most " + ByteCount.format(MAX_WINDOW)
          + " is supported");
    }
  }

  private void startField(State next, int length) {
    state = next;
    fieldLength = length;
    fieldFill = 0;
  }

  private long littleEndian(int from, int length) {
    long value = 0;
    for (int i = length - 1; i >= 0; i--) {
      value = (value << 8) | (field[from + i] & 0xff);
    }
    return value;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
