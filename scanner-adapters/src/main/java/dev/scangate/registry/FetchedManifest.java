package dev.scangate.registry;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.util.Arrays;
import java.util.Objects;

/**
 * A manifest as pulled: its exact bytes (what the digest and any signature cover), the digest
 * they hash to, and the parsed view, which is either an image manifest or an index: exactly one
 * of {@link #manifest()} and {@link #index()} is non-null.
 *
 * <pre>{@code
 * FetchedManifest fetched = client.fetchManifest(ImageReference.parse("ghcr.io/org/app:1.0"));
 * fetched.reference();   // ghcr.io/org/app:1.0@sha256:…
 * if (fetched.manifest() != null) {
 *   Descriptor config = fetched.manifest().config();
 * } else {
 *   Descriptor child = fetched.index().select(Platform.DEFAULT);
 * }
 * }</pre>
 *
 * @param reference the reference that was pulled, pinned to {@code digest}
 * @param mediaType the media type the manifest was parsed as
 * @param bytes the manifest exactly as received; the accessor returns a copy
 * @param manifest the image manifest, or null when this is an index
 * @param index the index (or Docker manifest list), or null when this is an image manifest
 */
public record FetchedManifest(ImageReference reference, Digest digest, String mediaType,
    byte[] bytes, ImageManifest manifest, ImageIndex index) {

  public FetchedManifest {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(mediaType, "mediaType");
    if ((manifest == null) == (index == null)) {
      throw new IllegalArgumentException("exactly one of manifest and index must be given");
    }
    if (!digest.equals(reference.digest())) {
      throw new IllegalArgumentException(
          "reference " + reference + " is not pinned to digest " + digest);
    }
    bytes = bytes.clone();
  }

  /** Builds one from parsed content, pinning the reference to the digest. */
  public static FetchedManifest of(ImageReference reference, Digest digest, byte[] bytes,
      ManifestContent content) {
    return new FetchedManifest(reference.withDigest(digest), digest, content.mediaType(), bytes,
        content instanceof ImageManifest m ? m : null, content instanceof ImageIndex i ? i : null);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The size of the manifest in bytes. */
  public int size() {
    return bytes.length;
  }

  /** Whether this is an index rather than an image manifest. */
  public boolean isIndex() {
    return index != null;
  }

  /** The parsed view, whichever it is. */
  public ManifestContent content() {
    return manifest != null ? manifest : index;
  }

  /** A descriptor of this manifest, as an index or a subject field would hold it. */
  public Descriptor descriptor() {
    return new Descriptor(mediaType, digest, bytes.length, null, null);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FetchedManifest that && reference.equals(that.reference)
        && digest.equals(that.digest) && mediaType.equals(that.mediaType)
        && Arrays.equals(bytes, that.bytes) && Objects.equals(manifest, that.manifest)
        && Objects.equals(index, that.index);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reference, digest, mediaType, Arrays.hashCode(bytes), manifest, index);
  }

  @Override
  public String toString() {
    return "FetchedManifest[" + reference + ", " + mediaType + ", " + bytes.length + " bytes]";
  }
}
