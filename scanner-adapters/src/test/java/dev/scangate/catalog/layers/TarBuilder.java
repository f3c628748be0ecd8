package dev.scangate.catalog.layers;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes layer tars at test time with commons-compress's tar writer. Names are written exactly
 * as given (absolute and {@code ..} names included), which is how the malicious layers of the
 * safety tests are crafted.
 */
final class TarBuilder {

  private static final java.nio.file.attribute.FileTime MTIME =
      java.nio.file.attribute.FileTime.fromMillis(1_704_067_200_000L);

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  TarBuilder() {
    this(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  TarBuilder(int longFileMode) {
    tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(longFileMode);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  TarBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
  }

  TarBuilder file(String name, byte[] content, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    entry.setSize(content.length);
    entry.setMode(mode);
    return add(entry, content);
  }

  TarBuilder dir(String name) {
    TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/",
        TarConstants.LF_DIR, true);
    entry.setMode(0755);
    return add(entry, new byte[0]);
  }

  TarBuilder symlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    entry.setLinkName(target);
    entry.setMode(0777);
    return add(entry, new byte[0]);
  }

  TarBuilder hardlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    entry.setLinkName(target);
    entry.setMode(0644);
    return add(entry, new byte[0]);
  }

  /** {@code .wh.<name>} next to {@code path}'s base name. */
  TarBuilder whiteout(String path) {
    int slash = path.lastIndexOf('/');
    return file(path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1), "");
  }

  TarBuilder opaque(String directory) {
    return file(directory + "/.wh..wh..opq", "");
  }

  TarBuilder add(TarArchiveEntry entry, byte[] content) {
    // whole seconds: a sub-second mtime makes the writer add a PAX header to every entry
    entry.setModTime(MTIME);
    try {
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tar with its end-of-archive blocks. */
  byte[] tar() {
    try {
      tar.finish();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tar up to the end of its last entry: no end-of-archive blocks, no padding. */
  byte[] tarWithoutEnd() {
    byte[] all = tar();
    int end = all.length;
    while (end > 0 && all[end - 1] == 0) {
      end--;
    }
    end = (end + 511) / 512 * 512;
    return Arrays.copyOf(all, end);
  }

  byte[] gzip() {
    return gzip(tar());
  }

  byte[] zstd() {
    return zstd(tar());
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] zstd(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream zs = new ZstdOutputStream(out)) {
      zs.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
