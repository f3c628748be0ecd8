package dev.scangate.sbom;

import dev.scangate.catalog.CatalogResult;
import java.util.List;
import java.util.Objects;

/**
 * An SBOM made elsewhere, read into scangate's catalog model.
 *
 * <pre>{@code
 * ReadSbom sbom = new SbomReader().read(uploadedBytes);
 * sbom.format();            // CYCLONEDX_JSON
 * sbom.specVersion();       // "1.5"
 * sbom.subject().digest();  // sha256:… when the document names the image digest
 * sbom.catalog().packages();
 * sbom.catalog().skipped(); // components that could not become packages, with the reason
 * }</pre>
 *
 * @param format the detected encoding
 * @param specVersion the declared version: {@code 1.2}…{@code 1.6}, {@code SPDX-2.2},
 *     {@code SPDX-2.3}
 * @param subject what the document describes, or null when it does not say
 * @param catalog the packages; components without a usable purl are in {@code skipped} (with
 *     {@code cataloger} {@code sbom} and the reason), the document's tools in {@code catalogers}
 * @param schemaViolations violations found under {@link SchemaPolicy#REPORT}; empty otherwise
 */
public record ReadSbom(SbomFormat format, String specVersion, SbomSubject subject,
    CatalogResult catalog, List<SchemaViolation> schemaViolations) {

  public ReadSbom {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(specVersion, "specVersion");
    Objects.requireNonNull(catalog, "catalog");
    schemaViolations = List.copyOf(schemaViolations);
  }
}
