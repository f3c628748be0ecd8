package dev.scangate.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An image manifest (https://github.com/opencontainers/image-spec/blob/main/manifest.md) or a
 * Docker v2 schema 2 manifest, which has the same shape.
 *
 * <pre>{@code
 * ImageManifest m = client.fetchManifest(ref).manifest();
 * ImageConfig config = client.fetchConfig(ref, m.config());
 * for (Descriptor layer : m.layers()) { … }
 * }</pre>
 *
 * @param subject the manifest this one refers to (OCI 1.1 referrers), or null
 * @param artifactType the OCI 1.1 artifact type, or null
 */
public record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers,
    Descriptor subject, String artifactType, Map<String, String> annotations)
    implements ManifestContent {

  public ImageManifest {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
    annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(annotations));
  }

  @Override
  public boolean isIndex() {
    return false;
  }

  /** The subject descriptor, when this manifest refers to another one. */
  public Optional<Descriptor> subjectDescriptor() {
    return Optional.ofNullable(subject);
  }

  static ImageManifest parse(JsonNode root, String mediaType) {
    if (!root.path("config").isObject()) {
      throw new IllegalArgumentException("manifest.config is missing");
    }
    Descriptor config = Descriptor.parse(root.path("config"), "manifest.config");
    List<Descriptor> layers = new ArrayList<>();
    List<JsonNode> layerNodes = JsonFields.optionalArray(root, "layers", "manifest");
    for (int i = 0; i < layerNodes.size(); i++) {
      layers.add(Descriptor.parse(layerNodes.get(i), "manifest.layers[" + i + "]"));
    }
    JsonNode subjectNode = root.path("subject");
    Descriptor subject = subjectNode.isObject()
        ? Descriptor.parse(subjectNode, "manifest.subject") : null;
    return new ImageManifest(mediaType, config, layers, subject,
        JsonFields.optionalString(root, "artifactType", "manifest"),
        JsonFields.optionalStringMap(root, "annotations", "manifest"));
  }
}
