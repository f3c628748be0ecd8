package dev.scangate.sbom;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The official SPDX 2.3 JSON schema (draft-07; resource {@code spdx-schema-2.3.json}, see
 * NOTICE.md beside it), validated with networknt json-schema-validator.
 */
final class SpdxSchema {

  private final Schema schema;

  private SpdxSchema(Schema schema) {
    this.schema = schema;
  }

  static SpdxSchema load() {
    try (InputStream in = SpdxSchema.class.getResourceAsStream("spdx-schema-2.3.json")) {
      if (in == null) {
        throw new IllegalStateException("spdx-schema-2.3.json is missing from the classpath");
      }
      SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
      return new SpdxSchema(registry.getSchema(in, InputFormat.JSON));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the SPDX 2.3 schema", e);
    }
  }

  /** Every violation, in document order; empty when the document is valid. */
  List<SchemaViolation> validate(String json) {
    List<SchemaViolation> violations = new ArrayList<>();
    for (Error error : schema.validate(json, InputFormat.JSON)) {
      violations.add(new SchemaViolation(
          SchemaViolation.jsonPath(error.getInstanceLocation().toString()),
          error.getMessage()));
    }
    return violations;
  }
}
