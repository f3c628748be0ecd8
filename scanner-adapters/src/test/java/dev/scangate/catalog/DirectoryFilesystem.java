package dev.scangate.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A test {@link ImageFilesystem} over a directory tree that stands for the image root (a
 * debootstrap rootfs, a copy of fixture files), so catalogers can be tested without layers.
 *
 * <p>Like the real extractor it only shows the files a filter wants (normally
 * {@link CatalogerRegistry#wants} plus the os-release files), and it resolves symlinks inside the
 * root: an absolute link target is taken relative to the root, and {@code ..} never leaves it.
 *
 * <pre>{@code
 * ImageFilesystem fs = DirectoryFilesystem.wanting(rootfs, new DpkgCataloger()::wants);
 * fs.file("/etc/os-release"); // follows ../usr/lib/os-release inside rootfs
 * }</pre>
 */
public final class DirectoryFilesystem implements ImageFilesystem {

  /** Decides which files the filesystem shows, like {@link PackageCataloger#wants}. */
  @FunctionalInterface
  public interface Filter {
    boolean wants(String path, long size, int mode);
  }

  /** The layer digest every file of a directory is reported with. */
  public static final String LAYER_DIGEST =
      "sha256:0000000000000000000000000000000000000000000000000000000000000000";

  private static final int MAX_LINKS = 40;

  private final Path root;
  private final Filter filter;
  private final TreeMap<String, FileEntry> files = new TreeMap<>();

  private DirectoryFilesystem(Path root, Filter filter) {
    this.root = root.toAbsolutePath().normalize();
    this.filter = filter;
    index();
  }

  /** Every regular file under {@code root}. */
  public static DirectoryFilesystem of(Path root) {
    return new DirectoryFilesystem(root, (path, size, mode) -> true);
  }

  /** Only the regular files under {@code root} that {@code filter} wants. */
  public static DirectoryFilesystem wanting(Path root, Filter filter) {
    return new DirectoryFilesystem(root, filter);
  }

  @Override
  public Optional<FileEntry> file(String path) {
    return resolve(path).map(files::get);
  }

  @Override
  public List<FileEntry> files(Predicate<String> path) {
    List<FileEntry> matching = new ArrayList<>();
    for (FileEntry entry : files.values()) {
      if (path.test(entry.path())) {
        matching.add(entry);
      }
    }
    return matching;
  }

  @Override
  public InputStream open(FileEntry file) throws IOException {
    return Files.newInputStream(localPath(file));
  }

  @Override
  public Path localPath(FileEntry file) {
    if (!files.containsKey(file.path())) {
      throw new IllegalArgumentException("not a file of this filesystem: " + file.path());
    }
    return root.resolve(file.path().substring(1));
  }

  private void index() {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
            throws IOException {
          if (attributes.isRegularFile()) {
            String path = imagePath(file);
            int mode = mode(file);
            if (filter.wants(path, attributes.size(), mode)) {
              files.put(path, new FileEntry(path, attributes.size(), mode, LAYER_DIGEST, 0));
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("indexing " + root, e);
    }
  }

  private String imagePath(Path file) {
    StringBuilder path = new StringBuilder();
    for (Path part : root.relativize(file)) {
      path.append('/').append(part);
    }
    return path.toString();
  }

  private static int mode(Path file) throws IOException {
    Set<PosixFilePermission> permissions =
        Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      mode |= 1 << (8 - permission.ordinal());
    }
    return mode;
  }

  /** The image path {@code path} names after following symlinks inside the root. */
  private Optional<String> resolve(String path) {
    List<String> resolved = new ArrayList<>();
    List<String> pending = new ArrayList<>(List.of(path.split("/")));
    int links = 0;
    while (!pending.isEmpty()) {
      String part = pending.remove(0);
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!resolved.isEmpty()) {
          resolved.remove(resolved.size() - 1);
        }
        continue;
      }
      resolved.add(part);
      Path local = root.resolve(String.join("/", resolved));
      if (Files.isSymbolicLink(local)) {
        if (++links > MAX_LINKS) {
          return Optional.empty();
        }
        String target;
        try {
          target = Files.readSymbolicLink(local).toString();
        } catch (IOException e) {
          return Optional.empty();
        }
        resolved.remove(resolved.size() - 1);
        if (target.startsWith("/")) {
          resolved.clear();
        }
        pending.addAll(0, List.of(target.split("/")));
      }
    }
    return Optional.of("/" + String.join("/", resolved));
  }
}
