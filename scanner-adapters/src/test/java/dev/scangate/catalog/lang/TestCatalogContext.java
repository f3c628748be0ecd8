package dev.scangate.catalog.lang;

import dev.scangate.catalog.CatalogContext;
import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.ImageFilesystem;
import dev.scangate.catalog.SkippedFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test-only {@link CatalogContext}: a filesystem, limits, and the skipped files it was told. */
final class TestCatalogContext implements CatalogContext {

  private final ImageFilesystem filesystem;
  private final CatalogLimits limits;
  private final List<SkippedFile> skipped = new ArrayList<>();

  TestCatalogContext(ImageFilesystem filesystem, CatalogLimits limits) {
    this.filesystem = filesystem;
    this.limits = limits;
  }

  /** A directory as the image root, default limits. */
  static TestCatalogContext of(Path root) {
    return new TestCatalogContext(new DirectoryFilesystem(root), CatalogLimits.defaults());
  }

  static TestCatalogContext of(Path root, CatalogLimits limits) {
    return new TestCatalogContext(new DirectoryFilesystem(root), limits);
  }

  /** Limits with the given largest file and archive depth; the rest as the defaults. */
  static CatalogLimits limits(long maxFileBytes, int maxArchiveDepth) {
    CatalogLimits defaults = CatalogLimits.defaults();
    return new CatalogLimits(defaults.maxUncompressedBytes(), defaults.maxEntries(), maxFileBytes,
        maxArchiveDepth);
  }

  @Override
  public ImageFilesystem filesystem() {
    return filesystem;
  }

  @Override
  public Optional<Distro> distro() {
    return Optional.empty();
  }

  @Override
  public CatalogLimits limits() {
    return limits;
  }

  @Override
  public void skipped(String path, String reason) {
    skipped.add(new SkippedFile(path, "test", reason));
  }

  List<SkippedFile> skippedFiles() {
    return List.copyOf(skipped);
  }
}
