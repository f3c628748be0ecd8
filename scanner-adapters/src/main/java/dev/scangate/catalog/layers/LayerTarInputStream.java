package dev.scangate.catalog.layers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * commons-compress's tar reader (PAX headers, GNU long names, sparse files), reading names as
 * UTF-8 whatever the platform's charset, and noting whether the archive ended with its
 * end-of-archive block: its absence means the tar was cut short.
 */
final class LayerTarInputStream extends TarArchiveInputStream {

  private boolean sawEndMarker;

  LayerTarInputStream(InputStream in) {
    super(in, StandardCharsets.UTF_8.name());
  }

  @Override
  protected byte[] readRecord() throws IOException {
    byte[] record = super.readRecord();
    if (record != null && !sawEndMarker && allZero(record)) {
      sawEndMarker = true;
    }
    return record;
  }

  /** Whether a zero block (the end-of-archive marker) was read. */
  boolean sawEndMarker() {
    return sawEndMarker;
  }

  private static boolean allZero(byte[] record) {
    for (byte b : record) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
