package dev.scangate.evaluations;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.image.InvalidReferenceException;
import dev.scangate.images.ImageService;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import dev.scangate.registry.ManifestNotFoundException;
import dev.scangate.registry.RegistryAccessPolicy;
import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistryException;
import dev.scangate.registry.RegistryNotAllowedException;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Turns the image of a request into an {@link ImageTarget}: a digest reference is taken as is;
 * a tag is resolved to its digest through the registry (and the tag's move recorded), so the
 * decision is always about one digest.
 */
@Service
public class ImageTargets {

  private final RegistryClient registry;
  private final RegistryAccessPolicy access;
  private final ImageService images;

  ImageTargets(RegistryClient registry, RegistryAccessPolicy access, ImageService images) {
    this.registry = registry;
    this.access = access;
    this.images = images;
  }

  /** Parses and, for a tag, resolves; 4xx/502 problems name the input. */
  public ImageTarget resolve(String image) {
    if (image == null || image.isBlank()) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "image: is required (example:"
          + " ghcr.io/acme/app@sha256:<hex> or ghcr.io/acme/app:1.4)", Map.of("field", "image"));
    }
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (InvalidReferenceException e) {
      throw new ApiException(ProblemType.INVALID_REFERENCE, "image: " + e.getMessage(),
          Map.of("input", image, "field", "image"));
    }
    if (reference.digest() != null) {
      if (!"sha256".equals(reference.digest().algorithm())) {
        throw new ApiException(ProblemType.INVALID_DIGEST, "image: promotions are signed for"
            + " sha256 digests only, got " + reference.digest(), Map.of("input", image));
      }
      return new ImageTarget(image, reference);
    }
    try {
      access.checkAllowed(reference);
    } catch (RegistryNotAllowedException e) {
      throw new ApiException(ProblemType.REGISTRY_NOT_ALLOWED, "image: " + e.getMessage(),
          Map.of("input", image, "registry", reference.registry()));
    }
    Digest digest;
    try {
      digest = registry.resolve(reference);
    } catch (ManifestNotFoundException e) {
      throw new ApiException(ProblemType.IMAGE_NOT_FOUND, "image: \"" + image
          + "\" cannot be resolved: " + e.getMessage(), Map.of("input", image, "field", "image"));
    } catch (RegistryException e) {
      throw new ApiException(ProblemType.REGISTRY_ERROR, "image \"" + image + "\": "
          + e.getMessage(), Map.of("input", image));
    }
    images.observeTag(reference.name(), reference.tag(), digest.toString());
    return new ImageTarget(image, reference.withDigest(digest));
  }
}
