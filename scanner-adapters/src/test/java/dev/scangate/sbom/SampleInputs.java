package dev.scangate.sbom;

import dev.scangate.catalog.CatalogResult;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.PackageType;
import dev.scangate.catalog.SkippedFile;
import dev.scangate.image.ImageReference;
import dev.scangate.image.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Catalog results as scangate's catalogers produce them (domain values, not tool output): a
 * Debian 12 image with a Java app, covering each kind of license value, a Maven group, an npm
 * scope, nested-archive paths and a package found twice.
 */
final class SampleInputs {

  static final String DIGEST =
      "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";
  static final String LAYER =
      "sha256:e43d72a5d6a1a7e4c7b6a6c3f6c5a1f0b3b8f5a2e6d7c8b9a0f1e2d3c4b5a697";
  static final Instant TIMESTAMP = Instant.parse("2024-05-01T10:15:30.123Z");

  static final CatalogedPackage LIBC = new CatalogedPackage(PackageType.DEB, "libc6",
      "2.36-9+deb12u4", "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12",
      "glibc", "2.36-9+deb12u4", "amd64", List.of("GPL-2+", "LGPL-2.1"), LAYER,
      "/var/lib/dpkg/status", "dpkg", Confidence.HIGH, Map.of());
  static final CatalogedPackage ZLIB = new CatalogedPackage(PackageType.DEB, "zlib1g",
      "1:1.2.13.dfsg-1", "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12",
      "zlib", null, "amd64", List.of("Zlib"), LAYER, "/var/lib/dpkg/status", "dpkg",
      Confidence.HIGH, Map.of());
  static final CatalogedPackage JACKSON = new CatalogedPackage(PackageType.MAVEN,
      "jackson-databind", "2.15.2",
      "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2", null, null, null,
      List.of("Apache-2.0"), LAYER, "/app/app.war!/WEB-INF/lib/jackson-databind-2.15.2.jar",
      "java-archive", Confidence.HIGH, Map.of("maven.groupId", "com.fasterxml.jackson.core"));
  static final CatalogedPackage JACKSON_AGAIN = new CatalogedPackage(PackageType.MAVEN,
      "jackson-databind", "2.15.2",
      "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2", null, null, null,
      List.of("Apache-2.0"), LAYER, "/opt/tools/jackson-databind-2.15.2.jar", "java-archive",
      Confidence.MEDIUM, Map.of("maven.groupId", "com.fasterxml.jackson.core"));
  static final CatalogedPackage ANGULAR = new CatalogedPackage(PackageType.NPM, "@angular/core",
      "16.2.0", "pkg:npm/%40angular/core@16.2.0", null, null, null,
      List.of("MIT OR Apache-2.0"), LAYER, "/app/node_modules/@angular/core/package.json", "npm",
      Confidence.HIGH, Map.of());
  static final CatalogedPackage STDLIB = new CatalogedPackage(PackageType.GOLANG, "stdlib",
      "go1.21.1", "pkg:golang/stdlib@go1.21.1", null, null, null, List.of(), LAYER,
      "/usr/local/bin/app", "go-binary", Confidence.MEDIUM, Map.of("go.mainModule",
      "example.com/app"));

  static final Distro DEBIAN = new Distro("debian", "12", "Debian GNU/Linux 12 (bookworm)",
      "bookworm", null);

  private SampleInputs() {
  }

  static byte[] resource(String path) {
    try (java.io.InputStream in = SampleInputs.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static CatalogResult catalog() {
    return new CatalogResult(DEBIAN, List.of(LIBC, ZLIB, JACKSON, JACKSON_AGAIN, ANGULAR, STDLIB),
        List.of(new SkippedFile("/app/broken.jar", "java-archive", "not a zip file")),
        List.of("dpkg@1", "java-archive@1", "npm@1", "go-binary@1"));
  }

  static SbomInput input() {
    return input(catalog());
  }

  static SbomInput input(CatalogResult catalog) {
    return new SbomInput(ImageReference.parse("debian:12@" + DIGEST), Platform.parse("linux/amd64"),
        "application/vnd.oci.image.manifest.v1+json", catalog, new SbomTool("scangate", "0.1.0"),
        TIMESTAMP);
  }
}
