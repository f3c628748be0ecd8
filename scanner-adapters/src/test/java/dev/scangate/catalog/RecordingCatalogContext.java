package dev.scangate.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A test {@link CatalogContext} that keeps what catalogers report as skipped.
 *
 * <pre>{@code
 * RecordingCatalogContext context = new RecordingCatalogContext(fs, distro, limits, "dpkg");
 * new DpkgCataloger().catalog(context);
 * context.skippedFiles(); // [SkippedFile[path=/var/lib/dpkg/status, cataloger=dpkg, reason=…]]
 * }</pre>
 */
public final class RecordingCatalogContext implements CatalogContext {

  private final ImageFilesystem filesystem;
  private final Distro distro;
  private final CatalogLimits limits;
  private final String cataloger;
  private final List<SkippedFile> skipped = new ArrayList<>();

  /**
   * @param distro the image's distro, null for none
   * @param cataloger recorded as the {@link SkippedFile#cataloger()} of every skip
   */
  public RecordingCatalogContext(ImageFilesystem filesystem, Distro distro, CatalogLimits limits,
      String cataloger) {
    this.filesystem = filesystem;
    this.distro = distro;
    this.limits = limits;
    this.cataloger = cataloger;
  }

  @Override
  public ImageFilesystem filesystem() {
    return filesystem;
  }

  @Override
  public Optional<Distro> distro() {
    return Optional.ofNullable(distro);
  }

  @Override
  public CatalogLimits limits() {
    return limits;
  }

  @Override
  public void skipped(String path, String reason) {
    skipped.add(new SkippedFile(path, cataloger, reason));
  }

  public List<SkippedFile> skippedFiles() {
    return List.copyOf(skipped);
  }
}
