package dev.scangate.sbom;

/** What {@link SbomReader} does when a document breaks its format's schema. */
public enum SchemaPolicy {
  /** Refuse the document with an {@link InvalidSbomException} naming the first violation. */
  REJECT,
  /**
   * Read it anyway and list the violations in {@link ReadSbom#schemaViolations()}. Real tools'
   * output is not always valid (Trivy's SPDX 2.2 omits the required {@code downloadLocation},
   * Syft's SPDX 2.2 writes {@code PACKAGE_MANAGER} for {@code PACKAGE-MANAGER}).
   */
  REPORT
}
