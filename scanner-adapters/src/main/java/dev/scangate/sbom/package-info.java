/**
 * SBOMs: {@link dev.scangate.sbom.CycloneDxWriter} (CycloneDX 1.6 JSON and XML, scangate's
 * canonical stored form) and {@link dev.scangate.sbom.SpdxWriter} (SPDX 2.3 JSON) write an
 * {@link dev.scangate.sbom.SbomInput}; {@link dev.scangate.sbom.SbomReader} reads uploaded
 * CycloneDX 1.2–1.6 and SPDX 2.2/2.3 documents into the catalog model.
 */
package dev.scangate.sbom;
