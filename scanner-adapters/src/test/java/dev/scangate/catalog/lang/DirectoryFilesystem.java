package dev.scangate.catalog.lang;

import dev.scangate.catalog.FileEntry;
import dev.scangate.catalog.ImageFilesystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Test-only {@link ImageFilesystem} over a directory that stands for the image root: every regular
 * file under it is in the image, with its real size and permission bits, all from one layer.
 */
final class DirectoryFilesystem implements ImageFilesystem {

  static final String LAYER = "sha256:" + "1".repeat(64);

  private final Path root;

  DirectoryFilesystem(Path root) {
    try {
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<FileEntry> file(String path) {
    Path file = resolve(path);
    if (!Files.isRegularFile(file) || !realPath(file).startsWith(root)) {
      return Optional.empty();
    }
    return Optional.of(entry(file));
  }

  @Override
  public List<FileEntry> files(Predicate<String> path) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .map(this::imagePath)
          .filter(path)
          .sorted()
          .map(p -> entry(resolve(p)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream open(FileEntry file) throws IOException {
    return Files.newInputStream(resolve(file.path()));
  }

  @Override
  public Path localPath(FileEntry file) {
    return resolve(file.path());
  }

  private Path realPath(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path resolve(String imagePath) {
    Path file = root.resolve(imagePath.substring(1)).normalize();
    if (!file.startsWith(root)) {
      throw new IllegalArgumentException("outside the image: " + imagePath);
    }
    return file;
  }

  private String imagePath(Path file) {
    return "/" + root.relativize(file).toString().replace('\\', '/');
  }

  private FileEntry entry(Path file) {
    try {
      return new FileEntry(imagePath(file), Files.size(file), mode(file), LAYER, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int mode(Path file) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      mode |= switch (permission) {
        case OWNER_READ -> 0400;
        case OWNER_WRITE -> 0200;
        case OWNER_EXECUTE -> 0100;
        case GROUP_READ -> 040;
        case GROUP_WRITE -> 020;
        case GROUP_EXECUTE -> 010;
        case OTHERS_READ -> 04;
        case OTHERS_WRITE -> 02;
        case OTHERS_EXECUTE -> 01;
      };
    }
    return mode;
  }
}
