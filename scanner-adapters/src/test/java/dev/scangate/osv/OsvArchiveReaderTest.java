package dev.scangate.osv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer over zips made at test time from the real fixture records. Damaged inputs
 * (truncated zips, a flipped byte, invalid JSON, records without id or modified, an unknown
 * ecosystem) are made by hand here for the negative cases.
 */
class OsvArchiveReaderTest {

  private final OsvArchiveReader reader = new OsvArchiveReader();

  @Test
  void readsEveryRecordOfAnAllZipAndReportsUnsupportedEcosystems() throws IOException {
    Recorder sink = new Recorder();
    ImportSummary summary = reader.readZip(new ByteArrayInputStream(fixtureZip().bytes), sink);

    assertThat(summary.complete()).isTrue();
    assertThat(summary.entries()).isEqualTo(17);
    assertThat(summary.records()).isEqualTo(15);
    assertThat(sink.ids()).contains("GHSA-jfh8-c2jp-5v3q", "DSA-5474-1", "CVE-2022-27449",
        "GO-2022-0969", "PYSEC-2023-120").doesNotContain("GHSA-mp6f-p9gp-vpj9");
    assertThat(sink.issues).extracting(ImportIssue::entry, ImportIssue::kind).containsExactly(
        org.assertj.core.groups.Tuple.tuple("GHSA-mp6f-p9gp-vpj9.json",
            ImportIssue.Kind.UNSUPPORTED_ECOSYSTEM),
        org.assertj.core.groups.Tuple.tuple("GHSA-wjx8-cgrm-hh8p.json",
            ImportIssue.Kind.UNSUPPORTED_ECOSYSTEM));
    assertThat(sink.issues.get(0).reason()).contains("[crates.io]");
    // the stored JSON is the entry's bytes
    assertThat(sink.records.get(0).json()).isEqualTo(OsvFixtures.bytes(OsvFixtures.FILES.get(0)));
  }

  @Test
  void keepsTheRecordsBeforeATruncationInsideAnEntry() {
    Zip zip = fixtureZip();
    // cut in the middle of the sixth entry's compressed data
    int cut = (zip.entryStarts.get(5) + zip.entryStarts.get(6)) / 2;
    Recorder sink = new Recorder();

    ImportSummary summary = reader.readZip(
        new ByteArrayInputStream(Arrays.copyOf(zip.bytes, cut)), sink);

    assertThat(summary.complete()).isFalse();
    assertThat(sink.ids()).containsExactly("DSA-3029-1", "DSA-5474-1", "GHSA-32qq-m9fh-f74w",
        "GHSA-35jh-r3h4-6jhm", "GHSA-4v7x-pqxf-cx7m");
    ImportIssue last = sink.issues.get(sink.issues.size() - 1);
    assertThat(last.kind()).isEqualTo(ImportIssue.Kind.SOURCE_ERROR);
    assertThat(last.entry()).isEqualTo("GHSA-75v8-2h7p-7m2m.json");
    assertThat(last.reason()).contains("after 6 entries");
  }

  @Test
  void noticesAZipCutExactlyBetweenTwoEntries() {
    Zip zip = fixtureZip();
    Recorder sink = new Recorder();

    ImportSummary summary = reader.readZip(
        new ByteArrayInputStream(Arrays.copyOf(zip.bytes, zip.entryStarts.get(3))), sink);

    assertThat(sink.ids()).containsExactly("DSA-3029-1", "DSA-5474-1", "GHSA-32qq-m9fh-f74w");
    assertThat(summary.complete()).isFalse();
    assertThat(sink.issues).singleElement().satisfies(issue -> {
      assertThat(issue.kind()).isEqualTo(ImportIssue.Kind.SOURCE_ERROR);
      assertThat(issue.reason()).contains("without its central directory");
    });
  }

  @Test
  void noticesAZipWhoseCentralDirectoryWasCut() {
    Zip zip = fixtureZip();
    Recorder sink = new Recorder();

    ImportSummary summary = reader.readZip(new ByteArrayInputStream(
        Arrays.copyOf(zip.bytes, zip.bytes.length - 10)), sink);

    assertThat(sink.ids()).hasSize(15);
    assertThat(summary.complete()).isFalse();
  }

  @Test
  void reportsACorruptEntryAndStops() {
    Zip zip = fixtureZip();
    byte[] damaged = zip.bytes.clone();
    // flip bytes of the third entry's compressed data (past its 30-byte header and name)
    int at = zip.entryStarts.get(2) + 30 + "GHSA-32qq-m9fh-f74w.json".length() + 40;
    for (int i = 0; i < 8; i++) {
      damaged[at + i] ^= 0x5A;
    }
    Recorder sink = new Recorder();

    ImportSummary summary = reader.readZip(new ByteArrayInputStream(damaged), sink);

    assertThat(summary.complete()).isFalse();
    assertThat(sink.ids()).containsExactly("DSA-3029-1", "DSA-5474-1");
    assertThat(sink.issues.get(sink.issues.size() - 1).kind())
        .isEqualTo(ImportIssue.Kind.SOURCE_ERROR);
  }

  @Test
  void skipsBadEntriesAndKeepsTheValidOnes() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("GHSA-jfh8-c2jp-5v3q.json", OsvFixtures.bytes("GHSA-jfh8-c2jp-5v3q.json"));
    entries.put("broken.json", utf8("{\"id\": \"GHSA-broken\", \"modified\": "));
    entries.put("no-id.json", utf8("{\"modified\": \"2024-01-01T00:00:00Z\"}"));
    entries.put("no-modified.json", utf8("{\"id\": \"GHSA-nomod\", \"affected\": []}"));
    entries.put("unknown.json", utf8("{\"id\": \"FOO-1\", \"modified\": \"2024-01-01T00:00:00Z\","
        + " \"affected\": [{\"package\": {\"ecosystem\": \"FooPkg\", \"name\": \"x\"}}]}"));
    entries.put("mixed.json", utf8("{\"id\": \"MIX-1\", \"modified\": \"2024-01-01T00:00:00Z\","
        + " \"affected\": [{\"package\": {\"ecosystem\": \"crates.io\", \"name\": \"x\"}},"
        + " {\"package\": {\"ecosystem\": \"npm\", \"name\": \"x\"}}]}"));
    entries.put("README.md", utf8("# not a record"));
    entries.put("GO-2022-0969.json", OsvFixtures.bytes("GO-2022-0969.json"));
    Recorder sink = new Recorder();

    ImportSummary summary = reader.readZip(new ByteArrayInputStream(zip(entries).bytes), sink);

    assertThat(summary.complete()).isTrue();
    assertThat(sink.ids()).containsExactly("GHSA-jfh8-c2jp-5v3q", "MIX-1", "GO-2022-0969");
    assertThat(sink.issues).extracting(ImportIssue::entry, ImportIssue::kind).containsExactly(
        org.assertj.core.groups.Tuple.tuple("broken.json", ImportIssue.Kind.INVALID_JSON),
        org.assertj.core.groups.Tuple.tuple("no-id.json", ImportIssue.Kind.INVALID_RECORD),
        org.assertj.core.groups.Tuple.tuple("no-modified.json", ImportIssue.Kind.INVALID_RECORD),
        org.assertj.core.groups.Tuple.tuple("unknown.json",
            ImportIssue.Kind.UNSUPPORTED_ECOSYSTEM),
        org.assertj.core.groups.Tuple.tuple("mixed.json", ImportIssue.Kind.IGNORED_ECOSYSTEM),
        org.assertj.core.groups.Tuple.tuple("README.md", ImportIssue.Kind.SKIPPED_ENTRY));
    assertThat(sink.issues.get(1).reason()).isEqualTo("missing required field id");
    assertThat(sink.issues.get(2).reason())
        .isEqualTo("record GHSA-nomod: missing required field modified");
    assertThat(sink.issues.get(3).reason()).contains("FOO-1", "[FooPkg]");
    assertThat(summary).isEqualTo(new ImportSummary(8, 3, 0, 5, 6, true));
  }

  @Test
  void reportsAFileThatIsNotAZip() {
    Recorder sink = new Recorder();

    ImportSummary summary = reader.readZip(
        new ByteArrayInputStream(OsvFixtures.bytes("DSA-3029-1.json")), sink);

    assertThat(summary.complete()).isFalse();
    assertThat(summary.records()).isZero();
    assertThat(sink.issues).singleElement().satisfies(issue -> {
      assertThat(issue.kind()).isEqualTo(ImportIssue.Kind.SOURCE_ERROR);
      assertThat(issue.reason()).contains("after 0 entries without its central directory");
    });
  }

  @Test
  void acceptsAnEmptyZip() {
    ImportSummary summary = reader.readZip(
        new ByteArrayInputStream(zip(new LinkedHashMap<>()).bytes), new Recorder());

    assertThat(summary).isEqualTo(new ImportSummary(0, 0, 0, 0, 0, true));
  }

  @Test
  void skipsEntriesLargerThanTheLimit() {
    OsvArchiveReader small = new OsvArchiveReader(new OsvRecordParser(),
        new OsvImportLimits(4096));
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("GHSA-jfh8-c2jp-5v3q.json", OsvFixtures.bytes("GHSA-jfh8-c2jp-5v3q.json"));
    entries.put("DSA-3029-1.json", OsvFixtures.bytes("DSA-3029-1.json"));
    Recorder sink = new Recorder();

    ImportSummary summary = small.readZip(new ByteArrayInputStream(zip(entries).bytes), sink);

    assertThat(sink.ids()).containsExactly("DSA-3029-1");
    assertThat(sink.issues).singleElement().satisfies(issue -> {
      assertThat(issue.kind()).isEqualTo(ImportIssue.Kind.SKIPPED_ENTRY);
      assertThat(issue.reason()).contains("larger than the import limit of 4096 bytes");
    });
    assertThat(summary.complete()).isTrue();
  }

  @Test
  void flagsWithdrawnRecords() {
    String withdrawn = new String(OsvFixtures.bytes("GHSA-35jh-r3h4-6jhm.json"),
        StandardCharsets.UTF_8).replaceFirst("\"modified\": \"2022-02-08T21:35:09Z\",",
        "\"modified\": \"2024-01-01T00:00:00Z\", \"withdrawn\": \"2024-01-01T00:00:00Z\",");
    Recorder sink = new Recorder();

    ImportSummary summary = reader.readJson("GHSA-35jh-r3h4-6jhm.json", utf8(withdrawn), sink);

    assertThat(summary.withdrawn()).isEqualTo(1);
    assertThat(sink.records).singleElement()
        .satisfies(r -> assertThat(r.record().isWithdrawn()).isTrue());
  }

  @Test
  void readsADirectoryTreeAFileAndAJsonArray(@TempDir Path dir) throws IOException {
    Path nested = Files.createDirectories(dir.resolve("advisories/2021/12"));
    Files.write(nested.resolve("GHSA-jfh8-c2jp-5v3q.json"),
        OsvFixtures.bytes("GHSA-jfh8-c2jp-5v3q.json"));
    Files.write(dir.resolve("DSA-3029-1.json"), OsvFixtures.bytes("DSA-3029-1.json"));
    Files.write(dir.resolve("bad.json"), utf8("{"));
    Files.write(dir.resolve("notes.txt"), utf8("ignored"));
    Recorder fromDirectory = new Recorder();

    ImportSummary summary = reader.readDirectory(dir, fromDirectory);

    assertThat(fromDirectory.ids()).containsExactly("DSA-3029-1", "GHSA-jfh8-c2jp-5v3q");
    assertThat(fromDirectory.records.get(1).entry())
        .isEqualTo(Path.of("advisories/2021/12/GHSA-jfh8-c2jp-5v3q.json").toString());
    assertThat(fromDirectory.issues).extracting(ImportIssue::entry).containsExactly("bad.json");
    assertThat(summary.complete()).isTrue();

    Path array = dir.resolve("all.json");
    Files.write(array, utf8("[" + new String(OsvFixtures.bytes("GO-2022-0969.json"),
        StandardCharsets.UTF_8) + ", {\"id\": \"X\"}, "
        + new String(OsvFixtures.bytes("DSA-5474-1.json"), StandardCharsets.UTF_8) + "]"));
    Recorder fromArray = new Recorder();
    reader.readFile(array, fromArray);
    assertThat(fromArray.ids()).containsExactly("GO-2022-0969", "DSA-5474-1");
    assertThat(fromArray.records.get(1).entry()).isEqualTo("all.json#2");
    assertThat(fromArray.issues).extracting(ImportIssue::entry).containsExactly("all.json#1");
  }

  /** More than 65,535 entries: the end of central directory record is zip64's. */
  @Test
  void checksTheEntryCountOfZip64Archives() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 66_000; i++) {
      entries.put("X-" + i + ".json", utf8("{\"id\":\"X-" + i
          + "\",\"modified\":\"2024-01-01T00:00:00Z\"}"));
    }
    Zip zip = zip(entries);
    Recorder sink = new Recorder();

    ImportSummary whole = reader.readZip(new ByteArrayInputStream(zip.bytes), sink);
    ImportSummary cut = reader.readZip(new ByteArrayInputStream(
        Arrays.copyOf(zip.bytes, zip.entryStarts.get(65_999))), new Recorder());

    assertThat(whole.complete()).isTrue();
    assertThat(whole.records()).isEqualTo(66_000);
    assertThat(sink.issues).isEmpty();
    assertThat(cut.complete()).isFalse();
    assertThat(cut.records()).isEqualTo(65_999);
  }

  private static Zip fixtureZip() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (String file : OsvFixtures.FILES) {
      entries.put(file, OsvFixtures.bytes(file));
    }
    return zip(entries);
  }

  /** A zip and the offset of each entry's local header. */
  private static final class Zip {
    final byte[] bytes;
    final List<Integer> entryStarts;

    Zip(byte[] bytes, List<Integer> entryStarts) {
      this.bytes = bytes;
      this.entryStarts = entryStarts;
    }
  }

  private static Zip zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Integer> starts = new ArrayList<>();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.flush();
        starts.add(out.size());
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    starts.add(out.size());
    return new Zip(out.toByteArray(), starts);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Collects what the reader hands out. */
  static final class Recorder implements OsvImportSink {
    final List<ImportedRecord> records = new ArrayList<>();
    final List<ImportIssue> issues = new ArrayList<>();

    @Override
    public void record(ImportedRecord record) {
      records.add(record);
    }

    @Override
    public void issue(ImportIssue issue) {
      issues.add(issue);
    }

    List<String> ids() {
      return records.stream().map(r -> r.record().id()).toList();
    }
  }
}
