package dev.scangate.registry;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.util.Objects;

/**
 * What attaching a referrer did.
 *
 * @param manifest the artifact manifest, pinned to its digest in the image's repository
 * @param via how the registry now lists it
 * @param indexTag for {@link Via#TAG_SCHEMA}: the {@code sha256-<hex>} tag holding the index,
 *     pinned to the index written (or found already listing the manifest); else null
 * @param indexEntries for {@link Via#TAG_SCHEMA}: how many referrers the index lists now; else 0
 */
public record ReferrerPush(ImageReference manifest, Digest manifestDigest, Via via,
    ImageReference indexTag, int indexEntries) {

  /** How the registry lists the referrer. */
  public enum Via {
    /** The registry answered the manifest PUT with {@code OCI-Subject}: its referrers API. */
    REFERRERS_API,
    /** No referrers API: the index under the referrers tag schema lists it. */
    TAG_SCHEMA
  }

  public ReferrerPush {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(via, "via");
  }
}
