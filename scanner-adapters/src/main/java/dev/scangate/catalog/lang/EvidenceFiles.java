package dev.scangate.catalog.lang;

import dev.scangate.catalog.CatalogContext;
import dev.scangate.catalog.FileEntry;
import java.io.IOException;
import java.io.InputStream;

/** Reads the evidence files catalogers parse whole, within {@code CatalogLimits.maxFileBytes}. */
final class EvidenceFiles {

  private EvidenceFiles() {
  }

  /**
   * Whether the file is larger than {@code maxFileBytes}; if so it is recorded as skipped with
   * a reason that names the limit.
   */
  static boolean skipIfTooLarge(CatalogContext context, FileEntry file) {
    long max = context.limits().maxFileBytes();
    if (file.size() > max) {
      context.skipped(file.path(), "file is " + file.size() + " bytes, larger than maxFileBytes ("
          + max + ")");
      return true;
    }
    return false;
  }

  /** The file's bytes; the caller has checked its size against the limit. */
  static byte[] read(CatalogContext context, FileEntry file) throws IOException {
    long max = context.limits().maxFileBytes();
    try (InputStream in = context.filesystem().open(file)) {
      return readAtMost(in, max, file.path());
    }
  }

  /**
   * Reads a stream to its end, failing when it holds more than {@code max} bytes (a file can grow
   * between listing and reading, and a zip entry's declared size is not to be trusted).
   */
  static byte[] readAtMost(InputStream in, long max, String what) throws IOException {
    int limit = (int) Math.min(max, Integer.MAX_VALUE - 16);
    byte[] bytes = in.readNBytes(limit);
    if (bytes.length == limit && in.read() != -1) {
      throw new IOException(what + " is larger than " + max + " bytes");
    }
    return bytes;
  }
}
