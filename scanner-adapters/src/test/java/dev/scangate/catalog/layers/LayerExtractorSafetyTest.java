package dev.scangate.catalog.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.FileEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and damaged layers. Every layer here is hand-crafted at test time with
 * commons-compress's tar writer, java.util.zip and raw bytes (path traversal, escaping symlinks,
 * decompression bombs, truncated and corrupted blobs): no real tool writes them on purpose.
 */
class LayerExtractorSafetyTest {

  private static final FileFilter ALL = (path, size, mode) -> true;

  @TempDir
  Path root;
  private Path scratchParent;

  @BeforeEach
  void layout() throws IOException {
    scratchParent = Files.createDirectories(root.resolve("outer/parent"));
  }

  private ExtractedFilesystem extract(MemoryLayerSource source) throws IOException {
    return extract(source, CatalogLimits.defaults());
  }

  private ExtractedFilesystem extract(MemoryLayerSource source, CatalogLimits limits)
      throws IOException {
    return new LayerExtractor(limits).extract(source, ALL, scratchParent);
  }

  /** Every file and directory under the test's root, except inside the scratch directory. */
  private List<String> outsideScratch(Path scratch) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> scratch == null || !p.startsWith(scratch))
          .map(p -> root.relativize(p).toString()).sorted().collect(Collectors.toList());
    }
  }

  private static void assertNoSymlinks(Path scratch) throws IOException {
    try (Stream<Path> all = Files.walk(scratch)) {
      assertThat(all.filter(Files::isSymbolicLink)).isEmpty();
    }
  }

  private static String read(ExtractedFilesystem fs, String path) throws IOException {
    try (InputStream in = fs.open(fs.file(path).orElseThrow())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void entriesThatClimbAboveTheRootAreIgnoredAndNothingIsWrittenOutsideScratch()
      throws IOException {
    List<String> before = outsideScratch(null);
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder()
        .file("../../x", "traversal")
        .file("/../../y", "absolute traversal")
        .file("etc/../../../z", "nested traversal")
        .hardlink("etc/passwd", "../../../etc/passwd")
        .file("/etc/ok", "absolute but inside").tar());
    try (ExtractedFilesystem fs = extract(source)) {
      assertThat(outsideScratch(fs.scratchDirectory())).isEqualTo(before);
      assertThat(fs.files(p -> true)).extracting(FileEntry::path).containsExactly("/etc/ok");
      assertThat(fs.layers().get(0).warnings()).containsExactly(
          "entry ../../x escapes the image root: ignored",
          "entry /../../y escapes the image root: ignored",
          "entry etc/../../../z escapes the image root: ignored",
          "hard link /etc/passwd -> ../../../etc/passwd escapes the image root: ignored");
      assertNoSymlinks(fs.scratchDirectory());
    }
  }

  @Test
  void fileWrittenThroughAnEscapingSymlinkStaysInsideTheImage() throws IOException {
    String hostDir = "/tmp/scangate-escape-" + UUID.randomUUID();
    List<String> before = outsideScratch(null);
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().symlink("evil", "../../../../../../.." + hostDir)
            .symlink("abs", hostDir).tar(),
        new TarBuilder().file("evil/pwned", "through a relative link")
            .file("abs/pwned2", "through an absolute link").tar());
    try (ExtractedFilesystem fs = extract(source)) {
      assertThat(Path.of(hostDir)).doesNotExist();
      assertThat(outsideScratch(fs.scratchDirectory())).isEqualTo(before);
      assertNoSymlinks(fs.scratchDirectory());
      // containerd resolves the parent inside the root: the files land in the image's hostDir
      assertThat(fs.file("/evil/pwned").orElseThrow().path()).isEqualTo(hostDir + "/pwned");
      assertThat(read(fs, "/abs/pwned2")).isEqualTo("through an absolute link");
      assertThat(fs.lookup(hostDir).orElseThrow().kind()).isEqualTo(EntryKind.DIRECTORY);
    }
  }

  @Test
  void symlinkToAHostFileNeverReadsTheHostFile() throws IOException {
    Path host = Files.writeString(root.resolve("host-secret"), "host");
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder()
        .symlink("a", host.toString())
        .symlink("b", "../../../../../../../../../.." + host)
        .symlink("c", "/etc/hostname").tar());
    try (ExtractedFilesystem fs = extract(source)) {
      assertThat(fs.file("/a")).isEmpty();
      assertThat(fs.file("/b")).isEmpty();
      assertThat(fs.file("/c")).isEmpty();
    }
  }

  @Test
  void zeroBombStopsAtTheUncompressedLimit() throws IOException {
    // one tar entry of 4 GiB of zeros: a gzip member with the header, then 64 members of
    // 64 MiB of zeros each (about 4 MB of blob)
    long size = 4L << 30;
    TarArchiveEntry entry = new TarArchiveEntry("zeros", TarConstants.LF_NORMAL, true);
    entry.setSize(size);
    byte[] header = new byte[512];
    entry.writeEntryHeader(header);
    byte[] zeroMember = gzipZeros(64 << 20);
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    blob.writeBytes(TarBuilder.gzip(header));
    for (int i = 0; i < 64; i++) {
      blob.writeBytes(zeroMember);
    }
    assertThat(blob.size()).isLessThan(8 << 20);
    MemoryLayerSource source =
        new MemoryLayerSource().add(MemoryLayerSource.OCI_GZIP, blob.toByteArray());
    CatalogLimits limits = new CatalogLimits(64L << 20, 1000, 8L << 30, 4);

    long start = System.nanoTime();
    assertThatThrownBy(() -> extract(source, limits))
        .isInstanceOf(CatalogLimitException.class)
        .hasMessage("layer " + source.digest(0) + " exceeds the limit of 64 MiB uncompressed"
            + " over all layers (maxUncompressedBytes)")
        .satisfies(e -> assertThat(((CatalogLimitException) e).setting())
            .isEqualTo("maxUncompressedBytes"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(scratchParent).isEmptyDirectory();
  }

  private static byte[] gzipZeros(int length) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < length / zeros.length; i++) {
        gz.write(zeros);
      }
    }
    return out.toByteArray();
  }

  @Test
  void tooManyEntriesStopAtTheEntryLimit() throws IOException {
    TarBuilder many = new TarBuilder();
    for (int i = 0; i < 10; i++) {
      many.file("f" + i, "x");
    }
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder().file("a", "a").tar(),
        many.tar());
    CatalogLimits limits = new CatalogLimits(1L << 30, 5, 1 << 20, 4);
    assertThatThrownBy(() -> extract(source, limits))
        .isInstanceOf(CatalogLimitException.class)
        .hasMessage("layer " + source.digest(1)
            + " exceeds the limit of 5 tar entries over all layers (maxEntries)");
    assertThat(scratchParent).isEmptyDirectory();
  }

  @Test
  void truncatedGzipFailsNamingTheLayer() throws IOException {
    byte[] random = new byte[200_000];
    new Random(7).nextBytes(random);
    byte[] blob = new TarBuilder().file("a", "a").file("random.bin", random, 0644).gzip();
    MemoryLayerSource source = new MemoryLayerSource()
        .add(MemoryLayerSource.OCI_GZIP, new TarBuilder().file("ok", "ok").gzip())
        .add(MemoryLayerSource.OCI_GZIP, Arrays.copyOf(blob, blob.length / 2));
    assertThatThrownBy(() -> extract(source))
        .isInstanceOf(CorruptLayerException.class)
        .hasMessage("layer " + source.digest(1)
            + " is truncated or corrupt: unexpected end of gzip stream");
    assertThat(scratchParent).isEmptyDirectory();
  }

  @Test
  void gzipWithWrongChecksumFailsNamingTheLayer() {
    byte[] blob = new TarBuilder().file("status", "Package: libc6\n").gzip();
    blob[blob.length - 8] ^= 0x01; // the CRC-32 of the trailer (RFC 1952 2.3.1)
    MemoryLayerSource source = new MemoryLayerSource().add(MemoryLayerSource.OCI_GZIP, blob);
    assertThatThrownBy(() -> extract(source))
        .isInstanceOf(CorruptLayerException.class)
        .hasMessage("layer " + source.digest(0)
            + " is truncated or corrupt: damaged gzip stream (Corrupt GZIP trailer)");
  }

  @Test
  void damagedDeflateDataFailsNamingTheLayer() {
    byte[] text = "Package: libc6\nVersion: 2.36\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
    byte[] blob = new TarBuilder().file("status", text, 0644).file("next", "n").gzip();
    for (int i = blob.length / 2; i < blob.length / 2 + 16; i++) {
      blob[i] ^= 0x5a;
    }
    MemoryLayerSource source = new MemoryLayerSource().add(MemoryLayerSource.OCI_GZIP, blob);
    // the inflater, the tar reader or the checksum notices, depending on what the bytes became
    assertThatThrownBy(() -> extract(source))
        .isInstanceOf(CorruptLayerException.class)
        .hasMessageStartingWith("layer " + source.digest(0) + " is truncated or corrupt: ");
  }

  @Test
  void truncatedZstdFailsNamingTheLayer() {
    byte[] random = new byte[300_000];
    new Random(7).nextBytes(random);
    byte[] blob = new TarBuilder().file("random.bin", random, 0644).zstd();
    MemoryLayerSource source = new MemoryLayerSource()
        .add(MemoryLayerSource.OCI_ZSTD, Arrays.copyOf(blob, blob.length / 2));
    assertThatThrownBy(() -> extract(source))
        .isInstanceOf(CorruptLayerException.class)
        .hasMessage("layer " + source.digest(0)
            + " is truncated or corrupt: unexpected end of zstd stream");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void zstdFrameDeclaringAHugeWindowIsRefusedBeforeDecoding(boolean singleSegment) {
    // RLE blocks expand 4 bytes to 128 KiB; the decoder would keep the whole declared window
    ByteBuffer frame = ByteBuffer.allocate(64 + 4 * 1000).order(ByteOrder.LITTLE_ENDIAN);
    frame.putInt(0xFD2FB528);
    if (singleSegment) {
      frame.put((byte) 0xE0).putLong(3L << 29); // single segment, 8-byte content size 1.5 GiB
    } else {
      frame.put((byte) 0x00).put((byte) (20 << 3)); // window 2^30, no content size
    }
    for (int i = 0; i < 1000; i++) {
      int blockHeader = (128 * 1024) << 3 | 1 << 1; // RLE, not last
      frame.put((byte) blockHeader).put((byte) (blockHeader >>> 8))
          .put((byte) (blockHeader >>> 16)).put((byte) 0);
    }
    byte[] blob = Arrays.copyOf(frame.array(), frame.position());
    MemoryLayerSource source = new MemoryLayerSource().add(MemoryLayerSource.OCI_ZSTD, blob);
    assertThatThrownBy(() -> extract(source))
        .isInstanceOf(CorruptLayerException.class)
        .hasMessage("layer " + source.digest(0) + " cannot be read: a zstd frame needs a window"
            + " of " + (singleSegment ? "1.5 GiB" : "1 GiB") + "; at most 8 MiB is supported");
  }

  @Test
  void oversizedGnuLongNameIsRefusedWithoutBeingRead() throws IOException {
    TarArchiveEntry longName = new TarArchiveEntry("././@LongLink",
        TarConstants.LF_GNUTYPE_LONGNAME, true);
    byte[] name = new byte[16 << 20];
    Arrays.fill(name, (byte) 'a');
    longName.setSize(name.length);
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder()
        .add(longName, name).file("x", "x").tar());
    assertThatThrownBy(() -> extract(source))
        .isInstanceOf(CorruptLayerException.class)
        .hasMessage("layer " + source.digest(0) + " cannot be read: the tar headers of one entry"
            + " (PAX headers, GNU long names, sparse maps) are larger than 1 MiB");
  }

  @Test
  void symlinkEntryWithDataIsRefused() {
    // commons-compress would read the data, Go's archive/tar (containerd) would not: the two
    // would see different files after it
    TarArchiveEntry link = new TarArchiveEntry("link", TarConstants.LF_SYMLINK, true);
    link.setLinkName("target");
    link.setSize(512);
    MemoryLayerSource source =
        MemoryLayerSource.of(new TarBuilder().add(link, new byte[512]).file("x", "x").tar());
    assertThatThrownBy(() -> extract(source))
        .isInstanceOf(CorruptLayerException.class)
        .hasMessage("layer " + source.digest(0) + " cannot be read: entry link is a symbolic link"
            + " with 512 bytes of data, which tar readers skip differently");
  }

  @Test
  void tarWithoutEndBlocksKeepsWhatWasRead() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().file("a", "a").file("b", "b").tarWithoutEnd());
    try (ExtractedFilesystem fs = extract(source)) {
      assertThat(fs.files(p -> true)).extracting(FileEntry::path).containsExactly("/a", "/b");
      assertThat(fs.layers().get(0).warnings()).containsExactly(
          "layer ends without the tar end-of-archive blocks: the 2 entries before the end are"
              + " used");
    }
  }

  @Test
  void tarCutInsideAnEntryKeepsTheEntriesBeforeIt() throws IOException {
    byte[] tar = new TarBuilder().file("a", "a").file("b", new byte[3000], 0644).tar();
    // a: header + 1 block; b: header, then cut 1000 bytes into its data
    MemoryLayerSource source = new MemoryLayerSource()
        .add(MemoryLayerSource.OCI_GZIP, TarBuilder.gzip(Arrays.copyOf(tar, 1024 + 512 + 1000)));
    try (ExtractedFilesystem fs = extract(source)) {
      assertThat(fs.files(p -> true)).extracting(FileEntry::path).containsExactly("/a");
      assertThat(fs.lookup("/b")).isEmpty();
      assertThat(fs.layers().get(0).warnings()).containsExactly(
          "layer ends inside entry /b after 1000 of 3000 bytes: the entries before it are used");
      try (Stream<Path> scratch = Files.list(fs.scratchDirectory())) {
        assertThat(scratch.count()).isEqualTo(1);
      }
    }
  }

  @Test
  void tarCutInsideAHeaderKeepsTheEntriesBeforeIt() throws IOException {
    byte[] tar = new TarBuilder().file("a", "a").file("b", "b").tar();
    MemoryLayerSource source = MemoryLayerSource.of(Arrays.copyOf(tar, 1024 + 256));
    try (ExtractedFilesystem fs = extract(source)) {
      assertThat(fs.files(p -> true)).extracting(FileEntry::path).containsExactly("/a");
      assertThat(fs.layers().get(0).warnings()).containsExactly(
          "layer ends without the tar end-of-archive blocks: the 1 entries before the end are"
              + " used");
    }
  }

  @Test
  void namesInWarningsCannotForgeLogLines() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().file("../x\nlayer sha256:00 is fine", "x").tar());
    try (ExtractedFilesystem fs = extract(source)) {
      assertThat(fs.layers().get(0).warnings()).containsExactly(
          "entry ../x\\x0alayer sha256:00 is fine escapes the image root: ignored");
    }
  }

  @Test
  void interruptedExtractionStopsAndLeavesNoScratch() {
    // the worker interrupts the thread when a scan is cancelled; here the blob does it midway
    byte[] tar = new TarBuilder().file("a", new byte[1 << 20], 0644)
        .file("b", new byte[1 << 20], 0644).tar();
    MemoryLayerSource source = new MemoryLayerSource() {
      @Override
      public InputStream open(dev.scangate.catalog.Layer layer) {
        return new java.io.FilterInputStream(super.open(layer)) {
          private long read;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            if (read > (1 << 20)) {
              Thread.currentThread().interrupt();
            }
            return n;
          }
        };
      }
    };
    source.add(MemoryLayerSource.OCI_TAR, tar);
    try {
      assertThatThrownBy(() -> extract(source))
          .isInstanceOf(java.io.InterruptedIOException.class)
          .hasMessage("extracting layer " + source.digest(0) + " was interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(scratchParent).isEmptyDirectory();
  }

  @Test
  void failedExtractionLeavesNoScratchBehind() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder().file("a", "a").tar())
        .add(MemoryLayerSource.OCI_GZIP, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0});
    assertThatThrownBy(() -> extract(source)).isInstanceOf(CorruptLayerException.class)
        .hasMessage("layer " + source.digest(1)
            + " is truncated or corrupt: unexpected end of gzip stream");
    assertThat(scratchParent).isEmptyDirectory();
    assertThat(Files.exists(root.resolve("outer/x"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }
}
