package dev.scangate.registry;

import dev.scangate.image.Digest;
import dev.scangate.image.Platform;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A content descriptor (https://github.com/opencontainers/image-spec/blob/main/descriptor.md):
 * what a manifest says about a config, a layer or, in an index, a child manifest.
 *
 * <pre>{@code
 * Descriptor layer = manifest.layers().get(0);
 * try (InputStream in = client.openBlob(repo, layer)) { … }   // verified against digest and size
 * }</pre>
 *
 * @param size the size in bytes, or {@link #UNKNOWN_SIZE} for a blob requested by digest alone
 * @param platform for an index entry, its platform when it names one scangate knows; else null
 */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform,
    Map<String, String> annotations) {

  /** The size of a descriptor made from a bare digest. */
  public static final long UNKNOWN_SIZE = -1;

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (size < UNKNOWN_SIZE) {
      throw new IllegalArgumentException("descriptor size must be >= 0, got " + size);
    }
    annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(annotations));
  }

  /** A descriptor for a blob known only by its digest. */
  public static Descriptor ofDigest(Digest digest) {
    return new Descriptor("application/octet-stream", digest, UNKNOWN_SIZE, null, Map.of());
  }

  /** Whether the size is known. */
  public boolean hasSize() {
    return size != UNKNOWN_SIZE;
  }

  /**
   * Reads a descriptor object. mediaType, digest and size are REQUIRED by the image spec
   * (descriptor.md#properties); platform is read only where it forms a known {@link Platform}.
   */
  static Descriptor parse(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(path + " must be an object");
    }
    String mediaType = JsonFields.requiredString(node, "mediaType", path);
    String digestText = JsonFields.requiredString(node, "digest", path);
    Digest digest;
    try {
      digest = Digest.parse(digestText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ".digest: " + e.getMessage());
    }
    long size = JsonFields.optionalLong(node, "size", path)
        .orElseThrow(() -> new IllegalArgumentException(path + ".size is missing"));
    if (size < 0) {
      throw new IllegalArgumentException(path + ".size must not be negative");
    }
    Platform platform = null;
    JsonNode platformNode = node.path("platform");
    if (platformNode.isObject()) {
      platform = Platform.lenient(JsonFields.optionalString(platformNode, "os"),
          JsonFields.optionalString(platformNode, "architecture"),
          JsonFields.optionalString(platformNode, "variant"));
    }
    return new Descriptor(mediaType, digest, size, platform,
        JsonFields.optionalStringMap(node, "annotations", path));
  }
}
