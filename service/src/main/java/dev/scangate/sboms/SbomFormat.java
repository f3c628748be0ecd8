package dev.scangate.sboms;

import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The SBOM renditions scangate serves. */
public enum SbomFormat {
  CYCLONEDX_JSON("cyclonedx-json", "application/vnd.cyclonedx+json; version=1.6"),
  CYCLONEDX_XML("cyclonedx-xml", "application/vnd.cyclonedx+xml; version=1.6"),
  SPDX_JSON("spdx-json", "application/spdx+json");

  private final String parameter;
  private final String contentType;

  SbomFormat(String parameter, String contentType) {
    this.parameter = parameter;
    this.contentType = contentType;
  }

  public String parameter() {
    return parameter;
  }

  public String contentType() {
    return contentType;
  }

  /** From the {@code format} query parameter; null means CycloneDX JSON. */
  static SbomFormat fromParameter(String value) {
    if (value == null || value.isBlank()) {
      return CYCLONEDX_JSON;
    }
    for (SbomFormat format : values()) {
      if (format.parameter.equals(value)) {
        return format;
      }
    }
    String known = Arrays.stream(values()).map(SbomFormat::parameter)
        .collect(Collectors.joining(", "));
    throw new ApiException(ProblemType.VALIDATION_FAILED, "format \"" + value
        + "\" is not one of " + known, Map.of("input", value, "field", "format"));
  }
}
