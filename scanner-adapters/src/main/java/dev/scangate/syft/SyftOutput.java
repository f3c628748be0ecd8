package dev.scangate.syft;

import dev.scangate.catalog.CatalogResult;
import java.util.Objects;

/**
 * What one Syft run found, normalized.
 *
 * @param toolVersion Syft's version from the document's {@code descriptor.version}
 *     ({@code 0.94.0}; old test documents say {@code [not provided]})
 * @param schemaVersion the syft-json schema version, or null when the document omits it
 * @param manifestDigest the manifest digest Syft scanned ({@code source.metadata.manifestDigest};
 *     for an index this is the platform's manifest), or null for non-image sources
 * @param catalog the packages; artifacts without a usable purl are listed in {@code skipped};
 *     {@code catalogers} is {@code syft@<version>}
 */
public record SyftOutput(String toolVersion, String schemaVersion, String manifestDigest,
    CatalogResult catalog) {

  public SyftOutput {
    Objects.requireNonNull(toolVersion, "toolVersion");
    Objects.requireNonNull(catalog, "catalog");
  }
}
