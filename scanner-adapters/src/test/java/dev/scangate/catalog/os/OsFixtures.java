package dev.scangate.catalog.os;

import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.DirectoryFilesystem;
import dev.scangate.catalog.ImageFilesystem;
import dev.scangate.catalog.PackageCataloger;
import dev.scangate.catalog.RecordingCatalogContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test data under src/test/resources/catalog/os (see SOURCES.md there) and ways to use it. */
final class OsFixtures {

  private OsFixtures() {
  }

  /** A directory or file of the test resources, e.g. {@code dpkg/bookworm}. */
  static Path resource(String name) {
    URL url = OsFixtures.class.getResource("/catalog/os/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no test resource catalog/os/" + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The image filesystem the extractor would give {@code cataloger} for a directory image. */
  static ImageFilesystem filesystem(Path root, PackageCataloger cataloger) {
    return DirectoryFilesystem.wanting(root,
        (path, size, mode) -> cataloger.wants(path, size, mode) || OsRelease.wants(path));
  }

  /** Runs a cataloger over a directory image, with its distro detected from the directory. */
  static RecordingCatalogContext context(Path root, PackageCataloger cataloger,
      CatalogLimits limits) {
    ImageFilesystem fs = filesystem(root, cataloger);
    return new RecordingCatalogContext(fs, OsRelease.detect(fs).orElse(null), limits,
        cataloger.id());
  }

  static List<CatalogedPackage> catalog(PackageCataloger cataloger,
      RecordingCatalogContext context) {
    try {
      return cataloger.catalog(context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Tab-separated lines of a file, without empty ones. */
  static List<List<String>> tsv(Path file) {
    try {
      List<List<String>> rows = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isEmpty()) {
          rows.add(List.of(line.split("\t", -1)));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The installed packages of a {@code dpkg-query -W -f '${Package}\t${Version}\t${Architecture}
   * \t${source:Package}\t${source:Version}\t${db:Status-Abbrev}\n'} output (status letter
   * {@code i}), as {@code name version arch sourceName sourceVersion} rows.
   */
  static List<List<String>> installedByDpkgQuery(List<List<String>> rows) {
    List<List<String>> installed = new ArrayList<>();
    for (List<String> row : rows) {
      if (row.get(5).charAt(1) == 'i') {
        installed.add(row.subList(0, 5));
      }
    }
    return installed;
  }

  /** The same five columns for what a cataloger found. */
  static List<List<String>> identities(List<CatalogedPackage> packages) {
    List<List<String>> rows = new ArrayList<>();
    for (CatalogedPackage p : packages) {
      rows.add(List.of(p.name(), p.version(), p.architecture(), p.sourceName(),
          p.sourceVersion()));
    }
    return rows;
  }
}
