package dev.scangate.catalog;

import dev.scangate.catalog.layers.ExtractedFilesystem;
import dev.scangate.catalog.layers.LayerExtractor;
import dev.scangate.catalog.layers.LayerOutcome;
import dev.scangate.catalog.os.OsRelease;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * scangate's own cataloger: extracts what the package catalogers want from the layers into a
 * scratch directory (whiteouts applied, limits enforced), detects the distro, and runs each
 * package cataloger. A cataloger that fails is recorded as a skip; the others' results stand.
 *
 * <pre>{@code
 * BuiltinCataloger cataloger = new BuiltinCataloger(
 *     new CatalogerRegistry(List.of(new DpkgCataloger(), new JavaArchiveCataloger())),
 *     CatalogLimits.defaults(), Path.of("/var/tmp/scangate"));
 * CatalogResult result = cataloger.catalog(new RegistryLayerSource(client, manifest));
 * }</pre>
 */
public final class BuiltinCataloger {

  private final CatalogerRegistry registry;
  private final CatalogLimits limits;
  private final Path scratchParent;

  public BuiltinCataloger(CatalogerRegistry registry, CatalogLimits limits, Path scratchParent) {
    this.registry = registry;
    this.limits = limits;
    this.scratchParent = scratchParent;
  }

  /** Catalogs an image; limits exceeded or a corrupt layer end it with an exception. */
  public CatalogResult catalog(LayerSource layers) throws IOException {
    LayerExtractor extractor = new LayerExtractor(limits);
    try (ExtractedFilesystem fs = extractor.extract(layers,
        (path, size, mode) -> OsRelease.wants(path) || registry.wants(path, size, mode),
        scratchParent)) {
      Optional<Distro> distro = OsRelease.detect(fs);
      List<SkippedFile> skipped = new ArrayList<>(fs.skipped());
      // What the extractor refused (entries escaping the root, links carrying data, ...) is
      // recorded with the SBOM, so a hostile layer leaves a visible trace.
      for (LayerOutcome layer : fs.layers()) {
        for (String warning : layer.warnings()) {
          skipped.add(new SkippedFile(layer.digest(), LayerExtractor.ID, warning));
        }
      }
      List<CatalogedPackage> packages = new ArrayList<>();
      List<String> ran = new ArrayList<>();
      for (PackageCataloger cataloger : registry.catalogers()) {
        ran.add(cataloger.id() + "@" + cataloger.version());
        Context context = new Context(fs, distro, limits, cataloger.id(), skipped);
        try {
          packages.addAll(cataloger.catalog(context));
        } catch (IOException | RuntimeException e) {
          skipped.add(new SkippedFile("/", cataloger.id(), "cataloger failed: " + e.getMessage()));
        }
      }
      packages.sort(Comparator.comparing((CatalogedPackage p) -> p.type().name())
          .thenComparing(CatalogedPackage::name)
          .thenComparing(p -> String.valueOf(p.version()))
          .thenComparing(p -> String.valueOf(p.path())));
      return new CatalogResult(distro.orElse(null), packages, skipped, ran);
    }
  }

  private record Context(ImageFilesystem filesystem, Optional<Distro> distro,
      CatalogLimits limits, String cataloger, List<SkippedFile> skips) implements CatalogContext {

    @Override
    public void skipped(String path, String reason) {
      skips.add(new SkippedFile(path, cataloger, reason));
    }
  }
}
