package dev.scangate.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where the layers of an image come from: a registry (streamed and digest-verified by the
 * registry client), an OCI layout on disk, or test files.
 */
public interface LayerSource {

  /** Layers from base to top. */
  List<Layer> layers();

  /** Opens the compressed blob of a layer; the caller closes it. */
  InputStream open(Layer layer) throws IOException;
}
