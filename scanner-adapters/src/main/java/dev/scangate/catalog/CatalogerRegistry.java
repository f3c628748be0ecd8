package dev.scangate.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The package catalogers in use, in order; duplicate ids are rejected at construction. */
public record CatalogerRegistry(List<PackageCataloger> catalogers) {

  public CatalogerRegistry {
    catalogers = List.copyOf(catalogers);
    Set<String> ids = new HashSet<>();
    for (PackageCataloger cataloger : catalogers) {
      if (!ids.add(cataloger.id())) {
        throw new IllegalArgumentException("two package catalogers with id '" + cataloger.id()
            + "'");
      }
    }
  }

  /** Whether any cataloger wants the file. */
  public boolean wants(String path, long size, int mode) {
    for (PackageCataloger cataloger : catalogers) {
      if (cataloger.wants(path, size, mode)) {
        return true;
      }
    }
    return false;
  }
}
