package dev.scangate.registry;

import java.util.List;
import java.util.Objects;

/**
 * The referrers of an image and where they were read.
 *
 * @param source {@link ReferrerPush.Via#REFERRERS_API} when the registry's referrers API
 *     answered, {@link ReferrerPush.Via#TAG_SCHEMA} when it answered 404 and the tag schema's
 *     index was read (an image without that tag has no referrers)
 */
public record ReferrersListing(List<Referrer> referrers, ReferrerPush.Via source) {

  public ReferrersListing {
    referrers = List.copyOf(referrers);
    Objects.requireNonNull(source, "source");
  }
}
