package dev.scangate.catalog.lang;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

/**
 * Canonical package URLs (https://github.com/package-url/purl-spec) built by packageurl-java, so
 * that encoding and per-type normalization (npm scopes as {@code %40scope}, golang namespaces
 * lowercased) are the library's, not ours.
 */
final class PackageUrls {

  private PackageUrls() {
  }

  /**
   * The canonical purl, e.g. {@code canonical("npm", "@babel", "core", "7.0.0")} is
   * {@code pkg:npm/%40babel/core@7.0.0}.
   *
   * @param namespace null or empty for none
   * @param version null or empty for none
   */
  static String canonical(String type, String namespace, String name, String version) {
    try {
      return new PackageURL(type, emptyToNull(namespace), name, emptyToNull(version), null, null)
          .canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new IllegalArgumentException("cannot build a " + type + " package URL from namespace '"
          + namespace + "', name '" + name + "', version '" + version + "': " + e.getMessage(), e);
    }
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
