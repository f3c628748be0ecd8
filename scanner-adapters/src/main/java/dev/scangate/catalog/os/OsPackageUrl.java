package dev.scangate.catalog.os;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.PackageType;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the canonical package URL of an OS package with packageurl-java. Qualifiers follow
 * syft's convention (so grype and other consumers of syft SBOMs read ours the same way):
 * {@code arch}, {@code epoch} (rpm), {@code upstream} (the source package) and
 * {@code distro=<ID>-<VERSION_ID>}; empty qualifiers are left out. Canonical form sorts them.
 */
final class OsPackageUrl {

  private OsPackageUrl() {
  }

  /**
   * @param qualifiers without {@code distro}; null or empty values are dropped
   * @param distro adds {@code distro=}{@link Distro#purlQualifier()} when not null
   * @throws IllegalArgumentException when packageurl-java rejects a component
   */
  static String of(PackageType type, String namespace, String name, String version,
      Map<String, String> qualifiers, Distro distro) {
    TreeMap<String, String> present = new TreeMap<>();
    qualifiers.forEach((key, value) -> {
      if (value != null && !value.isEmpty()) {
        present.put(key, value);
      }
    });
    if (distro != null) {
      present.put("distro", distro.purlQualifier());
    }
    try {
      return new PackageURL(type.purlType(), namespace, name, version,
          present.isEmpty() ? null : present, null).canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new IllegalArgumentException("no package URL for " + type.purlType() + " package '"
          + name + "' version '" + version + "': " + e.getMessage(), e);
    }
  }
}
