package dev.scangate.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.PackageType;
import dev.scangate.catalog.SkippedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python cataloger over the metadata files of real Debian bookworm packages
 * (python3-requests, -urllib3, -six, -certifi, -idna, -charset-normalizer; made by
 * src/test/scripts/python-fixtures.sh).
 */
class PythonCatalogerTest {

  private static final String DIST_PACKAGES = "/usr/lib/python3/dist-packages/";

  private final PythonCataloger cataloger = new PythonCataloger();

  @TempDir
  Path image;

  @Test
  void findsDebianPythonPackagesInDistPackages() throws IOException {
    Fixtures.copy("python/rootfs", image, ".");
    TestCatalogContext context = TestCatalogContext.of(image);

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages)
        .extracting(CatalogedPackage::name, CatalogedPackage::purl, CatalogedPackage::licenses,
            CatalogedPackage::path)
        .containsExactly(
            tuple("certifi", "pkg:pypi/certifi@2022.9.24", List.of("MPL-2.0"),
                DIST_PACKAGES + "certifi-2022.9.24.egg-info/PKG-INFO"),
            tuple("charset-normalizer", "pkg:pypi/charset-normalizer@3.0.1", List.of("MIT"),
                DIST_PACKAGES + "charset_normalizer-3.0.1.dist-info/METADATA"),
            tuple("idna", "pkg:pypi/idna@3.3", List.of("BSD-3-Clause"),
                DIST_PACKAGES + "idna-3.3.egg-info/PKG-INFO"),
            tuple("requests", "pkg:pypi/requests@2.28.1", List.of("Apache 2.0"),
                DIST_PACKAGES + "requests-2.28.1.egg-info/PKG-INFO"),
            tuple("six", "pkg:pypi/six@1.16.0", List.of("MIT"),
                DIST_PACKAGES + "six-1.16.0.egg-info/PKG-INFO"),
            tuple("urllib3", "pkg:pypi/urllib3@1.26.12", List.of("MIT"),
                DIST_PACKAGES + "urllib3-1.26.12.egg-info/PKG-INFO"));
    assertThat(packages).allSatisfy(p -> {
      assertThat(p.type()).isEqualTo(PackageType.PYPI);
      assertThat(p.foundBy()).isEqualTo("python");
      assertThat(p.confidence()).isEqualTo(Confidence.HIGH);
      assertThat(p.layerDigest()).isEqualTo(DirectoryFilesystem.LAYER);
      assertThat(p.properties()).containsEntry("python.metadataVersion", "2.1");
    });
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void readsAnEggInfoFileInAVirtualenv() throws IOException {
    // distutils writes <name>-<version>.egg-info as a single file in PKG-INFO format; this is
    // Debian's real six PKG-INFO placed that way
    Fixtures.copy("python/rootfs" + DIST_PACKAGES + "six-1.16.0.egg-info/PKG-INFO", image,
        "opt/venv/lib/python3.11/site-packages/six-1.16.0.egg-info");

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    assertThat(packages).extracting(CatalogedPackage::purl, CatalogedPackage::path)
        .containsExactly(tuple("pkg:pypi/six@1.16.0",
            "/opt/venv/lib/python3.11/site-packages/six-1.16.0.egg-info"));
  }

  @Test
  void skipsTruncatedMetadataAndKeepsTheOthers() throws IOException {
    Fixtures.copy("python/rootfs", image, ".");
    Path requests = image.resolve(
        "usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO");
    String text = Files.readString(requests, StandardCharsets.UTF_8);
    // hand-made damage: the real file cut in the middle of its second header's name
    Files.writeString(requests, text.substring(0, text.indexOf("Name:") + 2));
    Path six = image.resolve("usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO");
    Files.writeString(six, "");
    TestCatalogContext context = TestCatalogContext.of(image);

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages).extracting(CatalogedPackage::name)
        .containsExactly("certifi", "charset-normalizer", "idna", "urllib3");
    assertThat(context.skippedFiles()).extracting(SkippedFile::path, SkippedFile::reason)
        .containsExactly(
            tuple(DIST_PACKAGES + "requests-2.28.1.egg-info/PKG-INFO",
                "malformed core metadata: line 2 is not a 'Name: value' header: 'Na'"),
            tuple(DIST_PACKAGES + "six-1.16.0.egg-info/PKG-INFO",
                "no core metadata headers (empty file)"));
  }

  @Test
  void skipsMetadataLargerThanMaxFileBytes() throws IOException {
    Fixtures.copy("python/rootfs", image, ".");
    TestCatalogContext context = TestCatalogContext.of(image,
        TestCatalogContext.limits(20_000, 4));

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages).extracting(CatalogedPackage::name)
        .containsExactly("certifi", "idna", "requests", "six");
    assertThat(context.skippedFiles()).extracting(SkippedFile::path, SkippedFile::reason)
        .containsExactly(
            tuple(DIST_PACKAGES + "charset_normalizer-3.0.1.dist-info/METADATA",
                "file is 27664 bytes, larger than maxFileBytes (20000)"),
            tuple(DIST_PACKAGES + "urllib3-1.26.12.egg-info/PKG-INFO",
                "file is 46272 bytes, larger than maxFileBytes (20000)"));
  }

  @Test
  void normalizesNamesAsPep503() {
    assertThat(PythonCataloger.normalizedName("charset_normalizer"))
        .isEqualTo("charset-normalizer");
    assertThat(PythonCataloger.normalizedName("Zope.Interface")).isEqualTo("zope-interface");
    assertThat(PythonCataloger.normalizedName("ruamel.yaml.clib")).isEqualTo("ruamel-yaml-clib");
    assertThat(PythonCataloger.normalizedName("A__b-._C")).isEqualTo("a-b-c");
  }

  @Test
  void prefersLicenseExpressionThenALicenseNameThenClassifiers() {
    assertThat(PythonCataloger.licenses(PythonCataloger.headers("""
        Metadata-Version: 2.4
        Name: x
        Version: 1
        License-Expression: MIT OR Apache-2.0
        License: MIT
        """))).containsExactly("MIT OR Apache-2.0");
    // a License field holding the license's text is not a name; the classifiers are used
    assertThat(PythonCataloger.licenses(PythonCataloger.headers("""
        Name: x
        Version: 1
        License: Copyright (c) 2010 someone
                Permission is hereby granted, free of charge, to any person obtaining a copy
        Classifier: Programming Language :: Python
        Classifier: License :: OSI Approved :: BSD License
        """))).containsExactly("BSD License");
    assertThat(PythonCataloger.licenses(PythonCataloger.headers("""
        Name: x
        Version: 1
        License: UNKNOWN
        """))).isEmpty();
  }

  @Test
  void quotesTheFirstLineThatIsNotAHeader() {
    assertThatThrownBy(() -> PythonCataloger.headers("Name: x\n<html>\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed core metadata: line 2 is not a 'Name: value' header: '<html>'");
  }

  @Test
  void wantsMetadataFilesInSitePackagesOnly() {
    assertThat(cataloger.wants("/usr/local/lib/python3.12/site-packages/pip-24.0.dist-info/"
        + "METADATA", 1, 0644)).isTrue();
    assertThat(cataloger.wants(DIST_PACKAGES + "six-1.16.0.egg-info/PKG-INFO", 1, 0644))
        .isTrue();
    assertThat(cataloger.wants(DIST_PACKAGES + "python_apt-2.6.0.egg-info", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/src/project/foo.egg-info/PKG-INFO", 1, 0644)).isFalse();
    assertThat(cataloger.wants(DIST_PACKAGES + "six-1.16.0.egg-info/top_level.txt", 1, 0644))
        .isFalse();
    assertThat(cataloger.wants("/usr/lib/python3/dist-packages/six.py", 1, 0644)).isFalse();
  }
}
