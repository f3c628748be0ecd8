package dev.scangate.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * REST API limits.
 *
 * @param maxRequestSize largest accepted request body (SBOM uploads have their own limit)
 */
@ConfigurationProperties("scangate.api")
public record ApiProperties(DataSize maxRequestSize) {

  public ApiProperties {
    if (maxRequestSize == null) {
      maxRequestSize = DataSize.ofKilobytes(64);
    }
    if (maxRequestSize.toBytes() <= 0) {
      throw new IllegalArgumentException("scangate.api.max-request-size must be positive");
    }
  }
}
