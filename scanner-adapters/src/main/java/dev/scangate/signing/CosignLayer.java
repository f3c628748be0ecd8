package dev.scangate.signing;

import dev.scangate.registry.Descriptor;
import java.util.Arrays;
import java.util.Objects;

/**
 * One layer of a cosign {@code .sig} or {@code .att} image: its descriptor (media type,
 * digest, annotations such as {@code dev.cosignproject.cosign/signature} or
 * {@code predicateType}) and its content (a simple signing payload or a DSSE envelope), verified
 * against the digest when it was pulled.
 *
 * <pre>{@code
 * for (CosignLayer layer : storage.attestations(image)) {
 *   DsseEnvelope envelope = DsseEnvelope.parse(layer.content());
 * }
 * }</pre>
 *
 * @param index the layer's position in the manifest, from 0
 * @param content the layer's bytes; the accessor returns a copy
 */
public record CosignLayer(int index, Descriptor descriptor, byte[] content) {

  public CosignLayer {
    Objects.requireNonNull(descriptor, "descriptor");
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CosignLayer that && index == that.index
        && descriptor.equals(that.descriptor) && Arrays.equals(content, that.content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, descriptor, Arrays.hashCode(content));
  }

  @Override
  public String toString() {
    return "CosignLayer[" + index + ", " + descriptor.mediaType() + ", " + descriptor.digest()
        + "]";
  }
}
