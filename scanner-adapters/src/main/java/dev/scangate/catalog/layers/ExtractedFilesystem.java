package dev.scangate.catalog.layers;

import dev.scangate.catalog.FileEntry;
import dev.scangate.catalog.ImageFilesystem;
import dev.scangate.catalog.Layer;
import dev.scangate.catalog.SkippedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The final filesystem of an image as a {@link LayerExtractor} built it: an index of every path
 * and the content of the files that were wanted, in a scratch directory that {@link #close()}
 * deletes.
 *
 * <p>Symlinks resolve as inside a chroot at the image root (as containerd and Syft resolve
 * them): an absolute target starts at the image root, a relative one at the link's directory,
 * {@code ..} at the root stays at the root, at most 40 links per lookup. So
 * {@code /etc/os-release -> ../usr/lib/os-release} gives {@code /usr/lib/os-release}, and
 * {@code /x -> ../../../../etc/passwd} gives the image's {@code /etc/passwd}, never the host's.
 * A {@link FileEntry} carries the real path, after symlinks.
 *
 * <pre>{@code
 * try (ExtractedFilesystem fs = extractor.extract(source, wanted, workDir)) {
 *   FileEntry osRelease = fs.file("/etc/os-release").orElseThrow(); // path /usr/lib/os-release
 *   try (InputStream in = fs.open(osRelease)) { ... }
 *   fs.skipped();   // wanted files that were not extracted, e.g. larger than maxFileBytes
 *   fs.layers();    // per layer: entries, bytes, warnings
 * }
 * }</pre>
 *
 * <p>Safe for concurrent reads; {@link #open} and {@link #localPath} fail after {@link #close()}.
 */
public final class ExtractedFilesystem implements ImageFilesystem, AutoCloseable {

  private final PathIndex index;
  private final Path scratch;
  private final List<Layer> layers;
  private final List<LayerOutcome> outcomes;
  private final List<FileEntry> files;
  private final List<SkippedFile> skipped;
  private volatile boolean closed;

  ExtractedFilesystem(PathIndex index, Path scratch, List<Layer> layers,
      List<LayerOutcome> outcomes) {
    this.index = index;
    this.scratch = scratch;
    this.layers = List.copyOf(layers);
    this.outcomes = List.copyOf(outcomes);
    List<FileEntry> extracted = new ArrayList<>();
    List<SkippedFile> notExtracted = new ArrayList<>();
    index.forEach((path, node) -> {
      if (node.content == null) {
        return;
      }
      if (node.content.file != null) {
        extracted.add(entry(path, node));
      } else {
        notExtracted.add(new SkippedFile(path, LayerExtractor.ID, node.content.skipReason));
      }
    });
    extracted.sort(Comparator.comparing(FileEntry::path));
    notExtracted.sort(Comparator.comparing(SkippedFile::path));
    this.files = List.copyOf(extracted);
    this.skipped = List.copyOf(notExtracted);
  }

  /**
   * The extracted regular file at {@code path}, following symlinks inside the image; empty when
   * there is none, or it was not wanted or not extracted (see {@link #lookup} and
   * {@link #skipped()}).
   */
  @Override
  public Optional<FileEntry> file(String path) {
    PathIndex.Resolved resolved = resolve(path, true);
    if (resolved == null || !hasContent(resolved.node())) {
      return Optional.empty();
    }
    return Optional.of(entry(resolved.path(), resolved.node()));
  }

  /** Extracted regular files whose real path matches, in path order. */
  @Override
  public List<FileEntry> files(Predicate<String> path) {
    List<FileEntry> matching = new ArrayList<>();
    for (FileEntry file : files) {
      if (path.test(file.path())) {
        matching.add(file);
      }
    }
    return matching;
  }

  @Override
  public InputStream open(FileEntry file) throws IOException {
    return Files.newInputStream(content(file));
  }

  /** The scratch file holding the content; read it, do not change it. */
  @Override
  public Path localPath(FileEntry file) {
    try {
      return content(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * What the index knows about a path, extracted or not: directory symlinks on the way are
   * followed, a symlink at the end is returned as such.
   */
  public Optional<IndexedPath> lookup(String path) {
    PathIndex.Resolved resolved = resolve(path, false);
    if (resolved == null) {
      return Optional.empty();
    }
    PathIndex.Node node = resolved.node();
    return Optional.of(new IndexedPath(resolved.path(), node.kind, node.size, node.mode,
        node.linkTarget, node.layer < 0 ? null : layers.get(node.layer).digest(), node.layer,
        hasContent(node)));
  }

  /** What each layer gave, base first. */
  public List<LayerOutcome> layers() {
    return outcomes;
  }

  /**
   * Wanted files of the final filesystem whose content was not extracted, with the reason
   * (e.g. {@code larger than maxFileBytes 256 MiB}), in path order.
   */
  public List<SkippedFile> skipped() {
    return skipped;
  }

  /** Tar entries read over all layers. */
  public long totalEntries() {
    long total = 0;
    for (LayerOutcome outcome : outcomes) {
      total += outcome.entries();
    }
    return total;
  }

  /** Uncompressed tar bytes read over all layers. */
  public long totalUncompressedBytes() {
    long total = 0;
    for (LayerOutcome outcome : outcomes) {
      total += outcome.uncompressedBytes();
    }
    return total;
  }

  /** Deletes the scratch directory; later {@link #open} and {@link #localPath} calls fail. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      deleteTree(scratch);
    }
  }

  /** The scratch directory, for tests. */
  Path scratchDirectory() {
    return scratch;
  }

  private Path content(FileEntry file) throws NoSuchFileException {
    if (closed) {
      throw new IllegalStateException("the extracted filesystem is closed");
    }
    PathIndex.Resolved resolved = resolve(file.path(), true);
    if (resolved == null || !hasContent(resolved.node())) {
      throw new NoSuchFileException(file.path(), null, "not extracted from this image");
    }
    return resolved.node().content.file;
  }

  private PathIndex.Resolved resolve(String path, boolean followLast) {
    try {
      return index.find(path, followLast);
    } catch (PathIndex.ResolveException e) {
      return null; // a symlink loop: nothing is there, as for open(2) failing with ELOOP
    }
  }

  private static boolean hasContent(PathIndex.Node node) {
    return node.content != null && node.content.file != null;
  }

  private FileEntry entry(String path, PathIndex.Node node) {
    return new FileEntry(path, node.size, node.mode, layers.get(node.layer).digest(), node.layer);
  }

  /** Deletes a directory tree; symlinks are deleted, never followed (there are none anyway). */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
