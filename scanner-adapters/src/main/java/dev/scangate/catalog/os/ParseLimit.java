package dev.scangate.catalog.os;

import dev.scangate.catalog.CatalogContext;
import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.FileEntry;

/** Applies {@link CatalogLimits#maxFileBytes()} before a package database is read. */
final class ParseLimit {

  private ParseLimit() {
  }

  /** Whether {@code file} may be parsed; when not, it is reported as skipped with the limit. */
  static boolean admits(CatalogContext context, FileEntry file) {
    long max = context.limits().maxFileBytes();
    if (file.size() <= max) {
      return true;
    }
    context.skipped(file.path(), "file of " + file.size() + " bytes is larger than maxFileBytes ("
        + max + " bytes)");
    return false;
  }
}
