package dev.scangate.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SPDX license identifiers, read from the {@code spdx.schema.json} that cyclonedx-core-java
 * ships for its own schema validation, so that what we write as a CycloneDX {@code license.id}
 * is exactly what the CycloneDX schema accepts.
 */
final class SpdxLicenseList {

  private final Map<String, String> byLowerCase;

  private SpdxLicenseList(Map<String, String> byLowerCase) {
    this.byLowerCase = Map.copyOf(byLowerCase);
  }

  static SpdxLicenseList load() {
    try (InputStream in = org.cyclonedx.CycloneDxSchema.class
        .getResourceAsStream("/spdx.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("spdx.schema.json is missing from cyclonedx-core-java");
      }
      JsonNode schema = JsonMapper.builder().build().readTree(in);
      Map<String, String> ids = new HashMap<>();
      for (JsonNode id : schema.path("enum")) {
        ids.put(id.stringValue().toLowerCase(Locale.ROOT), id.stringValue());
      }
      if (ids.isEmpty()) {
        throw new IllegalStateException("spdx.schema.json of cyclonedx-core-java lists no ids");
      }
      return new SpdxLicenseList(ids);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the SPDX license list", e);
    }
  }

  /** The canonical spelling of a license id ({@code mit} → {@code MIT}), if it is one. */
  Optional<String> id(String value) {
    return Optional.ofNullable(byLowerCase.get(value.strip().toLowerCase(Locale.ROOT)));
  }

  /**
   * The expression with canonical ids, when {@code value} is a compound SPDX license expression
   * (https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/) made of known ids,
   * {@code LicenseRef-} references, {@code AND}/{@code OR}/{@code WITH} and parentheses.
   */
  Optional<String> compoundExpression(String value) {
    String spaced = value.strip().replace("(", " ( ").replace(")", " ) ");
    String[] tokens = spaced.trim().split("\\s+");
    if (tokens.length < 3) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    boolean afterWith = false;
    int depth = 0;
    for (String token : tokens) {
      String canonical;
      if (token.equals("AND") || token.equals("OR") || token.equals("WITH")) {
        canonical = token;
      } else if (token.equals("(")) {
        depth++;
        canonical = token;
      } else if (token.equals(")")) {
        depth--;
        canonical = token;
      } else if (afterWith) {
        // license exceptions (Classpath-exception-2.0) are a separate list; check the shape only
        if (!token.matches("[A-Za-z0-9.\\-]+")) {
          return Optional.empty();
        }
        canonical = token;
      } else if (token.startsWith("LicenseRef-") && token.matches("LicenseRef-[A-Za-z0-9.\\-]+")) {
        canonical = token;
      } else {
        String plus = token.endsWith("+") ? "+" : "";
        Optional<String> id = id(plus.isEmpty() ? token : token.substring(0, token.length() - 1));
        if (id.isEmpty()) {
          return Optional.empty();
        }
        canonical = id.get() + plus;
      }
      if (depth < 0) {
        return Optional.empty();
      }
      afterWith = token.equals("WITH");
      if (out.length() > 0 && !canonical.equals(")") && out.charAt(out.length() - 1) != '(') {
        out.append(' ');
      }
      out.append(canonical);
    }
    String expression = out.toString();
    boolean hasOperator = expression.contains(" AND ") || expression.contains(" OR ")
        || expression.contains(" WITH ");
    return depth == 0 && hasOperator ? Optional.of(expression) : Optional.empty();
  }
}
