package dev.scangate.catalog.layers;

/** Byte counts as people read them in messages: {@code 16 GiB}, {@code 1.5 MiB}, {@code 100 bytes}. */
final class ByteCount {

  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private ByteCount() {
  }

  static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    int unit = -1;
    double value = bytes;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    long whole = (long) value;
    String number = value == whole ? Long.toString(whole)
        : String.format(java.util.Locale.ROOT, "%.1f", value);
    return number + " " + UNITS[unit];
  }
}
