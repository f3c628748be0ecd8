package dev.scangate.sboms;

import dev.scangate.sbom.SbomFormat;
import java.time.Instant;
import java.util.UUID;

/** An SBOM as stored: its three renditions and where it came from. */
record StoredSbom(UUID id, UUID scanId, String imageDigest, String source,
    String uploadedFormat, byte[] cyclonedxJson, byte[] cyclonedxXml, byte[] spdxJson,
    int componentCount, Instant createdAt) {

  byte[] rendition(SbomFormat format) {
    switch (format) {
      case CYCLONEDX_XML:
        return cyclonedxXml;
      case SPDX_JSON:
        return spdxJson;
      default:
        return cyclonedxJson;
    }
  }
}
