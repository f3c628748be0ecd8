package dev.scangate.osv.bench;

import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Distro;
import dev.scangate.osv.AdvisoryIndex;
import dev.scangate.osv.InvalidOsvRecordException;
import dev.scangate.osv.OsvMatchReport;
import dev.scangate.osv.OsvMatcher;
import dev.scangate.osv.OsvRecord;
import dev.scangate.osv.OsvRecordParser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matching 5,000 components of a Debian 12 image against an index of 200,000 advisories
 * ({@link SyntheticAdvisories}: clones of the real fixture records' shapes), and building that
 * index from parsed records.
 * <ul>
 *   <li>{@code match}: {@link OsvMatcher#match} over all components, one call;</li>
 *   <li>{@code buildIndex}: {@link AdvisoryIndex#of} over the 200,000 parsed records, what the
 *       service does after an import.</li>
 * </ul>
 * Run with {@code bench/osv-match.sh}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@State(Scope.Benchmark)
public class OsvMatchBenchmark {

  @Param("200000")
  int advisories;

  @Param("5000")
  int components;

  /** Distinct names per fixture shape: 200,000 / 17 / 2,500 = about 5 advisories a name. */
  @Param("2500")
  int names;

  private List<OsvRecord> records;
  private List<CatalogedPackage> packages;
  private OsvMatcher matcher;
  private final Distro bookworm = new Distro("debian", "12", "Debian GNU/Linux 12 (bookworm)",
      "bookworm", null);

  @Setup
  public void setUp() {
    SyntheticAdvisories synthetic = new SyntheticAdvisories(names);
    OsvRecordParser parser = new OsvRecordParser();
    records = new ArrayList<>(advisories);
    synthetic.forEach(advisories, (id, json) -> {
      try {
        records.add(parser.parse(json));
      } catch (InvalidOsvRecordException e) {
        throw new IllegalStateException(id, e);
      }
    });
    packages = synthetic.components(components, 42);
    matcher = new OsvMatcher(AdvisoryIndex.of(records));
    long start = System.nanoTime();
    OsvMatchReport report = matcher.match(packages, bookworm);
    long firstMillis = (System.nanoTime() - start) / 1_000_000;
    long vulnerable = report.matches().stream().map(m -> m.component()).distinct().count();
    System.out.printf("%n%d advisories, %d components: %d matches on %d components, %d issues;"
        + " first match on a fresh index (cold JIT, entries parsed on first use): %d ms%n",
        records.size(), packages.size(), report.matches().size(), vulnerable,
        report.issues().size(), firstMillis);
  }

  @Benchmark
  public OsvMatchReport match() {
    return matcher.match(packages, bookworm);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public AdvisoryIndex buildIndex() {
    return AdvisoryIndex.of(records);
  }
}
