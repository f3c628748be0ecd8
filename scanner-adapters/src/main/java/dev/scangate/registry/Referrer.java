package dev.scangate.registry;

import dev.scangate.image.Digest;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One entry of a referrers list: a descriptor of a manifest whose {@code subject} is the image,
 * with its {@code artifactType} and the manifest's annotations
 * (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#listing-referrers).
 *
 * <pre>{@code
 * for (Referrer r : referrers.list(image, SigstoreBundle.MEDIA_TYPE).referrers()) {
 *   FetchedManifest m = client.fetchManifest(image.atDigest(r.digest()));
 * }
 * }</pre>
 *
 * @param artifactType the manifest's artifactType (or its config media type); may be null in
 *     entries others wrote
 */
public record Referrer(String mediaType, Digest digest, long size, String artifactType,
    Map<String, String> annotations) {

  public Referrer {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(annotations));
  }

  static Referrer parse(JsonNode node, String path) {
    Descriptor descriptor = Descriptor.parse(node, path);
    return new Referrer(descriptor.mediaType(), descriptor.digest(), descriptor.size(),
        JsonFields.optionalString(node, "artifactType", path), descriptor.annotations());
  }
}
