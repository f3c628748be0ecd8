package dev.scangate.catalog;

import java.util.Optional;

/** What a {@link PackageCataloger} gets: the filesystem, the distro, limits, a place for skips. */
public interface CatalogContext {

  ImageFilesystem filesystem();

  /** The image's distro from os-release, when it has one. */
  Optional<Distro> distro();

  CatalogLimits limits();

  /** Records a file that was not parsed; cataloging goes on. */
  void skipped(String path, String reason);
}
