import dev.scangate.catalog.BuiltinCataloger;
import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.CatalogResult;
import dev.scangate.catalog.CatalogerRegistry;
import dev.scangate.catalog.lang.GoBinaryCataloger;
import dev.scangate.catalog.lang.JavaArchiveCataloger;
import dev.scangate.catalog.lang.NpmCataloger;
import dev.scangate.catalog.lang.PythonCataloger;
import dev.scangate.catalog.layers.OciLayoutSource;
import dev.scangate.catalog.os.ApkCataloger;
import dev.scangate.catalog.os.DpkgCataloger;
import dev.scangate.catalog.os.RpmCataloger;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Catalogs an image from an OCI layout with every built-in cataloger, as the scan pipeline does
 * (layers streamed once, digest-verified, whiteouts applied, wanted files extracted), and prints
 * wall time per run and the peak heap. Run by bench/catalog.sh, which measures tar -xzf of the
 * same layer blobs in the same run as the baseline.
 */
public class CatalogBench {

  public static void main(String[] args) throws Exception {
    Path layout = Path.of(args[0]);
    String tag = args[1];
    int runs = Integer.parseInt(args[2]);
    Path scratch = Files.createTempDirectory("catalog-bench-");
    CatalogerRegistry registry = new CatalogerRegistry(List.of(new DpkgCataloger(),
        new ApkCataloger(), new RpmCataloger(scratch), new JavaArchiveCataloger(),
        new NpmCataloger(), new PythonCataloger(), new GoBinaryCataloger()));
    BuiltinCataloger cataloger = new BuiltinCataloger(registry, CatalogLimits.defaults(), scratch);
    for (int run = 1; run <= runs; run++) {
      long t0 = System.nanoTime();
      CatalogResult result = cataloger.catalog(new OciLayoutSource(layout, tag));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("run=%d wall_ms=%d packages=%d skipped=%d%n", run, ms,
          result.packages().size(), result.skipped().size());
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("peak_heap_mib=%d max_heap_mib=%d%n", peak >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
    Files.deleteIfExists(scratch);
  }
}
