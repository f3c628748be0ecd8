package dev.scangate.catalog.layers;

import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.Layer;
import dev.scangate.catalog.LayerSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds the final filesystem of an image from its layers, reading each layer blob once, as a
 * stream, with fixed 64 KiB buffers: memory does not grow with layer or file sizes, only with
 * the number of paths. The in-memory index takes about 160 bytes per path (measured with 200,000
 * paths), so the default {@link CatalogLimits#maxEntries()} of 2 million allows about 330 MB.
 *
 * <p>Layers are applied in order as a container runtime applies them
 * (https://github.com/opencontainers/image-spec/blob/main/layer.md): a later entry replaces
 * what was at its path, {@code .wh.<name>} hides {@code name} of lower layers,
 * {@code .wh..wh..opq} hides everything lower layers put in its directory. Every path is
 * indexed (kind, size, mode, link target, layer); only regular files that {@code wanted}
 * accepts, up to {@link CatalogLimits#maxFileBytes()}, are written to a scratch directory.
 *
 * <p>Safety: entry names are normalized lexically and those that climb above the root are
 * ignored with a warning; parent directories are resolved in the index like containerd does,
 * through symlinks but never out of the image root (see {@link ExtractedFilesystem}); content is
 * written under generated names, never under a path from the layer, and no symlink is ever
 * created on disk. Limits on uncompressed bytes and entries end the extraction with a
 * {@link CatalogLimitException}; a damaged layer with a {@link CorruptLayerException}; in both
 * cases the scratch directory is deleted.
 *
 * <pre>{@code
 * LayerExtractor extractor = new LayerExtractor(CatalogLimits.defaults());
 * try (ExtractedFilesystem fs = extractor.extract(source, registry::wants, workDir)) {
 *   Optional<FileEntry> status = fs.file("/var/lib/dpkg/status");
 *   ...
 * }
 * }</pre>
 */
public final class LayerExtractor {

  /** The {@link dev.scangate.catalog.SkippedFile#cataloger()} of files this extractor skipped. */
  public static final String ID = "layers";

  static final int BUFFER_SIZE = 64 * 1024;
  /** Bytes of tar headers one entry may have (PAX headers, GNU long names, sparse maps). */
  static final long MAX_HEADER_BYTES = 1L << 20;
  static final int MAX_WARNINGS_PER_LAYER = 100;

  private final CatalogLimits limits;

  public LayerExtractor(CatalogLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Extracts the image's final filesystem.
   *
   * @param source the image's layers, base first
   * @param wanted which regular files to keep the content of
   * @param scratchParent a directory to create the scratch directory in
   * @throws CatalogLimitException when the image exceeds a limit
   * @throws CorruptLayerException when a layer cannot be read
   * @throws IOException when the source or the scratch directory fails
   */
  public ExtractedFilesystem extract(LayerSource source, FileFilter wanted, Path scratchParent)
      throws IOException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(wanted, "wanted");
    Files.createDirectories(scratchParent);
    Path scratch = Files.createTempDirectory(scratchParent, "layers-");
    try {
      List<Layer> layers = List.copyOf(source.layers());
      Extraction extraction = new Extraction(wanted, scratch);
      List<LayerOutcome> outcomes = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) {
        Layer layer = layers.get(i);
        try (InputStream blob = source.open(layer)) {
          outcomes.add(extraction.apply(layer, i, blob));
        }
      }
      return new ExtractedFilesystem(extraction.index, scratch, layers, outcomes);
    } catch (IOException | RuntimeException | Error e) {
      try {
        ExtractedFilesystem.deleteTree(scratch);
      } catch (IOException deleting) {
        e.addSuppressed(deleting);
      }
      throw e;
    }
  }

  /** A tar cut short inside an entry: what was read before it is used. */
  private static final class LayerCutShort extends Exception {

    private static final long serialVersionUID = 1L;

    LayerCutShort(String message) {
      super(message, null, false, false);
    }
  }

  /** The state of one {@link #extract} call. */
  private final class Extraction {

    final PathIndex index = new PathIndex();
    private final FileFilter wanted;
    private final Path scratch;
    private final ByteBudget budget =
        new ByteBudget(limits.maxUncompressedBytes(), limits.maxEntries());
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private long fileCounter;

    // the layer being applied
    private Layer layer;
    private int layerIndex;
    private LayerStream stream;
    private Warnings warnings;
    private long filesExtracted;

    Extraction(FileFilter wanted, Path scratch) {
      this.wanted = wanted;
      this.scratch = scratch;
    }

    LayerOutcome apply(Layer layer, int layerIndex, InputStream blob) throws IOException {
      this.layer = layer;
      this.layerIndex = layerIndex;
      this.warnings = new Warnings();
      this.filesExtracted = 0;
      budget.startLayer(layer.digest());
      long bytesBefore = budget.bytes();
      long entries = 0;
      try (LayerStream opened = LayerStream.open(layer, blob, budget, warnings::add)) {
        stream = opened;
        LayerTarInputStream tar = opened.tar();
        try {
          while (true) {
            checkInterrupted();
            TarArchiveEntry entry = nextEntry(tar);
            if (entry == null) {
              break;
            }
            budget.chargeEntry();
            entries++;
            applyEntry(entry);
            for (Path unused : index.takeUnused()) {
              Files.deleteIfExists(unused);
            }
          }
          if (!tar.sawEndMarker()) {
            warnings.add("layer ends without the tar end-of-archive blocks: the " + entries
                + " entries before the end are used");
          }
        } catch (LayerCutShort e) {
          warnings.add(e.getMessage() + ": the entries before it are used");
        }
        opened.finish(buffer, warnings::add);
        return new LayerOutcome(layer.digest(), layer.mediaType(), opened.compression().label(),
            entries, budget.bytes() - bytesBefore, opened.compressedBytes(), filesExtracted,
            warnings.list());
      } finally {
        stream = null;
      }
    }

    private TarArchiveEntry nextEntry(LayerTarInputStream tar) throws IOException, LayerCutShort {
      stream.decoded().limitHeaders(MAX_HEADER_BYTES);
      try {
        return tar.getNextEntry();
      } catch (IOException e) {
        stream.classify(e);
        throw new LayerCutShort("layer ends inside a tar header");
      } finally {
        stream.decoded().unlimitHeaders();
      }
    }

    private void applyEntry(TarArchiveEntry entry) throws IOException, LayerCutShort {
      String name = entry.getName();
      refuseAmbiguousData(entry);
      if (name.length() > EntryPath.MAX_LENGTH) {
        warnings.add("entry name of " + name.length() + " characters is longer than "
            + EntryPath.MAX_LENGTH + ": ignored");
        skipContent(entry);
        return;
      }
      List<String> components = EntryPath.components(name);
      if (components == null) {
        warnings.add("entry " + name + " escapes the image root: ignored");
        skipContent(entry);
        return;
      }
      if (components.isEmpty()) {
        skipContent(entry); // the root directory itself
        return;
      }
      String base = components.get(components.size() - 1);
      if (base.startsWith(".wh.")) {
        whiteout(name, components, base);
        skipContent(entry);
        return;
      }
      PathIndex.Placement at;
      try {
        at = index.place(components, layerIndex, warnings::add);
      } catch (PathIndex.ResolveException e) {
        warnings.add("entry " + name + ": " + e.getMessage() + ": ignored");
        skipContent(entry);
        return;
      }
      int mode = entry.getMode() & 07777;
      if (entry.isDirectory()) {
        index.putDirectory(at, mode, layerIndex);
      } else if (entry.isSymbolicLink()) {
        symlink(entry, at, mode);
      } else if (entry.isLink()) {
        hardLink(entry, at);
      } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
        index.put(at, EntryKind.SPECIAL, mode, 0, layerIndex, null, null);
      } else {
        // POSIX: an unknown type flag is read as a regular file
        regularFile(entry, at, mode);
      }
    }

    /**
     * Go's archive/tar, which containerd and Docker apply layers with, reads no data for links,
     * devices, FIFOs and directories whatever their size field says; commons-compress reads
     * data for all but type-5 directories. A layer where the two disagree would show the
     * scanner other files than the runtime, so it is refused.
     */
    private void refuseAmbiguousData(TarArchiveEntry entry) throws CorruptLayerException {
      if (entry.getSize() <= 0) {
        return;
      }
      String kind = null;
      if (entry.isSymbolicLink()) {
        kind = "a symbolic link";
      } else if (entry.isLink()) {
        kind = "a hard link";
      } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
        kind = "a device";
      } else if (entry.isFIFO()) {
        kind = "a FIFO";
      } else if (entry.isDirectory() && entry.getLinkFlag() != TarConstants.LF_DIR) {
        kind = "a regular file whose name ends with /";
      }
      if (kind != null) {
        throw CorruptLayerException.refused(layer.digest(), "entry " + entry.getName() + " is "
            + kind + " with " + entry.getSize() + " bytes of data, which tar readers skip"
            + " differently");
      }
    }

    private void whiteout(String name, List<String> components, String base) throws IOException {
      List<String> directory = components.subList(0, components.size() - 1);
      try {
        if (base.equals(".wh..wh..opq")) {
          index.opaque(directory, layerIndex);
        } else if (base.startsWith(".wh..wh.")) {
          // other .wh..wh. names are aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs), not files
          return;
        } else {
          String hidden = base.substring(".wh.".length());
          if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
            warnings.add("whiteout " + name + " names no file: ignored");
            return;
          }
          index.whiteout(directory, hidden, layerIndex);
        }
      } catch (PathIndex.ResolveException e) {
        warnings.add("whiteout " + name + ": " + e.getMessage() + ": ignored");
      }
    }

    private void symlink(TarArchiveEntry entry, PathIndex.Placement at, int mode) {
      String target = entry.getLinkName();
      if (target.isEmpty() || target.length() > EntryPath.MAX_LENGTH) {
        warnings.add("symbolic link " + at.path() + " has a target of " + target.length()
            + " characters: ignored");
        return;
      }
      index.put(at, EntryKind.SYMLINK, mode, 0, layerIndex, target, null);
    }

    /**
     * A hard link shares its target's content: the scratch file of the target, when it was
     * extracted. Its target is a path in the image as it is at this entry (link(2) semantics):
     * directory symlinks on the way are followed, a final symlink is linked itself.
     */
    private void hardLink(TarArchiveEntry entry, PathIndex.Placement at) {
      String targetName = entry.getLinkName();
      List<String> targetComponents = EntryPath.components(targetName);
      if (targetComponents == null || targetComponents.isEmpty()) {
        warnings.add("hard link " + at.path() + " -> " + targetName
            + (targetComponents == null ? " escapes the image root" : " points at the root")
            + ": ignored");
        return;
      }
      PathIndex.Resolved target;
      try {
        target = index.find(targetComponents, false);
      } catch (PathIndex.ResolveException e) {
        warnings.add("hard link " + at.path() + " -> " + targetName + ": " + e.getMessage()
            + ": ignored");
        return;
      }
      if (target == null) {
        warnings.add("hard link " + at.path() + " -> " + targetName
            + ": no such file in this or a lower layer: ignored");
        return;
      }
      PathIndex.Node node = target.node();
      switch (node.kind) {
        case REGULAR:
        case HARDLINK: {
          PathIndex.Content content = null;
          if (wanted.wants(at.path(), node.size, node.mode)) {
            content = node.content != null ? node.content
                : PathIndex.Content.skipped("hard link to " + target.path()
                    + ", whose content was not extracted");
          }
          index.put(at, EntryKind.HARDLINK, node.mode, node.size, layerIndex, target.path(),
              content);
          break;
        }
        case SYMLINK:
          index.put(at, EntryKind.SYMLINK, node.mode, 0, layerIndex, node.linkTarget, null);
          break;
        case SPECIAL:
          index.put(at, EntryKind.SPECIAL, node.mode, 0, layerIndex, null, null);
          break;
        default:
          warnings.add("hard link " + at.path() + " -> " + targetName
              + " points at a directory: ignored");
          break;
      }
    }

    private void regularFile(TarArchiveEntry entry, PathIndex.Placement at, int mode)
        throws IOException, LayerCutShort {
      long size = entry.getRealSize();
      String path = at.path();
      PathIndex.Content content = null;
      if (wanted.wants(path, size, mode)) {
        if (size > limits.maxFileBytes()) {
          content = PathIndex.Content.skipped("larger than maxFileBytes "
              + ByteCount.format(limits.maxFileBytes()));
          skipContent(entry);
        } else {
          if (entry.isSparse()) {
            // holes come out of the tar reader, not the decompressor: count them too
            budget.chargeBytes(entry.getRealSize() - entry.getSize());
          }
          content = PathIndex.Content.extracted(write(entry, at.name(), path, size));
          filesExtracted++;
        }
      } else {
        skipContent(entry);
      }
      index.put(at, EntryKind.REGULAR, mode, size, layerIndex, null, content);
    }

    /** Writes the entry's content to a new scratch file with a generated name. */
    private Path write(TarArchiveEntry entry, String name, String path, long size)
        throws IOException, LayerCutShort {
      Path file = scratch.resolve(scratchName(name));
      long written = 0;
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        int n;
        while ((n = readContent(path, written, size)) >= 0) {
          out.write(buffer, 0, n);
          written += n;
        }
      } catch (LayerCutShort | IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
      return file;
    }

    private void skipContent(TarArchiveEntry entry) throws IOException, LayerCutShort {
      LayerTarInputStream tar = stream.tar();
      if (entry.isSparse()) {
        // holes are skipped without being produced
        try {
          while (tar.skip(Long.MAX_VALUE) > 0) {
            // until the entry's end
          }
        } catch (IOException e) {
          stream.classify(e);
          throw new LayerCutShort("layer ends inside entry " + entry.getName());
        }
        return;
      }
      long read = 0;
      int n;
      while ((n = readContent(entry.getName(), read, entry.getSize())) >= 0) {
        read += n;
      }
    }

    /** The next chunk of the current entry's content into {@link #buffer}; -1 at its end. */
    private int readContent(String path, long read, long size) throws IOException, LayerCutShort {
      checkInterrupted();
      try {
        return stream.tar().read(buffer, 0, buffer.length);
      } catch (IOException e) {
        stream.classify(e);
        throw new LayerCutShort("layer ends inside entry " + path + " after " + read + " of "
            + size + " bytes");
      }
    }

    /**
     * A cancelled scan interrupts its worker thread; the extraction stops at the next entry or
     * 64 KiB and leaves the interrupt flag set.
     */
    private void checkInterrupted() throws InterruptedIOException {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("extracting layer " + layer.digest() + " was interrupted");
      }
    }

    /** {@code 000042-status}: a counter, then the base name reduced to safe characters. */
    private String scratchName(String name) {
      StringBuilder safe = new StringBuilder(String.format("%06d-", ++fileCounter));
      int length = Math.min(name.length(), 64);
      for (int i = 0; i < length; i++) {
        char c = name.charAt(i);
        boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '-' || c == '_' || c == '+';
        safe.append(plain ? c : '_');
      }
      return safe.toString();
    }
  }

  /**
   * At most {@link #MAX_WARNINGS_PER_LAYER} warnings, then a count of the rest. Warnings quote
   * names from the layer: control characters are escaped and long ones cut, so a hostile name
   * cannot forge lines in a log or flood it.
   */
  private static final class Warnings {
    private static final int MAX_LENGTH = 1000;
    private final List<String> list = new ArrayList<>();
    private long dropped;

    void add(String warning) {
      if (list.size() < MAX_WARNINGS_PER_LAYER) {
        list.add(printable(warning));
      } else {
        dropped++;
      }
    }

    static String printable(String text) {
      StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 16);
      int i = 0;
      for (; i < text.length() && out.length() < MAX_LENGTH; i++) {
        char c = text.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          out.append(String.format("\\x%02x", (int) c));
        } else {
          out.append(c);
        }
      }
      if (i < text.length()) {
        out.append('…');
      }
      return out.toString();
    }

    List<String> list() {
      if (dropped == 0) {
        return list;
      }
      List<String> all = new ArrayList<>(list);
      all.add(dropped + " more warnings like these");
      return all;
    }
  }
}
