package dev.scangate.registry;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One entry of the error body a registry sends with a 4xx or 5xx response, as defined by the OCI
 * distribution spec (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes):
 * {@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":…}]}}.
 *
 * <pre>{@code
 * List<RegistryError> errors = RegistryError.parseAll(body);
 * errors.get(0).code(); // "MANIFEST_UNKNOWN"
 * }</pre>
 *
 * @param code the spec's error code, e.g. {@code UNAUTHORIZED}
 * @param message the registry's human-readable message, may be empty
 * @param detail the {@code detail} member as compact JSON, or null when absent
 */
public record RegistryError(String code, String message, String detail) {

  private static final int MAX_ERRORS = 20;

  public RegistryError {
    code = code == null ? "" : code;
    message = message == null ? "" : message;
  }

  /**
   * Parses the {@code errors} array of an error body. Bodies that are not JSON, or JSON without
   * {@code errors} (an HTML page from a proxy, an empty body), give an empty list: the status code
   * still tells what happened.
   */
  public static List<RegistryError> parseAll(byte[] body) {
    if (body == null || body.length == 0) {
      return List.of();
    }
    JsonNode root;
    try {
      root = JsonFields.MAPPER.readTree(body);
    } catch (JacksonException e) {
      return List.of();
    }
    if (root == null || !root.path("errors").isArray()) {
      return List.of();
    }
    List<RegistryError> errors = new ArrayList<>();
    for (JsonNode error : root.path("errors")) {
      if (errors.size() == MAX_ERRORS) {
        break;
      }
      if (!error.isObject()) {
        continue;
      }
      JsonNode detail = error.path("detail");
      errors.add(new RegistryError(JsonFields.optionalString(error, "code"),
          JsonFields.optionalString(error, "message"),
          detail.isMissingNode() || detail.isNull() ? null : detail.toString()));
    }
    return List.copyOf(errors);
  }

  /** Whether this error is one of the spec's codes for a manifest, blob or repository that is absent. */
  boolean meansNotFound() {
    return "MANIFEST_UNKNOWN".equals(code) || "NAME_UNKNOWN".equals(code)
        || "BLOB_UNKNOWN".equals(code);
  }

  @Override
  public String toString() {
    return message.isEmpty() ? code : code + ": " + message;
  }
}
