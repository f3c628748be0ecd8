package dev.scangate.admission;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.registry.RegistryClient;
import org.springframework.stereotype.Component;

/**
 * Tag → digest for admission requests that name an image by tag only, through the registry,
 * remembered for {@code scangate.admission.tag-cache-ttl}. Failures are not remembered: the next
 * request asks again.
 */
@Component
class TagResolver {

  private final RegistryClient registry;
  private final Cache<ImageReference, Digest> cache;

  TagResolver(RegistryClient registry, AdmissionProperties properties) {
    this.registry = registry;
    this.cache = Caffeine.newBuilder()
        .expireAfterWrite(properties.tagCacheTtl())
        .maximumSize(properties.tagCacheSize())
        .build();
  }

  /**
   * @throws RuntimeException the registry's error (not allowed, not found, unreachable)
   */
  Digest resolve(ImageReference tagged) {
    return cache.get(tagged, registry::resolve);
  }
}
