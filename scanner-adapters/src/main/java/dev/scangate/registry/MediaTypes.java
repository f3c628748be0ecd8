package dev.scangate.registry;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The manifest media types scangate reads, from the OCI image spec
 * (https://github.com/opencontainers/image-spec/blob/main/media-types.md) and Docker's image
 * manifest v2 schema 2 (https://distribution.github.io/distribution/spec/manifest-v2-2/).
 *
 * <pre>{@code
 * if (MediaTypes.isIndex(fetched.mediaType())) { … }
 * }</pre>
 */
public final class MediaTypes {

  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";

  static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
  static final String DOCKER_SCHEMA1_SIGNED =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  /** What the client sends as {@code Accept} when pulling a manifest, in order of preference. */
  public static final List<String> MANIFEST_ACCEPT =
      List.of(OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST);

  private static final Set<String> IMAGE_MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
  private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);

  private MediaTypes() {
  }

  /** Whether this is an image manifest media type (OCI or Docker v2s2). */
  public static boolean isImageManifest(String mediaType) {
    return IMAGE_MANIFESTS.contains(mediaType);
  }

  /** Whether this is an index media type (OCI index or Docker manifest list). */
  public static boolean isIndex(String mediaType) {
    return INDEXES.contains(mediaType);
  }

  static boolean isSchema1(String mediaType) {
    return DOCKER_SCHEMA1.equals(mediaType) || DOCKER_SCHEMA1_SIGNED.equals(mediaType);
  }

  /** {@code Content-Type} without parameters, lowercased; null stays null. */
  static String essence(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String essence = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    return essence.isEmpty() ? null : essence.toLowerCase(Locale.ROOT);
  }
}
