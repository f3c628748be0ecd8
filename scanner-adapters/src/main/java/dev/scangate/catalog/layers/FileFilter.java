package dev.scangate.catalog.layers;

/**
 * Which regular files of an image the {@link LayerExtractor} keeps the content of. It is asked
 * once for every regular file of every layer, so it must be cheap. Its signature is the one of
 * {@link dev.scangate.catalog.PackageCataloger#wants}, so a registry fits directly:
 *
 * <pre>{@code
 * FileFilter wanted = registry::wants;
 * FileFilter dpkg = (path, size, mode) -> path.equals("/var/lib/dpkg/status");
 * }</pre>
 */
@FunctionalInterface
public interface FileFilter {

  /**
   * @param path absolute normalized path in the image, after directory symlinks of lower layers
   *     were resolved, e.g. {@code /usr/lib/os-release}
   * @param size file size in bytes
   * @param mode permission bits, e.g. {@code 0755}
   */
  boolean wants(String path, long size, int mode);
}
