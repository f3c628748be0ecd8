package dev.scangate.evaluations;

import dev.scangate.image.ImageReference;

/**
 * The image an evaluation is about: the reference as requested (tag or digest) and the same
 * image pinned to its digest.
 */
public record ImageTarget(String requested, ImageReference pinned) {

  /** {@code registry/repository}, e.g. {@code ghcr.io/acme/app}. */
  public String repository() {
    return pinned.name();
  }

  public String digest() {
    return pinned.digest().toString();
  }
}
