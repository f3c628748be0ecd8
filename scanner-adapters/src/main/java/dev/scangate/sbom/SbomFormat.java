package dev.scangate.sbom;

/** The SBOM encodings scangate writes and reads, with their media types. */
public enum SbomFormat {
  /** CycloneDX JSON; 1.6 is scangate's canonical stored form. */
  CYCLONEDX_JSON("application/vnd.cyclonedx+json"),
  /** CycloneDX XML. */
  CYCLONEDX_XML("application/vnd.cyclonedx+xml"),
  /** SPDX 2.x JSON. */
  SPDX_JSON("application/spdx+json");

  private final String mediaType;

  SbomFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The IANA media type, e.g. {@code application/vnd.cyclonedx+json}. */
  public String mediaType() {
    return mediaType;
  }
}
