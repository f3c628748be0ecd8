package dev.scangate.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * REST API limits.
 *
 * @param maxRequestSize largest accepted JSON request body
 * @param maxSbomSize largest accepted SBOM upload ({@code POST /api/v1/sboms})
 * @param maxVulndbUploadSize largest accepted OSV zip or JSON upload
 *     ({@code POST /api/v1/vulndb/imports}); the upload is kept in the database until imported
 */
@ConfigurationProperties("scangate.api")
public record ApiProperties(DataSize maxRequestSize, DataSize maxSbomSize,
    DataSize maxVulndbUploadSize) {

  public ApiProperties {
    if (maxRequestSize == null) {
      maxRequestSize = DataSize.ofKilobytes(64);
    }
    if (maxSbomSize == null) {
      maxSbomSize = DataSize.ofMegabytes(64);
    }
    if (maxVulndbUploadSize == null) {
      maxVulndbUploadSize = DataSize.ofMegabytes(512);
    }
    if (maxRequestSize.toBytes() <= 0 || maxSbomSize.toBytes() <= 0
        || maxVulndbUploadSize.toBytes() <= 0) {
      throw new IllegalArgumentException("scangate.api.max-request-size, max-sbom-size and"
          + " max-vulndb-upload-size must be positive");
    }
  }
}
