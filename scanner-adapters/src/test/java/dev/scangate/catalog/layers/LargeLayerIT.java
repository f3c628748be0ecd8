package dev.scangate.catalog.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB layer is read in a JVM with a 256 MiB heap: nothing is held in memory whole, neither
 * the layer nor a 512 MiB file that is extracted. The layer is generated at test time: 1 GiB of
 * tar of compressible data (random-ish data takes this machine close to a minute to gzip), in
 * an OCI layout; {@link LargeLayerCheck} extracts it in a forked {@code java -Xmx256m}.
 */
class LargeLayerIT {

  private static final int MIB = 1 << 20;

  @TempDir
  Path work;

  @Test
  void extractsAOneGibLayerWithA256MibHeap() throws Exception {
    Path layout = work.resolve("oci");
    OciLayoutWriter writer = new OciLayoutWriter(layout);
    Path tarGz = work.resolve("layer.tar.gz");
    List<String> expected = new ArrayList<>();
    int entries = writeLayer(tarGz, expected);
    OciLayoutWriter.Blob layer = writer.blob(tarGz, MemoryLayerSource.OCI_GZIP);
    writer.image("big", List.of(layer));

    Path scratch = Files.createDirectories(work.resolve("scratch"));
    String classpath = System.getProperty("java.class.path");
    Process check = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", classpath,
        LargeLayerCheck.class.getName(), layout.toString(), "big", scratch.toString(),
        Long.toString(1L << 30)).redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(output).isZero();

    List<String> lines = output.lines().toList();
    assertThat(lines).as(output).contains("entries " + entries);
    assertThat(lines.stream().filter(l -> l.startsWith("uncompressed ")).findFirst()
        .map(l -> Long.parseLong(l.substring("uncompressed ".length()))).orElseThrow())
        .isGreaterThan(1L << 30);
    assertThat(lines.stream().filter(l -> l.startsWith("file "))).as(output)
        .containsExactlyElementsOf(expected);
    long peakHeap = lines.stream().filter(l -> l.startsWith("peak-heap ")).findFirst()
        .map(l -> Long.parseLong(l.substring("peak-heap ".length()))).orElseThrow();
    assertThat(peakHeap).isLessThan(256L * MIB);
    assertThat(scratch).isEmptyDirectory();
  }

  /**
   * /data/big.bin (512 MiB, wanted), 512 files of 1 MiB (not wanted), and small wanted files.
   * Each 1 MiB is an 8 KiB block of random letters repeated, with 64 random bytes changed.
   *
   * @param expected receives {@code file PATH SIZE SHA256} of the wanted files, in path order
   * @return the number of entries
   */
  private static int writeLayer(Path tarGz, List<String> expected) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    byte[] block = new byte[8192];
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) ('0' + random.nextInt(64));
    }
    byte[] chunk = new byte[MIB];
    int entries = 0;
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tarGz), 1 << 16);
        OutputStream gzip = new GZIPOutputStream(file, 1 << 16) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        };
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      List<String> wanted = new ArrayList<>();
      entries += small(tar, "app/lib/a.jar", "jar a", wanted);
      entries += small(tar, "app/lib/b.jar", "jar b", wanted);

      MessageDigest sha = sha256();
      TarArchiveEntry big = new TarArchiveEntry("data/big.bin");
      big.setSize(512L * MIB);
      tar.putArchiveEntry(big);
      for (int m = 0; m < 512; m++) {
        fill(chunk, block, random);
        sha.update(chunk);
        tar.write(chunk);
      }
      tar.closeArchiveEntry();
      entries++;
      wanted.add("file /data/big.bin " + (512L * MIB) + " " + HexFormat.of().formatHex(sha.digest()));

      for (int i = 0; i < 512; i++) {
        TarArchiveEntry entry = new TarArchiveEntry(String.format("data/chunks/%04d.bin", i));
        entry.setSize(MIB);
        tar.putArchiveEntry(entry);
        fill(chunk, block, random);
        tar.write(chunk);
        tar.closeArchiveEntry();
        entries++;
      }
      entries += small(tar, "var/lib/dpkg/status", "Package: libc6\nVersion: 2.36-9\n", wanted);
      wanted.sort(null);
      expected.addAll(wanted);
    }
    return entries;
  }

  private static void fill(byte[] chunk, byte[] block, SplittableRandom random) {
    for (int i = 0; i < chunk.length; i += block.length) {
      System.arraycopy(block, 0, chunk, i, block.length);
    }
    for (int k = 0; k < 64; k++) {
      chunk[random.nextInt(chunk.length)] = (byte) random.nextInt(256);
    }
  }

  private static int small(TarArchiveOutputStream tar, String name, String content,
      List<String> wanted) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
    wanted.add("file /" + name + " " + bytes.length + " "
        + HexFormat.of().formatHex(sha256().digest(bytes)));
    return 1;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
