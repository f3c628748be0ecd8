package dev.scangate.catalog;

import java.util.List;

/**
 * Everything cataloging found in one image.
 *
 * @param distro the image's OS, null when it has no os-release
 * @param packages every package found, in a stable order
 * @param skipped files that were not parsed, with the reason
 * @param catalogers {@code id@version} of each cataloger that ran
 */
public record CatalogResult(Distro distro, List<CatalogedPackage> packages,
    List<SkippedFile> skipped, List<String> catalogers) {

  public CatalogResult {
    packages = List.copyOf(packages);
    skipped = List.copyOf(skipped);
    catalogers = List.copyOf(catalogers);
  }
}
