package dev.scangate.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An artifact to attach to an image as an OCI 1.1 referrer: an image manifest with
 * {@code artifactType}, the empty config ({@code application/vnd.oci.empty.v1+json}), the given
 * layers and the image as {@code subject}
 * (https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md#guidelines-for-artifact-usage).
 *
 * <pre>{@code
 * ReferrerArtifact bundle = new ReferrerArtifact(SigstoreBundle.MEDIA_TYPE,
 *     List.of(new ReferrerArtifact.Layer(SigstoreBundle.MEDIA_TYPE, bundleJson, Map.of())),
 *     Map.of("dev.sigstore.bundle.predicateType", "https://cyclonedx.org/bom"));
 * ReferrerPush pushed = new OciReferrers(client).attach(image, bundle);
 * }</pre>
 *
 * @param annotations the manifest's annotations; they are copied into the referrers list
 */
public record ReferrerArtifact(String artifactType, List<Layer> layers,
    Map<String, String> annotations) {

  /** The media type of the empty descriptor (image-spec manifest.md, "Guidance for an Empty Descriptor"). */
  public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
  /** The content of the empty descriptor: {@code {}}. */
  static final byte[] EMPTY_CONTENT = {'{', '}'};

  public ReferrerArtifact {
    Objects.requireNonNull(artifactType, "artifactType");
    if (artifactType.isBlank()) {
      throw new IllegalArgumentException("an artifact needs an artifactType");
    }
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("an artifact needs at least one layer");
    }
    annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new TreeMap<>(annotations));
  }

  /** One blob of the artifact. */
  public record Layer(String mediaType, byte[] content, Map<String, String> annotations) {
    public Layer {
      Objects.requireNonNull(mediaType, "mediaType");
      content = content.clone();
      annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(
          new TreeMap<>(annotations));
    }

    @Override
    public byte[] content() {
      return content.clone();
    }
  }

  /**
   * The manifest bytes for a subject: the same artifact and subject always give the same bytes,
   * so pushing again is idempotent.
   */
  byte[] manifest(Descriptor subject) {
    ObjectNode root = JsonFields.MAPPER.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_MANIFEST);
    root.put("artifactType", artifactType);
    ObjectNode config = root.putObject("config");
    config.put("mediaType", EMPTY_MEDIA_TYPE);
    config.put("digest", dev.scangate.image.Digest.sha256(EMPTY_CONTENT).toString());
    config.put("size", EMPTY_CONTENT.length);
    config.put("data", "e30=");
    ArrayNode layerNodes = root.putArray("layers");
    for (Layer layer : layers) {
      ObjectNode node = layerNodes.addObject();
      node.put("mediaType", layer.mediaType());
      node.put("digest", dev.scangate.image.Digest.sha256(layer.content).toString());
      node.put("size", layer.content.length);
      if (!layer.annotations().isEmpty()) {
        ObjectNode a = node.putObject("annotations");
        layer.annotations().forEach(a::put);
      }
    }
    ObjectNode subjectNode = root.putObject("subject");
    subjectNode.put("mediaType", subject.mediaType());
    subjectNode.put("digest", subject.digest().toString());
    subjectNode.put("size", subject.size());
    if (!annotations.isEmpty()) {
      ObjectNode a = root.putObject("annotations");
      annotations.forEach(a::put);
    }
    return JsonFields.MAPPER.writeValueAsBytes(root);
  }
}
