package dev.scangate.registry;

import tools.jackson.databind.JsonNode;

/**
 * The parsed view of a manifest: an {@link ImageManifest} (config and layers) or an
 * {@link ImageIndex} (one manifest per platform).
 *
 * <pre>{@code
 * ManifestContent content = ManifestContent.parse(bytes, "application/vnd.oci.image.manifest.v1+json");
 * if (content.isIndex()) { … }
 * }</pre>
 */
public sealed interface ManifestContent permits ImageManifest, ImageIndex {

  /** The media type the content was parsed as. */
  String mediaType();

  /** Whether this is an index (or Docker manifest list) rather than an image manifest. */
  boolean isIndex();

  /**
   * Parses manifest bytes. The media type comes from the body's {@code mediaType} field, else
   * from {@code contentType} (the response header), else from the document's shape: an OCI
   * manifest may omit the field (umoci writes none), since image-spec manifest.md only says it
   * SHOULD be used. A body whose shape contradicts its media type (an "index" with {@code layers})
   * is refused, as image-spec recommends against manifest/index confusion
   * (https://github.com/opencontainers/image-spec/blob/main/manifest.md#image-manifest-property-descriptions).
   *
   * @throws IllegalArgumentException naming the broken field, for schema 1, unknown media
   *     types and malformed JSON
   */
  static ManifestContent parse(byte[] bytes, String contentType) {
    JsonNode root = JsonFields.object(bytes, "manifest");
    String declared = JsonFields.optionalString(root, "mediaType", "manifest");
    long schemaVersion = JsonFields.optionalLong(root, "schemaVersion", "manifest").orElse(-1L);
    String header = MediaTypes.essence(contentType);
    if (schemaVersion == 1 || MediaTypes.isSchema1(declared)
        || (declared == null && MediaTypes.isSchema1(header))) {
      throw new IllegalArgumentException("schema 1 manifest ("
          + (declared != null ? declared : header != null ? header : "schemaVersion 1")
          + ") is not supported; Docker deprecated it in 2019: push the image again with a"
          + " current client");
    }
    boolean looksLikeIndex = root.has("manifests");
    boolean looksLikeManifest = root.has("config") || root.has("layers");
    String mediaType = declared;
    if (mediaType == null) {
      if (MediaTypes.isImageManifest(header) || MediaTypes.isIndex(header)) {
        mediaType = header;
      } else if (looksLikeIndex && !looksLikeManifest) {
        mediaType = MediaTypes.OCI_INDEX;
      } else if (looksLikeManifest && !looksLikeIndex) {
        mediaType = MediaTypes.OCI_MANIFEST;
      } else {
        throw new IllegalArgumentException("manifest has no mediaType field and the registry sent"
            + " Content-Type " + (header == null ? "none" : "\"" + header + "\""));
      }
    }
    if (MediaTypes.isImageManifest(mediaType)) {
      if (looksLikeIndex) {
        throw new IllegalArgumentException(
            "manifest of type " + mediaType + " has a \"manifests\" field, like an index");
      }
      return ImageManifest.parse(root, mediaType);
    }
    if (MediaTypes.isIndex(mediaType)) {
      if (looksLikeManifest) {
        throw new IllegalArgumentException(
            "index of type " + mediaType + " has \"config\" or \"layers\", like a manifest");
      }
      return ImageIndex.parse(root, mediaType);
    }
    throw new IllegalArgumentException("unsupported manifest media type \"" + mediaType
        + "\"; supported: " + String.join(", ", MediaTypes.MANIFEST_ACCEPT));
  }
}
