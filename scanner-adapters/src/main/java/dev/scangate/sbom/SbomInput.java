package dev.scangate.sbom;

import dev.scangate.catalog.CatalogResult;
import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an SBOM is written from: one image pinned by digest and what cataloging found in it.
 *
 * <p>Nothing in the output depends on the wall clock or on randomness: the timestamp is passed
 * in (truncated to seconds, as both formats write it) and serial numbers are derived from the
 * content, so the same input always gives the same bytes.
 *
 * <pre>{@code
 * SbomInput input = new SbomInput(
 *     ImageReference.parse("registry.example.com/team/app@sha256:…"), Platform.parse("linux/amd64"),
 *     "application/vnd.oci.image.manifest.v1+json", catalogResult,
 *     new SbomTool("scangate", "0.1.0"), clock.instant());
 * byte[] json = new CycloneDxWriter().json(input);
 * }</pre>
 *
 * @param image the image; must carry a digest (the manifest digest of one platform)
 * @param platform the image's platform, or null when unknown (the purl then has no arch)
 * @param mediaType the manifest's media type, or null when unknown
 * @param catalog what was found; its {@code catalogers} ({@code id@version}) are listed as tools
 * @param generator the program writing the SBOM (scangate and its version)
 * @param timestamp when the SBOM was made
 */
public record SbomInput(ImageReference image, Platform platform, String mediaType,
    CatalogResult catalog, SbomTool generator, Instant timestamp) {

  public SbomInput {
    Objects.requireNonNull(image, "image");
    if (image.digest() == null) {
      throw new IllegalArgumentException("an SBOM describes one image digest; " + image
          + " has none (resolve the tag first)");
    }
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(timestamp, "timestamp");
    timestamp = timestamp.truncatedTo(ChronoUnit.SECONDS);
  }

  /** The generator followed by the catalogers, in the catalog's order. */
  public List<SbomTool> tools() {
    List<SbomTool> tools = new ArrayList<>();
    tools.add(generator);
    for (String cataloger : catalog.catalogers()) {
      tools.add(SbomTool.parse(cataloger));
    }
    return List.copyOf(tools);
  }
}
