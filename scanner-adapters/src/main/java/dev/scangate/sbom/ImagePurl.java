package dev.scangate.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import java.util.Locale;

/**
 * The package URL of an image, following the purl spec's {@code oci} type
 * (https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#oci): the name is the last
 * segment of the repository, lowercased; the version is the manifest digest; qualifiers
 * {@code repository_url} (registry and repository, no tag) and {@code arch}.
 *
 * <p>The tag is left out on purpose: an SBOM describes a digest, and the same digest pulled by
 * two tags must give the same document.
 *
 * <pre>{@code
 * ImagePurl.of(ImageReference.parse("debian@sha256:244f…"), Platform.parse("linux/amd64"));
 * // pkg:oci/debian@sha256%3A244f…?arch=amd64&repository_url=docker.io/library/debian
 * }</pre>
 */
final class ImagePurl {

  private ImagePurl() {
  }

  static String of(ImageReference image, Platform platform) {
    String repository = image.repository();
    String name = repository.substring(repository.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    PackageURLBuilder builder = PackageURLBuilder.aPackageURL()
        .withType("oci")
        .withName(name)
        .withVersion(image.digest().toString())
        .withQualifier("repository_url", image.name());
    if (platform != null) {
      builder.withQualifier("arch", platform.architecture());
    }
    try {
      String canonical = builder.build().canonicalize();
      // packageurl-java 1.5.0 writes "/" in qualifier values as %2F; the purl spec's test suite
      // and its oci examples keep it literal (repository_url=docker.io/library/debian). Both
      // parse to the same purl; we write the spec's form.
      int query = canonical.indexOf('?');
      return query < 0 ? canonical
          : canonical.substring(0, query) + canonical.substring(query).replace("%2F", "/");
    } catch (MalformedPackageURLException e) {
      throw new IllegalArgumentException("no package URL for image " + image + ": "
          + e.getMessage(), e);
    }
  }
}
