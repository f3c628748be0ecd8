package dev.scangate.catalog;

import java.io.IOException;
import java.util.List;

/**
 * Finds the packages of one ecosystem in an {@link ImageFilesystem}. Implementations are
 * stateless, registered explicitly in a {@link CatalogerRegistry}, and tolerate malformed input:
 * a bad file is reported through {@link CatalogContext#skipped} and the rest is still cataloged.
 *
 * <pre>{@code
 * final class ApkCataloger implements PackageCataloger {
 *   public String id() { return "apk"; }
 *   public boolean wants(String path, long size, int mode) {
 *     return path.equals("/lib/apk/db/installed");
 *   }
 *   public List<CatalogedPackage> catalog(CatalogContext context) throws IOException { ... }
 * }
 * }</pre>
 */
public interface PackageCataloger {

  /** Unique id, e.g. {@code dpkg}; recorded as {@code foundBy}. */
  String id();

  /** Version of this cataloger's logic, recorded with the SBOM. */
  default String version() {
    return "1";
  }

  /**
   * Whether the layer extractor must keep this file's content. Called for every regular file of
   * every layer, so it must be cheap.
   *
   * @param path absolute normalized path in the image
   * @param size file size
   * @param mode permission bits
   */
  boolean wants(String path, long size, int mode);

  List<CatalogedPackage> catalog(CatalogContext context) throws IOException;
}
