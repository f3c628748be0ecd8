package dev.scangate.sbom;

import java.util.List;

/**
 * An uploaded document that scangate cannot read as an SBOM. The message names what is wrong and
 * where, so it can be returned to the uploader as is, e.g. {@code not JSON or XML},
 * {@code CycloneDX specVersion 1.1 is not supported (1.2–1.6)},
 * {@code SPDX document has no packages} or
 * {@code schema violation at $.components[3].purl: …}.
 */
public class InvalidSbomException extends IllegalArgumentException {

  private final List<SchemaViolation> violations;

  public InvalidSbomException(String message) {
    this(message, List.of(), null);
  }

  public InvalidSbomException(String message, Throwable cause) {
    this(message, List.of(), cause);
  }

  public InvalidSbomException(String message, List<SchemaViolation> violations, Throwable cause) {
    super(message, cause);
    this.violations = List.copyOf(violations);
  }

  /** Every schema violation found, when the document failed schema validation; else empty. */
  public List<SchemaViolation> violations() {
    return violations;
  }
}
