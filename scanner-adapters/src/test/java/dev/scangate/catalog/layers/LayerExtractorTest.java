package dev.scangate.catalog.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.FileEntry;
import dev.scangate.catalog.SkippedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How layers combine into the final filesystem. The layers are written at test time with
 * commons-compress's tar writer ({@link TarBuilder}); LayerExtractorUmociIT checks the same
 * rules on images built by umoci.
 */
class LayerExtractorTest {

  private static final FileFilter ALL = (path, size, mode) -> true;

  @TempDir
  Path work;

  private ExtractedFilesystem extract(MemoryLayerSource source, FileFilter wanted)
      throws IOException {
    return new LayerExtractor(CatalogLimits.defaults()).extract(source, wanted, work);
  }

  private static String read(ExtractedFilesystem fs, String path) throws IOException {
    FileEntry entry = fs.file(path).orElseThrow(() -> new AssertionError("no file " + path));
    try (InputStream in = fs.open(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void laterLayerReplacesFileOfLowerLayer() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().dir("etc").file("etc/motd", "base").tar(),
        new TarBuilder().file("etc/motd", "upper").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/etc/motd")).isEqualTo("upper");
      FileEntry motd = fs.file("/etc/motd").orElseThrow();
      assertThat(motd.layerIndex()).isEqualTo(1);
      assertThat(motd.layerDigest()).isEqualTo(source.digest(1));
      assertThat(fs.files(p -> true)).hasSize(1);
    }
  }

  @Test
  void replacedContentIsDeletedFromScratch() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().file("a", "1").file("b", "2").tar(),
        new TarBuilder().file("a", "3").whiteout("b").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      try (Stream<Path> scratch = Files.list(fs.scratchDirectory())) {
        assertThat(scratch.count()).isEqualTo(1);
      }
      assertThat(fs.layers().get(0).filesExtracted()).isEqualTo(2);
    }
  }

  @Test
  void whiteoutHidesFileAndDirectoryOfLowerLayers() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().file("etc/gone", "x").file("etc/kept", "k")
            .file("opt/app/lib/a.jar", "a").file("opt/app/b.jar", "b").tar(),
        new TarBuilder().whiteout("etc/gone").whiteout("opt/app").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(fs.file("/etc/gone")).isEmpty();
      assertThat(fs.lookup("/etc/gone")).isEmpty();
      assertThat(fs.lookup("/opt/app")).isEmpty();
      assertThat(fs.lookup("/opt").orElseThrow().kind()).isEqualTo(EntryKind.DIRECTORY);
      assertThat(fs.files(p -> true)).extracting(FileEntry::path).containsExactly("/etc/kept");
      assertThat(fs.lookup("/etc/.wh.gone")).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void whiteoutDoesNotHideWhatTheSameLayerWrites(boolean whiteoutFirst) throws IOException {
    TarBuilder upper = new TarBuilder();
    if (whiteoutFirst) {
      upper.whiteout("etc/conf").whiteout("srv").file("etc/conf", "new").file("srv/new", "n");
    } else {
      upper.file("etc/conf", "new").file("srv/new", "n").whiteout("etc/conf").whiteout("srv");
    }
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().file("etc/conf", "old").file("srv/old", "o").tar(), upper.tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/etc/conf")).isEqualTo("new");
      assertThat(fs.files(p -> p.startsWith("/srv/"))).extracting(FileEntry::path)
          .containsExactly("/srv/new");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void opaqueDirectoryHidesLowerContentAndKeepsSameLayerContent(boolean markerFirst)
      throws IOException {
    TarBuilder upper = new TarBuilder().dir("app");
    if (markerFirst) {
      upper.opaque("app").file("app/new.jar", "n").file("app/sub/x", "x");
    } else {
      upper.file("app/new.jar", "n").file("app/sub/x", "x").opaque("app");
    }
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().file("app/old.jar", "o").file("app/sub/old", "o").file("other", "k")
            .tar(),
        upper.tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(fs.files(p -> true)).extracting(FileEntry::path)
          .containsExactly("/app/new.jar", "/app/sub/x", "/other");
      assertThat(fs.lookup("/app/.wh..wh..opq")).isEmpty();
    }
  }

  @Test
  void whiteoutInLayerThreeHidesFileOfLayerTwoOnly() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().file("x", "0").tar(),
        new TarBuilder().file("x", "1").tar(),
        new TarBuilder().whiteout("x").tar(),
        new TarBuilder().file("x", "3").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/x")).isEqualTo("3");
      assertThat(fs.file("/x").orElseThrow().layerIndex()).isEqualTo(3);
    }
  }

  @Test
  void symlinkChainResolvesToRealPath() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder()
        .file("usr/lib/os-release", "ID=debian\n")
        .symlink("etc/os-release", "../usr/lib/os-release")
        .symlink("etc/release", "os-release")
        .symlink("release", "/etc/release").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/release")).isEqualTo("ID=debian\n");
      assertThat(fs.file("/etc/os-release").orElseThrow().path()).isEqualTo("/usr/lib/os-release");
      IndexedPath link = fs.lookup("/etc/os-release").orElseThrow();
      assertThat(link.kind()).isEqualTo(EntryKind.SYMLINK);
      assertThat(link.linkTarget()).isEqualTo("../usr/lib/os-release");
      assertThat(fs.files(p -> true)).extracting(FileEntry::path)
          .containsExactly("/usr/lib/os-release");
    }
  }

  @Test
  void dotDotAboveTheRootStaysAtTheRoot() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder()
        .file("etc/secret", "image secret")
        .symlink("a/b/up", "../../../../../../etc/secret")
        .symlink("abs", "/../../etc/secret").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/a/b/up")).isEqualTo("image secret");
      assertThat(read(fs, "/abs")).isEqualTo("image secret");
      assertThat(read(fs, "/../../etc/../etc/secret")).isEqualTo("image secret");
    }
  }

  @Test
  void symlinkLoopResolvesToNothing() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder()
        .symlink("a", "b").symlink("b", "a").symlink("self", "./self").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(fs.file("/a")).isEmpty();
      assertThat(fs.file("/self/x")).isEmpty();
      assertThat(fs.lookup("/a").orElseThrow().kind()).isEqualTo(EntryKind.SYMLINK);
    }
  }

  @Test
  void followsFortySymlinksButNotFortyOne() throws IOException {
    TarBuilder tar = new TarBuilder().file("target", "end");
    tar.symlink("l0", "target");
    for (int i = 1; i <= 40; i++) {
      tar.symlink("l" + i, "l" + (i - 1));
    }
    try (ExtractedFilesystem fs = extract(MemoryLayerSource.of(tar.tar()), ALL)) {
      assertThat(read(fs, "/l39")).isEqualTo("end");
      assertThat(fs.file("/l40")).isEmpty();
    }
  }

  @Test
  void directorySymlinkOfLowerLayerRedirectsEntriesOfUpperLayer() throws IOException {
    List<String> asked = new ArrayList<>();
    FileFilter recording = (path, size, mode) -> asked.add(path);
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().dir("usr/lib").symlink("lib", "usr/lib").tar(),
        new TarBuilder().file("lib/apk/db/installed", "P:musl\n").tar());
    try (ExtractedFilesystem fs = extract(source, recording)) {
      assertThat(asked).containsExactly("/usr/lib/apk/db/installed");
      assertThat(read(fs, "/lib/apk/db/installed")).isEqualTo("P:musl\n");
      assertThat(fs.file("/lib/apk/db/installed").orElseThrow().path())
          .isEqualTo("/usr/lib/apk/db/installed");
      assertThat(fs.lookup("/lib").orElseThrow().kind()).isEqualTo(EntryKind.SYMLINK);
    }
  }

  @Test
  void entryBelowAFileReplacesTheFileByADirectoryWithAWarning() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().file("opt", "a file").tar(),
        new TarBuilder().file("opt/tool", "t").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/opt/tool")).isEqualTo("t");
      assertThat(fs.layers().get(1).warnings())
          .containsExactly("/opt is a regular but the layer puts entries below it: replaced by a"
              + " directory");
    }
  }

  @Test
  void fileReplacesDirectoryAndEverythingBelowIt() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().file("data/a", "a").file("data/sub/b", "b").tar(),
        new TarBuilder().file("data", "now a file").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(fs.files(p -> true)).extracting(FileEntry::path).containsExactly("/data");
      assertThat(fs.lookup("/data/sub/b")).isEmpty();
    }
  }

  @Test
  void hardLinkSharesContentOfItsTargetAcrossLayers() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().file("usr/bin/perl5.36", "#!perl".getBytes(StandardCharsets.UTF_8), 0755)
            .hardlink("usr/bin/perl", "usr/bin/perl5.36").tar(),
        new TarBuilder().hardlink("opt/perl", "/usr/bin/perl").whiteout("usr/bin/perl5.36").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/usr/bin/perl")).isEqualTo("#!perl");
      assertThat(read(fs, "/opt/perl")).isEqualTo("#!perl");
      assertThat(fs.file("/usr/bin/perl5.36")).isEmpty();
      FileEntry perl = fs.file("/usr/bin/perl").orElseThrow();
      assertThat(perl.executable()).isTrue();
      assertThat(perl.size()).isEqualTo(6);
      IndexedPath link = fs.lookup("/opt/perl").orElseThrow();
      assertThat(link.kind()).isEqualTo(EntryKind.HARDLINK);
      assertThat(link.linkTarget()).isEqualTo("/usr/bin/perl");
      assertThat(fs.localPath(fs.file("/opt/perl").orElseThrow()))
          .isEqualTo(fs.localPath(perl));
    }
  }

  @Test
  void hardLinkToUnextractedFileIsReportedAsSkipped() throws IOException {
    FileFilter onlyLink = (path, size, mode) -> path.equals("/app/status");
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder()
        .file("var/status", "x").hardlink("app/status", "var/status").tar());
    try (ExtractedFilesystem fs = extract(source, onlyLink)) {
      assertThat(fs.file("/app/status")).isEmpty();
      assertThat(fs.skipped()).containsExactly(new SkippedFile("/app/status", LayerExtractor.ID,
          "hard link to /var/status, whose content was not extracted"));
    }
  }

  @Test
  void hardLinkToMissingFileIsIgnoredWithAWarning() throws IOException {
    MemoryLayerSource source =
        MemoryLayerSource.of(new TarBuilder().hardlink("a", "nowhere").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(fs.lookup("/a")).isEmpty();
      assertThat(fs.layers().get(0).warnings())
          .containsExactly("hard link /a -> nowhere: no such file in this or a lower layer: ignored");
    }
  }

  @Test
  void onlyWantedFilesAreExtractedButEveryPathIsIndexed() throws IOException {
    FileFilter dpkg = (path, size, mode) -> path.equals("/var/lib/dpkg/status");
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder()
        .file("var/lib/dpkg/status", "Package: libc6\n")
        .file("usr/bin/ls", new byte[1000], 0755).tar());
    try (ExtractedFilesystem fs = extract(source, dpkg)) {
      assertThat(fs.files(p -> true)).extracting(FileEntry::path)
          .containsExactly("/var/lib/dpkg/status");
      assertThat(fs.file("/usr/bin/ls")).isEmpty();
      IndexedPath ls = fs.lookup("/usr/bin/ls").orElseThrow();
      assertThat(ls.kind()).isEqualTo(EntryKind.REGULAR);
      assertThat(ls.size()).isEqualTo(1000);
      assertThat(ls.mode()).isEqualTo(0755);
      assertThat(ls.extracted()).isFalse();
      assertThat(ls.layerDigest()).isEqualTo(source.digest(0));
      try (Stream<Path> scratch = Files.list(fs.scratchDirectory())) {
        assertThat(scratch.count()).isEqualTo(1);
      }
    }
  }

  @Test
  void filesAreListedInPathOrderWithTheirLayer() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().file("b/x.jar", "1").file("a/y.jar", "2").file("c.txt", "3").tar(),
        new TarBuilder().file("a/z.jar", "4").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(fs.files(p -> p.endsWith(".jar"))).extracting(FileEntry::path,
              FileEntry::layerIndex)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("/a/y.jar", 0),
              org.assertj.core.groups.Tuple.tuple("/a/z.jar", 1),
              org.assertj.core.groups.Tuple.tuple("/b/x.jar", 0));
    }
  }

  @Test
  void wantedFileLargerThanMaxFileBytesIsSkippedWithTheReason() throws IOException {
    CatalogLimits limits = new CatalogLimits(1L << 30, 1000, 1024, 4);
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder()
        .file("big.jar", new byte[4096], 0644).file("small.jar", new byte[10], 0644).tar());
    try (ExtractedFilesystem fs = new LayerExtractor(limits).extract(source, ALL, work)) {
      assertThat(fs.file("/big.jar")).isEmpty();
      assertThat(fs.file("/small.jar")).isPresent();
      assertThat(fs.skipped()).containsExactly(
          new SkippedFile("/big.jar", LayerExtractor.ID, "larger than maxFileBytes 1 KiB"));
    }
  }

  @Test
  void skippedFileDeletedByUpperLayerIsNotReported() throws IOException {
    CatalogLimits limits = new CatalogLimits(1L << 30, 1000, 1024, 4);
    MemoryLayerSource source = MemoryLayerSource.of(
        new TarBuilder().file("big.jar", new byte[4096], 0644).tar(),
        new TarBuilder().whiteout("big.jar").tar());
    try (ExtractedFilesystem fs = new LayerExtractor(limits).extract(source, ALL, work)) {
      assertThat(fs.skipped()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {MemoryLayerSource.OCI_TAR, MemoryLayerSource.OCI_GZIP,
      MemoryLayerSource.OCI_ZSTD, MemoryLayerSource.DOCKER_GZIP})
  void readsLayerOfEachMediaType(String mediaType) throws IOException {
    byte[] tar = new TarBuilder().file("etc/hostname", "scangate").tar();
    byte[] blob = mediaType.endsWith("zstd") ? TarBuilder.zstd(tar)
        : mediaType.endsWith("gzip") ? TarBuilder.gzip(tar) : tar;
    MemoryLayerSource source = new MemoryLayerSource().add(mediaType, blob);
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/etc/hostname")).isEqualTo("scangate");
      LayerOutcome outcome = fs.layers().get(0);
      assertThat(outcome.warnings()).isEmpty();
      assertThat(outcome.compression()).isEqualTo(mediaType.endsWith("zstd") ? "zstd"
          : mediaType.endsWith("gzip") ? "gzip" : "none");
      assertThat(outcome.compressedBytes()).isEqualTo(blob.length);
      assertThat(outcome.uncompressedBytes()).isEqualTo(tar.length);
      assertThat(outcome.entries()).isEqualTo(1);
      assertThat(fs.totalUncompressedBytes()).isEqualTo(tar.length);
    }
  }

  @Test
  void unknownMediaTypeIsReadByItsFirstBytes() throws IOException {
    byte[] tar = new TarBuilder().file("a", "gz").tar();
    MemoryLayerSource source = new MemoryLayerSource()
        .add("application/octet-stream", TarBuilder.gzip(tar))
        .add("application/x-whatever", TarBuilder.zstd(new TarBuilder().file("b", "zs").tar()));
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/a")).isEqualTo("gz");
      assertThat(read(fs, "/b")).isEqualTo("zs");
      assertThat(fs.layers().get(0).warnings()).containsExactly(
          "unknown layer media type application/octet-stream: read as gzip by its first bytes");
    }
  }

  @Test
  void uncompressedTarLabelledGzipIsReadAsTarWithAWarning() throws IOException {
    MemoryLayerSource source = new MemoryLayerSource()
        .add(MemoryLayerSource.DOCKER_GZIP, new TarBuilder().file("a", "plain").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/a")).isEqualTo("plain");
      assertThat(fs.layers().get(0).warnings()).containsExactly("media type "
          + MemoryLayerSource.DOCKER_GZIP + " says gzip but the blob starts like an uncompressed"
          + " tar: read as an uncompressed tar");
    }
  }

  @Test
  void readsEveryMemberOfMultiMemberGzipFromAStreamWithNothingAvailable() throws IOException {
    // a tar split over three gzip members, as pigz --independent or stargz write them
    byte[] tar = new TarBuilder().file("one", "1").file("two", "2").file("three", "3").tar();
    // and the network delivers them member by member
    java.io.ByteArrayOutputStream members = new java.io.ByteArrayOutputStream();
    members.writeBytes(TarBuilder.gzip(java.util.Arrays.copyOfRange(tar, 0, 1024)));
    long first = members.size();
    members.writeBytes(TarBuilder.gzip(java.util.Arrays.copyOfRange(tar, 1024, 2048)));
    long second = members.size();
    members.writeBytes(TarBuilder.gzip(java.util.Arrays.copyOfRange(tar, 2048, tar.length)));
    MemoryLayerSource source = new MemoryLayerSource()
        .add(MemoryLayerSource.OCI_GZIP, members.toByteArray()).withoutAvailable(first, second);
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(fs.files(p -> true)).extracting(FileEntry::path)
          .containsExactly("/one", "/three", "/two");
      assertThat(fs.layers().get(0).warnings()).isEmpty();
    }
  }

  @Test
  void skippableZstdFramesAreSkipped() throws IOException {
    // zstd:chunked puts its table of contents in skippable frames (RFC 8878 3.1.2)
    byte[] tar = new TarBuilder().file("a", "first").file("b", "second").tar();
    java.io.ByteArrayOutputStream blob = new java.io.ByteArrayOutputStream();
    blob.writeBytes(skippableFrame("toc".getBytes(StandardCharsets.UTF_8)));
    blob.writeBytes(TarBuilder.zstd(java.util.Arrays.copyOfRange(tar, 0, 1024)));
    blob.writeBytes(skippableFrame(new byte[70_000]));
    blob.writeBytes(TarBuilder.zstd(java.util.Arrays.copyOfRange(tar, 1024, tar.length)));
    blob.writeBytes(skippableFrame(new byte[0]));
    MemoryLayerSource source =
        new MemoryLayerSource().add(MemoryLayerSource.OCI_ZSTD, blob.toByteArray());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/a")).isEqualTo("first");
      assertThat(read(fs, "/b")).isEqualTo("second");
    }
  }

  @Test
  void zstdFramesSplitAcrossReadsAreDecoded() throws IOException {
    // every frame header, block header and skippable frame size arrives a byte at a time
    byte[] tar = new TarBuilder().file("a", "first").file("b", "second").tar();
    java.io.ByteArrayOutputStream blob = new java.io.ByteArrayOutputStream();
    blob.writeBytes(skippableFrame("toc".getBytes(StandardCharsets.UTF_8)));
    blob.writeBytes(TarBuilder.zstd(java.util.Arrays.copyOfRange(tar, 0, 1024)));
    blob.writeBytes(TarBuilder.zstd(java.util.Arrays.copyOfRange(tar, 1024, tar.length)));
    long[] everyByte = java.util.stream.LongStream.rangeClosed(1, blob.size()).toArray();
    MemoryLayerSource source = new MemoryLayerSource()
        .add(MemoryLayerSource.OCI_ZSTD, blob.toByteArray()).withoutAvailable(everyByte);
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/a")).isEqualTo("first");
      assertThat(read(fs, "/b")).isEqualTo("second");
    }
  }

  static byte[] skippableFrame(byte[] payload) {
    java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(8 + payload.length)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    frame.putInt(0x184D2A5E).putInt(payload.length).put(payload);
    return frame.array();
  }

  @ParameterizedTest
  @ValueSource(ints = {TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.LONGFILE_GNU})
  void readsLongNamesOfPaxAndGnuTars(int longFileMode) throws IOException {
    String dir = "usr/lib/node_modules/" + "very-long-package-name-".repeat(6) + "x";
    String target = "/" + dir + "/package.json";
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder(longFileMode)
        .file(dir + "/package.json", "{}")
        .symlink("pkg", target).tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/pkg")).isEqualTo("{}");
      assertThat(fs.file("/pkg").orElseThrow().path()).isEqualTo(target);
    }
  }

  @Test
  void normalizesEntryNames() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder()
        .file("./a", "a").file("/b", "b").file("c/../d", "d").file("e//f/./g", "g")
        .dir("./").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(fs.files(p -> true)).extracting(FileEntry::path)
          .containsExactly("/a", "/b", "/d", "/e/f/g");
      assertThat(fs.layers().get(0).warnings()).isEmpty();
    }
  }

  @Test
  void nonAsciiNamesAreReadAsUtf8() throws IOException {
    MemoryLayerSource source =
        MemoryLayerSource.of(new TarBuilder().file("usr/share/für/pâckage.json", "{}").tar());
    try (ExtractedFilesystem fs = extract(source, ALL)) {
      assertThat(read(fs, "/usr/share/für/pâckage.json")).isEqualTo("{}");
    }
  }

  @Test
  void closeDeletesTheScratchDirectory() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder().file("a", "a").tar());
    ExtractedFilesystem fs = extract(source, ALL);
    FileEntry a = fs.file("/a").orElseThrow();
    Path scratch = fs.scratchDirectory();
    assertThat(scratch).isDirectory();
    fs.close();
    assertThat(scratch).doesNotExist();
    assertThat(work).isEmptyDirectory();
    assertThatThrownBy(() -> fs.open(a)).isInstanceOf(IllegalStateException.class)
        .hasMessage("the extracted filesystem is closed");
  }

  @Test
  void openRefusesAFileThatWasNotExtracted() throws IOException {
    MemoryLayerSource source = MemoryLayerSource.of(new TarBuilder().file("a", "a").tar());
    try (ExtractedFilesystem fs = extract(source, (p, s, m) -> false)) {
      FileEntry foreign = new FileEntry("/a", 1, 0644, source.digest(0), 0);
      assertThatThrownBy(() -> fs.open(foreign))
          .isInstanceOf(java.nio.file.NoSuchFileException.class)
          .hasMessage("/a: not extracted from this image");
    }
  }

  @Test
  void countsEntriesAndBytesOverAllLayers() throws IOException {
    byte[] first = new TarBuilder().dir("etc").file("etc/a", "a").tar();
    byte[] second = new TarBuilder().file("etc/b", "b").tar();
    try (ExtractedFilesystem fs = extract(MemoryLayerSource.of(first, second), ALL)) {
      assertThat(fs.totalEntries()).isEqualTo(3);
      assertThat(fs.totalUncompressedBytes()).isEqualTo(first.length + second.length);
      assertThat(fs.layers()).extracting(LayerOutcome::entries).containsExactly(2L, 1L);
    }
  }
}
