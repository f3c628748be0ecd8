package dev.scangate.catalog.layers;

import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.FileEntry;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Extracts an OCI layout in a JVM of its own, for LargeLayerIT: it wants
 * {@code /var/lib/dpkg/status}, jars and {@code /data/big.bin}, and prints what it got.
 *
 * <p>Arguments: layout directory, tag, scratch parent, maxFileBytes. Output lines:
 * {@code entries N}, {@code uncompressed N}, {@code file PATH SIZE SHA256} per extracted file,
 * {@code peak-heap N}.
 */
public final class LargeLayerCheck {

  private LargeLayerCheck() {
  }

  public static void main(String[] args) throws Exception {
    OciLayoutSource source = new OciLayoutSource(Path.of(args[0]), args[1]);
    CatalogLimits limits = new CatalogLimits(16L << 30, 2_000_000, Long.parseLong(args[3]), 4);
    FileFilter wanted = (path, size, mode) -> path.equals("/var/lib/dpkg/status")
        || path.endsWith(".jar") || path.equals("/data/big.bin");
    try (ExtractedFilesystem fs =
        new LayerExtractor(limits).extract(source, wanted, Path.of(args[2]))) {
      System.out.println("entries " + fs.totalEntries());
      System.out.println("uncompressed " + fs.totalUncompressedBytes());
      for (FileEntry file : fs.files(p -> true)) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(fs.open(file), sha)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        System.out.println("file " + file.path() + " " + file.size() + " "
            + HexFormat.of().formatHex(sha.digest()));
      }
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("peak-heap " + peak);
  }
}
