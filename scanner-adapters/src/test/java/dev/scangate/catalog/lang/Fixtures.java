package dev.scangate.catalog.lang;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The committed language fixtures under src/test/resources/lang (made by the scripts in
 * src/test/scripts; see SOURCES.md there), copied into a test's image directory. They are read
 * from the source tree, not the classpath, so that file modes (executables) survive.
 */
final class Fixtures {

  static final Path LANG = Path.of("src", "test", "resources", "lang");

  private Fixtures() {
  }

  static Path path(String fixture) {
    Path path = LANG.resolve(fixture);
    if (!Files.exists(path)) {
      throw new IllegalStateException("no fixture " + path.toAbsolutePath());
    }
    return path;
  }

  /** Copies a fixture file or directory tree to {@code image/target}, keeping file modes. */
  static Path copy(String fixture, Path image, String target) throws IOException {
    Path from = path(fixture);
    Path to = image.resolve(target);
    if (Files.isRegularFile(from)) {
      Files.createDirectories(to.getParent());
      return Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      Path copy = to.resolve(from.relativize(file).toString());
      Files.createDirectories(copy.getParent());
      Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
    }
    return to;
  }
}
