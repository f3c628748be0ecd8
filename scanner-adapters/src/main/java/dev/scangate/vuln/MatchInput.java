package dev.scangate.vuln;

import dev.scangate.catalog.CatalogResult;
import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import java.nio.file.Path;

/**
 * What a matcher is asked to look at: a CycloneDX JSON SBOM file (what Grype and Trivy read),
 * the catalog it was written from (what the built-in OSV matcher reads), and the image it
 * describes. Matchers use what they need and say clearly when it is missing.
 *
 * <pre>{@code
 * MatchInput.ofSbom(Path.of("/tmp/scan-42/sbom.cdx.json"), image).withCatalog(catalog);
 * MatchInput.ofImage(ImageReference.parse("debian@sha256:…"), Platform.DEFAULT);
 * }</pre>
 *
 * @param sbom a CycloneDX JSON file (scangate writes 1.6), or null
 * @param catalog the cataloged packages, or null
 * @param image the image the SBOM describes, or the image to scan when there is no SBOM; null
 *     for an uploaded SBOM of unknown origin
 * @param platform the platform to pick from an index in image mode, or null for the tool's
 *     default
 */
public record MatchInput(Path sbom, CatalogResult catalog, ImageReference image,
    Platform platform) {

  public MatchInput {
    if (sbom == null && catalog == null && image == null) {
      throw new IllegalArgumentException("a match needs an SBOM file, a catalog or an image");
    }
  }

  /** An SBOM file describing {@code image} (which may be null). */
  public static MatchInput ofSbom(Path sbom, ImageReference image) {
    return new MatchInput(java.util.Objects.requireNonNull(sbom, "sbom"), null, image, null);
  }

  /** A catalog of {@code image} (which may be null). */
  public static MatchInput ofCatalog(CatalogResult catalog, ImageReference image) {
    return new MatchInput(null, java.util.Objects.requireNonNull(catalog, "catalog"), image,
        null);
  }

  /** An image the tool pulls and catalogs itself (Grype's and Trivy's image modes). */
  public static MatchInput ofImage(ImageReference image, Platform platform) {
    return new MatchInput(null, null, java.util.Objects.requireNonNull(image, "image"),
        platform);
  }

  public MatchInput withCatalog(CatalogResult value) {
    return new MatchInput(sbom, value, image, platform);
  }

  public MatchInput withSbom(Path value) {
    return new MatchInput(value, catalog, image, platform);
  }
}
