package dev.scangate.osv.bench;

import dev.scangate.osv.ImportIssue;
import dev.scangate.osv.ImportSummary;
import dev.scangate.osv.ImportedRecord;
import dev.scangate.osv.OsvArchiveReader;
import dev.scangate.osv.OsvImportSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Import throughput in records per second over a generated zip of 200,000 records
 * ({@link SyntheticAdvisories}), in one run:
 * <ul>
 *   <li>{@code importZip}: {@link OsvArchiveReader#readZip(Path, OsvImportSink)}: streaming,
 *       per-entry parsing into {@link dev.scangate.osv.OsvRecord}, validation, ecosystem
 *       checks, the central directory check;</li>
 *   <li>{@code baselineReadTree}: the floor: the same zip through {@link ZipInputStream} and
 *       Jackson's {@code readTree} of each entry, without our model.</li>
 * </ul>
 * Each invocation reads the whole zip; the score is records per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(OsvImportBenchmark.RECORDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class OsvImportBenchmark {

  static final int RECORDS = 200_000;

  private Path zip;
  private final OsvArchiveReader reader = new OsvArchiveReader();
  private final JsonMapper mapper = JsonMapper.builder().build();

  @Setup
  public void setUp() throws IOException {
    zip = Files.createTempFile("osv-bench-", ".zip");
    new SyntheticAdvisories(2500).writeZip(zip, RECORDS);
    System.out.printf("%n%s: %d records, %d bytes%n", zip, RECORDS, Files.size(zip));
  }

  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(zip);
  }

  @Benchmark
  public ImportSummary importZip(Blackhole blackhole) throws IOException {
    ImportSummary summary = reader.readZip(zip, new OsvImportSink() {
      @Override
      public void record(ImportedRecord record) {
        blackhole.consume(record);
      }

      @Override
      public void issue(ImportIssue issue) {
        blackhole.consume(issue);
      }
    });
    if (!summary.complete() || summary.entries() != RECORDS) {
      throw new IllegalStateException("incomplete import: " + summary);
    }
    return summary;
  }

  @Benchmark
  public int baselineReadTree(Blackhole blackhole) throws IOException {
    int count = 0;
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry entry = entries.getNextEntry(); entry != null;
          entry = entries.getNextEntry()) {
        JsonNode tree = mapper.readTree(entries.readAllBytes());
        blackhole.consume(tree);
        count++;
      }
    }
    if (count != RECORDS) {
      throw new IllegalStateException(count + " entries");
    }
    return count;
  }
}
