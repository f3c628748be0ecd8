package dev.scangate.sboms;

/** Where an SBOM came from. */
public enum SbomSource {
  /** scangate's own catalogers, over the pulled layers. */
  CATALOG,
  /** Uploaded through {@code POST /api/v1/sboms}; the image was not pulled. */
  UPLOAD,
  /** The configured Syft binary. */
  SYFT
}
