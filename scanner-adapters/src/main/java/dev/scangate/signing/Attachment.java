package dev.scangate.signing;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.registry.Descriptor;
import java.util.Objects;

/**
 * The result of attaching a signature or attestation to an image.
 *
 * <pre>{@code
 * Attachment a = storage.attachSignature(image, signer, Map.of());
 * a.tag();         // 127.0.0.1:5000/app:sha256-7afc….sig@sha256:…
 * a.layerCount();  // signatures now stored under the tag, ours included
 * }</pre>
 *
 * @param tag the {@code .sig} or {@code .att} tag, pinned to the manifest now stored there
 * @param layer our layer
 * @param layerCount how many layers the tag's manifest has now
 * @param added false when an equivalent layer was already there and nothing was pushed
 */
public record Attachment(ImageReference tag, Digest manifestDigest, Descriptor layer,
    int layerCount, boolean added) {

  public Attachment {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(layer, "layer");
  }
}
