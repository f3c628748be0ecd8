package dev.scangate.osv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import tools.jackson.databind.JsonNode;

/**
 * Reads OSV records from the shapes OSV publishes them in: a per-ecosystem {@code all.zip} (a
 * zip of {@code <ID>.json} files, streamed with {@link ZipInputStream}: one entry in memory at a
 * time, never the archive), a directory tree of {@code .json} files (an advisory repository),
 * or one JSON file (a record, or an array of records).
 *
 * <pre>{@code
 * OsvArchiveReader reader = new OsvArchiveReader();
 * ImportSummary summary = reader.readZip(Path.of("npm-all.zip"), sink);
 * // sink.record(...) for each valid record, sink.issue(...) for each problem;
 * // summary.complete() is false when the zip was truncated or corrupt
 * }</pre>
 *
 * <p>Every record handed to the sink is whole: an entry is parsed only after all its bytes were
 * read (and, for zips, its CRC checked). A bad entry (invalid JSON, missing {@code id} or
 * {@code modified}, no affected package in an ecosystem scangate matches) is reported and
 * skipped; the import goes on. A source that cannot be read on (a truncated or corrupt zip, an
 * I/O error) ends the import with a {@link ImportIssue.Kind#SOURCE_ERROR}: what was read before
 * stands, and the caller decides whether to keep it. A zip cut exactly between two entries is
 * caught too: its end of central directory record is missing or counts other entries.
 */
public final class OsvArchiveReader {

  private final OsvRecordParser parser;
  private final OsvImportLimits limits;

  public OsvArchiveReader(OsvRecordParser parser, OsvImportLimits limits) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** A reader with its own parser and {@link OsvImportLimits#DEFAULTS}. */
  public OsvArchiveReader() {
    this(new OsvRecordParser(), OsvImportLimits.DEFAULTS);
  }

  /**
   * Reads a zip file.
   *
   * @throws IOException when the file cannot be opened (errors while reading it are reported
   *     to the sink)
   */
  public ImportSummary readZip(Path zip, OsvImportSink sink) throws IOException {
    try (InputStream in = Files.newInputStream(zip)) {
      return readZip(in, sink);
    }
  }

  /** Reads a zip from a stream (an upload, a download); does not close it. */
  public ImportSummary readZip(InputStream zip, OsvImportSink sink) {
    Counter counter = new Counter(sink);
    ZipTail tail = new ZipTail(zip);
    ZipInputStream in = new ZipInputStream(tail);
    long localEntries = 0;
    String current = "(start of archive)";
    try {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        localEntries++;
        current = entry.getName();
        if (entry.isDirectory()) {
          continue;
        }
        if (!isJsonName(current)) {
          counter.issue(current, ImportIssue.Kind.SKIPPED_ENTRY, "not a .json file");
          continue;
        }
        byte[] json = readBounded(in, current, counter);
        if (json != null) {
          // parsed only now: the whole entry was read and its CRC checked
          readDocument(current, json, counter);
        }
      }
      tail.drain();
      OptionalLong declared = tail.declaredEntries();
      if (declared.isEmpty()) {
        counter.sourceError(current, "the zip ends after " + localEntries + " entries without"
            + " its central directory (truncated?); " + tail.count() + " bytes read");
      } else if (declared.getAsLong() != localEntries) {
        counter.sourceError(current, "the zip's central directory lists "
            + declared.getAsLong() + " entries but " + localEntries + " were found (truncated"
            + " or corrupt?)");
      }
    } catch (IOException e) {
      counter.sourceError(current, "reading the zip after " + localEntries + " entries, at "
          + current + ": " + e);
    }
    return counter.summary();
  }

  /**
   * Reads every {@code .json} file under a directory, in path order; symbolic links are not
   * followed.
   *
   * @throws IOException when the directory cannot be listed
   */
  public ImportSummary readDirectory(Path directory, OsvImportSink sink) throws IOException {
    Counter counter = new Counter(sink);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> isJsonName(p.getFileName().toString()))
          .sorted().forEach(files::add);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path file : files) {
      String entry = directory.relativize(file).toString();
      byte[] json;
      try {
        long size = Files.size(file);
        if (size > limits.maxEntryBytes()) {
          counter.issue(entry, ImportIssue.Kind.SKIPPED_ENTRY, tooLarge(size));
          continue;
        }
        json = Files.readAllBytes(file);
      } catch (IOException e) {
        counter.sourceError(entry, "reading " + file + ": " + e);
        return counter.summary();
      }
      readDocument(entry, json, counter);
    }
    return counter.summary();
  }

  /**
   * Reads one JSON file: a record, or an array of records.
   *
   * @throws IOException when the file cannot be read
   */
  public ImportSummary readFile(Path file, OsvImportSink sink) throws IOException {
    long size = Files.size(file);
    Counter counter = new Counter(sink);
    String entry = file.getFileName().toString();
    if (size > limits.maxEntryBytes()) {
      counter.issue(entry, ImportIssue.Kind.SKIPPED_ENTRY, tooLarge(size));
      return counter.summary();
    }
    readDocument(entry, Files.readAllBytes(file), counter);
    return counter.summary();
  }

  /** Reads one JSON document already in memory (an API upload of a single record). */
  public ImportSummary readJson(String entry, byte[] json, OsvImportSink sink) {
    Counter counter = new Counter(sink);
    readDocument(entry, json, counter);
    return counter.summary();
  }

  private void readDocument(String entry, byte[] json, Counter counter) {
    JsonNode tree;
    try {
      tree = parser.tree(json);
    } catch (InvalidOsvRecordException e) {
      counter.issue(entry, e.kind(), e.getMessage());
      return;
    }
    if (!tree.isArray()) {
      accept(entry, tree, json, counter);
      return;
    }
    for (int i = 0; i < tree.size(); i++) {
      JsonNode element = tree.get(i);
      accept(entry + "#" + i, element, parser.bytes(element), counter);
    }
  }

  private void accept(String entry, JsonNode tree, byte[] json, Counter counter) {
    OsvRecord record;
    try {
      record = parser.parse(tree);
    } catch (InvalidOsvRecordException e) {
      counter.issue(entry, e.kind(), e.getMessage());
      return;
    }
    List<String> unsupported = new ArrayList<>();
    boolean supported = false;
    for (String ecosystem : record.ecosystems()) {
      if (OsvEcosystem.parse(ecosystem).isPresent()) {
        supported = true;
      } else {
        unsupported.add(ecosystem);
      }
    }
    if (!supported && !unsupported.isEmpty()) {
      counter.issue(entry, ImportIssue.Kind.UNSUPPORTED_ECOSYSTEM, "record " + record.id()
          + " has no affected package in an ecosystem scangate matches: " + unsupported);
      return;
    }
    if (!unsupported.isEmpty()) {
      counter.issue(entry, ImportIssue.Kind.IGNORED_ECOSYSTEM, "record " + record.id()
          + ": affected packages in " + unsupported + " are not matched");
    }
    counter.record(new ImportedRecord(entry, record, json));
  }

  /** The entry's bytes, or null (reported) when it is larger than the limit. */
  private byte[] readBounded(InputStream in, String entry, Counter counter) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
      if (total > limits.maxEntryBytes()) {
        // read on to the entry's end without keeping it, so its CRC is still checked
        for (int m = in.read(buffer); m >= 0; m = in.read(buffer)) {
          total += m;
        }
        counter.issue(entry, ImportIssue.Kind.SKIPPED_ENTRY, tooLarge(total));
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private String tooLarge(long size) {
    return "larger than the import limit of " + limits.maxEntryBytes() + " bytes (" + size
        + (size > limits.maxEntryBytes() ? "+" : "") + " bytes)";
  }

  private static boolean isJsonName(String name) {
    return name.toLowerCase(Locale.ROOT).endsWith(".json");
  }

  /** Hands results to the sink and counts them. */
  private static final class Counter {

    private final OsvImportSink sink;
    private int entries;
    private int records;
    private int withdrawn;
    private int skipped;
    private int issues;
    private boolean complete = true;

    Counter(OsvImportSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
    }

    void record(ImportedRecord record) {
      entries++;
      records++;
      if (record.record().isWithdrawn()) {
        withdrawn++;
      }
      sink.record(record);
    }

    void issue(String entry, ImportIssue.Kind kind, String reason) {
      issues++;
      if (kind.skipsRecord()) {
        entries++;
        skipped++;
      }
      sink.issue(new ImportIssue(entry, kind, reason));
    }

    void sourceError(String entry, String reason) {
      complete = false;
      issue(entry, ImportIssue.Kind.SOURCE_ERROR, reason);
    }

    ImportSummary summary() {
      return new ImportSummary(entries, records, withdrawn, skipped, issues, complete);
    }
  }
}
