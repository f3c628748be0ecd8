package dev.scangate.catalog.layers;

import dev.scangate.catalog.CatalogLimits;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Time and heap to extract an image from an OCI layout with a filter that wants what the
 * package catalogers typically want: dpkg and apk databases, jars, package.json, Python
 * METADATA/PKG-INFO and executables. A plain main (no JMH): one extraction is seconds, not
 * nanoseconds.
 *
 * <pre>
 * java -Xmx256m -cp "$(cat cp.txt):target/classes:target/test-classes" \
 *     dev.scangate.catalog.layers.ExtractBench /tmp/oci debian-12 [runs]
 * </pre>
 *
 * <p>Prints one line of {@code key=value} pairs per run (the first includes JIT warm-up):
 * {@code run}, {@code wall_ms}, {@code peak_heap_mib} (sum of the heap pools' peak usage, garbage
 * included), {@code retained_heap_mib} (heap in use after a full GC with the filesystem still
 * open: mostly the path index), {@code layers}, {@code entries}, {@code uncompressed_mib},
 * {@code compressed_mib}, {@code extracted} (files in the final filesystem), {@code skipped},
 * {@code warnings}, {@code mib_per_s} (uncompressed). Scratch directories go to the system's
 * temporary directory and are deleted.
 */
public final class ExtractBench {

  private ExtractBench() {
  }

  /** The files the built-in catalogers ask for, as one filter. */
  static FileFilter packageFiles() {
    return (path, size, mode) -> path.equals("/var/lib/dpkg/status")
        || path.startsWith("/var/lib/dpkg/status.d/")
        || path.equals("/lib/apk/db/installed")
        || path.endsWith(".jar")
        || path.endsWith("/package.json")
        || path.endsWith("/METADATA")
        || path.endsWith("/PKG-INFO")
        || (mode & 0111) != 0;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ExtractBench LAYOUT_DIR TAG [RUNS]");
      System.exit(2);
    }
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    for (int run = 1; run <= runs; run++) {
      Path scratchParent = Files.createTempDirectory("extract-bench-");
      try {
        System.out.println("run=" + run + " " + extractOnce(Path.of(args[0]), args[1],
            scratchParent));
      } finally {
        Files.deleteIfExists(scratchParent);
      }
    }
  }

  private static String extractOnce(Path layout, String tag, Path scratchParent)
      throws Exception {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long start = System.nanoTime();
    OciLayoutSource source = new OciLayoutSource(layout, tag);
    try (ExtractedFilesystem fs = new LayerExtractor(CatalogLimits.defaults())
        .extract(source, packageFiles(), scratchParent)) {
      long wallNanos = System.nanoTime() - start;
      long peak = peakHeap();
      System.gc();
      long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      long compressed = 0;
      int warnings = 0;
      for (LayerOutcome layer : fs.layers()) {
        compressed += layer.compressedBytes();
        warnings += layer.warnings().size();
      }
      double uncompressedMib = fs.totalUncompressedBytes() / (double) (1 << 20);
      return String.format(Locale.ROOT, "wall_ms=%d peak_heap_mib=%.1f retained_heap_mib=%.1f"
              + " layers=%d entries=%d uncompressed_mib=%.1f compressed_mib=%.1f extracted=%d"
              + " skipped=%d warnings=%d mib_per_s=%.1f",
          wallNanos / 1_000_000, peak / (double) (1 << 20), retained / (double) (1 << 20),
          fs.layers().size(), fs.totalEntries(), uncompressedMib, compressed / (double) (1 << 20),
          fs.files(p -> true).size(), fs.skipped().size(), warnings,
          uncompressedMib / (wallNanos / 1e9));
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
