package dev.scangate.platform;

import java.util.Map;

/** An error a feature raises for the API to render as problem+json. */
public class ApiException extends RuntimeException {

  private final ProblemType type;
  private final Map<String, Object> properties;

  public ApiException(ProblemType type, String detail) {
    this(type, detail, Map.of());
  }

  public ApiException(ProblemType type, String detail, Map<String, Object> properties) {
    super(detail);
    this.type = type;
    this.properties = Map.copyOf(properties);
  }

  public ProblemType type() {
    return type;
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
