package dev.scangate.signing;

import dev.scangate.image.Digest;
import dev.scangate.registry.Descriptor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The image that holds cosign signatures or attestations under a {@code sha256-<hex>.sig|.att}
 * tag, written as cosign writes it with go-containerregistry: an OCI manifest whose layers are
 * the uncompressed payloads, and a config made by {@code mutate.Append} on {@code empty.Image}:
 * <pre>
 * {"architecture":"","created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],"os":"","rootfs":{"type":"layers","diff_ids":["sha256:…"]},"config":{}}
 * </pre>
 * one history entry and one diff id (= the layer digest) per layer. Appending to an existing
 * image adds to its config in the same way, keeping everything else in it.
 */
final class CosignManifest {

  /** Go's zero {@code time.Time}, which cosign leaves in place unless asked to record time. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private CosignManifest() {
  }

  /** A fresh config for these layers. */
  static byte[] config(List<Digest> diffIds) {
    StringBuilder out = new StringBuilder(160 + diffIds.size() * 110);
    out.append("{\"architecture\":\"\",\"created\":\"").append(ZERO_TIME)
        .append("\",\"history\":[");
    for (int i = 0; i < diffIds.size(); i++) {
      out.append(i == 0 ? "" : ",").append("{\"created\":\"").append(ZERO_TIME).append("\"}");
    }
    out.append("],\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
    for (int i = 0; i < diffIds.size(); i++) {
      out.append(i == 0 ? "" : ",").append('"').append(diffIds.get(i)).append('"');
    }
    return GoJson.bytes(out.append("]},\"config\":{}}"));
  }

  /**
   * An existing config with one more layer: its diff id appended to {@code rootfs.diff_ids} and a
   * zero-time entry to {@code history}; other fields and their order are kept.
   *
   * @throws IllegalArgumentException when the config is not an image config object
   */
  static byte[] appendToConfig(byte[] existing, Digest diffId) {
    JsonNode root = StrictJson.object(existing, "the signature image's config");
    ObjectNode config = (ObjectNode) root;
    JsonNode rootfs = config.path("rootfs");
    if (!rootfs.isObject()) {
      throw new IllegalArgumentException("the signature image's config has no rootfs object");
    }
    ObjectNode rootfsObject = (ObjectNode) rootfs;
    JsonNode diffIds = rootfsObject.path("diff_ids");
    if (diffIds.isMissingNode() || diffIds.isNull()) {
      rootfsObject.putArray("diff_ids");
    } else if (!diffIds.isArray()) {
      throw new IllegalArgumentException("rootfs.diff_ids of the config is not an array");
    }
    ((ArrayNode) rootfsObject.path("diff_ids")).add(diffId.toString());
    JsonNode history = config.path("history");
    if (history.isMissingNode() || history.isNull()) {
      config.putArray("history");
    } else if (!history.isArray()) {
      throw new IllegalArgumentException("history of the config is not an array");
    }
    ((ArrayNode) config.path("history")).addObject().put("created", ZERO_TIME);
    return GoJson.bytes(GoJson.node(new StringBuilder(existing.length + 128), config));
  }

  /**
   * The manifest: {@code schemaVersion}, {@code mediaType}, {@code config}, {@code layers} (the
   * existing layer objects exactly as they were, then ours), then any other top-level fields of
   * the existing manifest ({@code annotations}, {@code subject}, …) in their order.
   *
   * @param existingRoot the existing manifest, or null
   */
  static byte[] manifest(String mediaType, Descriptor config, JsonNode existingRoot,
      Descriptor ours) {
    StringBuilder out = new StringBuilder(1024);
    out.append("{\"schemaVersion\":2,\"mediaType\":");
    GoJson.string(out, mediaType).append(",\"config\":");
    descriptor(out, config).append(",\"layers\":[");
    boolean first = true;
    if (existingRoot != null) {
      for (JsonNode layer : existingRoot.path("layers").values()) {
        out.append(first ? "" : ",");
        first = false;
        GoJson.node(out, layer);
      }
    }
    out.append(first ? "" : ",");
    descriptor(out, ours).append(']');
    if (existingRoot != null) {
      for (Map.Entry<String, JsonNode> field : existingRoot.properties()) {
        String name = field.getKey();
        if (!List.of("schemaVersion", "mediaType", "config", "layers").contains(name)) {
          out.append(',');
          GoJson.string(out, name).append(':');
          GoJson.node(out, field.getValue());
        }
      }
    }
    return GoJson.bytes(out.append('}'));
  }

  /** A descriptor in go-containerregistry's field order; annotations sorted, omitted if none. */
  private static StringBuilder descriptor(StringBuilder out, Descriptor descriptor) {
    out.append("{\"mediaType\":");
    GoJson.string(out, descriptor.mediaType()).append(",\"size\":").append(descriptor.size())
        .append(",\"digest\":");
    GoJson.string(out, descriptor.digest().toString());
    if (!descriptor.annotations().isEmpty()) {
      out.append(",\"annotations\":");
      GoJson.value(out, new TreeMap<>(descriptor.annotations()));
    }
    return out.append('}');
  }
}
