package dev.scangate.images;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a scan learned about one manifest or index, to be recorded by {@link ImageService}.
 *
 * @param digest manifest digest
 * @param mediaType manifest media type (OCI or Docker, image or index)
 * @param size manifest size in bytes
 * @param platform {@code os/arch[/variant]} from the config, null for an index
 * @param configDigest digest of the config blob, null for an index
 * @param user the config's {@code User}, null when unset
 * @param created the config's creation time, null when unset
 * @param labels config labels
 * @param layers layer descriptors in order
 * @param children for an index: its manifests
 * @param configJson the raw config JSON, null for an index
 */
public record ImageRecord(String digest, String mediaType, long size, String platform,
    String configDigest, String user, Instant created, Map<String, String> labels,
    List<Layer> layers, List<Child> children, String configJson) {

  public ImageRecord {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    layers = layers == null ? List.of() : List.copyOf(layers);
    children = children == null ? List.of() : List.copyOf(children);
  }

  /** A layer of the image. */
  public record Layer(String digest, String mediaType, long size) {
  }

  /** A manifest an index points at. */
  public record Child(String digest, String mediaType, long size, String platform) {
  }
}
