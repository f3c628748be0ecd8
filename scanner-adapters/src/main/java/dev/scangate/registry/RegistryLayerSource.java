package dev.scangate.registry;

import dev.scangate.catalog.Layer;
import dev.scangate.catalog.LayerSource;
import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.io.InputStream;
import java.util.List;

/**
 * The layers of a pulled image manifest, streamed from the registry and verified against their
 * digests as they are read.
 *
 * <pre>{@code
 * LayerSource layers = new RegistryLayerSource(client, fetched);
 * }</pre>
 */
public final class RegistryLayerSource implements LayerSource {

  private final RegistryClient client;
  private final ImageReference repository;
  private final List<Descriptor> descriptors;
  private final List<Layer> layers;

  public RegistryLayerSource(RegistryClient client, FetchedManifest manifest) {
    if (manifest.manifest() == null) {
      throw new IllegalArgumentException(manifest.reference() + " is an index, not an image");
    }
    this.client = client;
    this.repository = manifest.reference();
    this.descriptors = manifest.manifest().layers();
    this.layers = descriptors.stream()
        .map(d -> new Layer(d.digest().toString(), d.mediaType(), d.size()))
        .toList();
  }

  @Override
  public List<Layer> layers() {
    return layers;
  }

  @Override
  public InputStream open(Layer layer) {
    for (Descriptor descriptor : descriptors) {
      if (descriptor.digest().equals(Digest.parse(layer.digest()))) {
        return client.openBlob(repository, descriptor);
      }
    }
    throw new IllegalArgumentException("layer " + layer.digest() + " is not in " + repository);
  }
}
