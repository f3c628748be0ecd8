package dev.scangate.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * REST API limits.
 *
 * @param maxRequestSize largest accepted JSON request body
 * @param maxSbomSize largest accepted SBOM upload ({@code POST /api/v1/sboms})
 */
@ConfigurationProperties("scangate.api")
public record ApiProperties(DataSize maxRequestSize, DataSize maxSbomSize) {

  public ApiProperties {
    if (maxRequestSize == null) {
      maxRequestSize = DataSize.ofKilobytes(64);
    }
    if (maxSbomSize == null) {
      maxSbomSize = DataSize.ofMegabytes(64);
    }
    if (maxRequestSize.toBytes() <= 0 || maxSbomSize.toBytes() <= 0) {
      throw new IllegalArgumentException(
          "scangate.api.max-request-size and max-sbom-size must be positive");
    }
  }
}
