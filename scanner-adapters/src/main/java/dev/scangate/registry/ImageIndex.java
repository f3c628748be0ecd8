package dev.scangate.registry;

import dev.scangate.image.Platform;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * An image index (https://github.com/opencontainers/image-spec/blob/main/image-index.md) or a
 * Docker manifest list: one manifest per platform.
 *
 * <pre>{@code
 * ImageIndex index = client.fetchManifest(ref).index();
 * Descriptor arm = index.select(Platform.parse("linux/arm64"));
 * FetchedManifest image = client.fetchManifest(ref.atDigest(arm.digest()));
 * }</pre>
 */
public record ImageIndex(String mediaType, List<Descriptor> manifests, Descriptor subject,
    Map<String, String> annotations) implements ManifestContent {

  public ImageIndex {
    Objects.requireNonNull(mediaType, "mediaType");
    manifests = List.copyOf(manifests);
    annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(annotations));
  }

  @Override
  public boolean isIndex() {
    return true;
  }

  /**
   * The entry for a platform. An entry without variant satisfies a request without variant; when
   * several entries satisfy the request, one whose variant equals the requested one wins, then the
   * first in index order (image-index.md: "the first match SHOULD be used"). Entries whose
   * platform scangate does not know, such as BuildKit's {@code unknown/unknown} attestation
   * manifests, are never selected.
   *
   * @throws PlatformNotFoundException listing the platforms the index offers
   */
  public Descriptor select(Platform wanted) {
    Descriptor firstMatch = null;
    for (Descriptor entry : manifests) {
      Platform platform = entry.platform();
      if (platform == null || !platform.satisfies(wanted) || !isManifestType(entry)) {
        continue;
      }
      if (Objects.equals(platform.variant(), wanted.variant())) {
        return entry;
      }
      if (firstMatch == null) {
        firstMatch = entry;
      }
    }
    if (firstMatch != null) {
      return firstMatch;
    }
    throw new PlatformNotFoundException(wanted, platforms());
  }

  /** The known platforms in this index, in order, without duplicates. */
  public List<Platform> platforms() {
    LinkedHashSet<Platform> platforms = new LinkedHashSet<>();
    for (Descriptor entry : manifests) {
      if (entry.platform() != null) {
        platforms.add(entry.platform());
      }
    }
    return List.copyOf(platforms);
  }

  private static boolean isManifestType(Descriptor entry) {
    return MediaTypes.isImageManifest(entry.mediaType()) || MediaTypes.isIndex(entry.mediaType());
  }

  static ImageIndex parse(JsonNode root, String mediaType) {
    if (!root.path("manifests").isArray()) {
      throw new IllegalArgumentException("index.manifests must be an array");
    }
    List<Descriptor> manifests = new ArrayList<>();
    List<JsonNode> nodes = JsonFields.optionalArray(root, "manifests", "index");
    for (int i = 0; i < nodes.size(); i++) {
      manifests.add(Descriptor.parse(nodes.get(i), "index.manifests[" + i + "]"));
    }
    JsonNode subjectNode = root.path("subject");
    Descriptor subject = subjectNode.isObject()
        ? Descriptor.parse(subjectNode, "index.subject") : null;
    return new ImageIndex(mediaType, manifests, subject,
        JsonFields.optionalStringMap(root, "annotations", "index"));
  }
}
