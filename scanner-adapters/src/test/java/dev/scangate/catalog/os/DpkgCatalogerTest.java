package dev.scangate.catalog.os;

import static dev.scangate.catalog.os.OsFixtures.catalog;
import static dev.scangate.catalog.os.OsFixtures.context;
import static dev.scangate.catalog.os.OsFixtures.identities;
import static dev.scangate.catalog.os.OsFixtures.installedByDpkgQuery;
import static dev.scangate.catalog.os.OsFixtures.resource;
import static dev.scangate.catalog.os.OsFixtures.tsv;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.DirectoryFilesystem;
import dev.scangate.catalog.PackageType;
import dev.scangate.catalog.RecordingCatalogContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpkgCatalogerTest {

  private static final Path BOOKWORM = resource("dpkg/bookworm");
  private static final Path DISTROLESS = resource("dpkg/distroless");

  private final DpkgCataloger cataloger = new DpkgCataloger();

  @TempDir
  Path temp;

  @Test
  void catalogsExactlyThePackagesDpkgQueryReportsAsInstalled() {
    RecordingCatalogContext context = context(BOOKWORM, cataloger, CatalogLimits.defaults());

    List<CatalogedPackage> packages = catalog(cataloger, context);

    assertThat(identities(packages)).containsExactlyInAnyOrderElementsOf(
        installedByDpkgQuery(tsv(BOOKWORM.resolve("dpkg-query.tsv"))));
    assertThat(packages).hasSize(87);
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void keepsHeldAndDeinstallSelectedPackagesButNotRemovedOnes() {
    Map<String, CatalogedPackage> packages = byName(
        catalog(cataloger, context(BOOKWORM, cataloger, CatalogLimits.defaults())));

    assertThat(packages).containsKeys("bash", "e2fsprogs").doesNotContainKey("util-linux-extra");
  }

  @Test
  void buildsPackageUrlsWithArchDistroAndUpstreamAsSyftDoes() {
    Map<String, CatalogedPackage> packages = byName(
        catalog(cataloger, context(BOOKWORM, cataloger, CatalogLimits.defaults())));

    assertThat(packages.get("libc6").purl()).isEqualTo(
        "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12&upstream=glibc");
    assertThat(packages.get("bash").purl()).isEqualTo(
        "pkg:deb/debian/bash@5.2.15-2%2Bb13?arch=amd64&distro=debian-12"
            + "&upstream=bash%405.2.15-2");
    assertThat(packages.get("zlib1g").purl()).isEqualTo(
        "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib");
    assertThat(packages.get("dpkg").purl())
        .isEqualTo("pkg:deb/debian/dpkg@1.21.23?arch=amd64&distro=debian-12");
    assertThat(packages.get("adduser").purl())
        .isEqualTo("pkg:deb/debian/adduser@3.134?arch=all&distro=debian-12");
  }

  @Test
  void keepsEpochsAndSourceVersionsExactly() {
    Map<String, CatalogedPackage> packages = byName(
        catalog(cataloger, context(BOOKWORM, cataloger, CatalogLimits.defaults())));

    CatalogedPackage bsdutils = packages.get("bsdutils");
    assertThat(bsdutils.version()).isEqualTo("1:2.38.1-5+deb12u3");
    assertThat(bsdutils.sourceName()).isEqualTo("util-linux");
    assertThat(bsdutils.sourceVersion()).isEqualTo("2.38.1-5+deb12u3");
    CatalogedPackage dpkg = packages.get("dpkg");
    assertThat(dpkg.sourceName()).isEqualTo("dpkg");
    assertThat(dpkg.sourceVersion()).isEqualTo("1.21.23");
  }

  @Test
  void recordsWhereEachPackageWasFound() {
    CatalogedPackage libc6 = byName(
        catalog(cataloger, context(BOOKWORM, cataloger, CatalogLimits.defaults()))).get("libc6");

    assertThat(libc6.type()).isEqualTo(PackageType.DEB);
    assertThat(libc6.path()).isEqualTo("/var/lib/dpkg/status");
    assertThat(libc6.layerDigest()).isEqualTo(DirectoryFilesystem.LAYER_DIGEST);
    assertThat(libc6.foundBy()).isEqualTo("dpkg");
    assertThat(libc6.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(libc6.architecture()).isEqualTo("amd64");
  }

  @Test
  void readsLicensesFromCopyrightFiles() {
    Map<String, CatalogedPackage> packages = byName(
        catalog(cataloger, context(BOOKWORM, cataloger, CatalogLimits.defaults())));

    // machine-readable copyright: its License fields, in order, once each
    assertThat(packages.get("zlib1g").licenses()).containsExactly("Zlib");
    assertThat(packages.get("libzstd1").licenses()).containsExactly("BSD-3-clause or GPL-2",
        "zlib", "Expat", "GPL-2", "BSD-3-clause");
    assertThat(packages.get("bash").licenses()).contains("GPL-3+", "GPL-3+ with Bison exception");
    // free-form copyright (glibc's): the common-licenses it points to
    assertThat(packages.get("libc6").licenses()).containsExactly("LGPL-2.1", "GPL-2");
    // no copyright file in the image: no licenses
    assertThat(packages.get("dpkg").licenses()).isEmpty();
  }

  @Test
  void catalogsDistrolessStatusDirectoryLikeDpkgQuery() {
    RecordingCatalogContext context = context(DISTROLESS, cataloger, CatalogLimits.defaults());

    List<CatalogedPackage> packages = catalog(cataloger, context);

    assertThat(identities(packages)).containsExactlyInAnyOrderElementsOf(
        tsv(DISTROLESS.resolve("dpkg-query.tsv")).stream().map(row -> row.subList(0, 5))
            .collect(Collectors.toList()));
    assertThat(byName(packages).get("libgcc-s1").path())
        .isEqualTo("/var/lib/dpkg/status.d/libgcc-s1");
    assertThat(byName(packages).get("libc6").purl()).isEqualTo(
        "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12&upstream=glibc");
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void wantsOnlyTheDpkgDatabaseAndCopyrightFiles() {
    assertThat(cataloger.wants("/var/lib/dpkg/status", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/var/lib/dpkg/status.d/libc6", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/usr/share/doc/libc6/copyright", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/var/lib/dpkg/status-old", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/var/lib/dpkg/status.d/libc6.md5sums", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/var/lib/dpkg/status.d/x/libc6", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/var/lib/dpkg/available", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/usr/share/doc/libc6/changelog.Debian.gz", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/usr/share/doc/a/b/copyright", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/usr/share/doc/copyright", 1, 0644)).isFalse();
  }

  @Test
  void withoutADebianDistroUsesTheDebianNamespaceAndNoDistroQualifier() throws IOException {
    Path root = statusImage(read(BOOKWORM.resolve("var/lib/dpkg/status")));

    CatalogedPackage libc6 = byName(
        catalog(cataloger, context(root, cataloger, CatalogLimits.defaults()))).get("libc6");

    assertThat(libc6.purl())
        .isEqualTo("pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&upstream=glibc");
  }

  @Test
  void aStanzaCutOffBeforeItsVersionIsSkippedAndTheRestIsCataloged() throws IOException {
    // hand-made: the real status truncated inside its last stanza, as a half-written file is
    String status = read(BOOKWORM.resolve("var/lib/dpkg/status"));
    Path root = statusImage(status.substring(0, status.lastIndexOf("\nVersion: ") + 1));

    RecordingCatalogContext context = context(root, cataloger, CatalogLimits.defaults());
    List<CatalogedPackage> packages = catalog(cataloger, context);

    assertThat(packages).hasSize(86);
    assertThat(context.skippedFiles()).singleElement().satisfies(skip -> {
      assertThat(skip.path()).isEqualTo("/var/lib/dpkg/status");
      assertThat(skip.cataloger()).isEqualTo("dpkg");
      assertThat(skip.reason()).matches("stanza at line \\d+ \\(zlib1g\\) has no valid Version "
          + "field: ''");
    });
  }

  @Test
  void aGarbledStanzaIsSkippedAndTheRestIsCataloged() throws IOException {
    // hand-made: a binary line inside libc6's stanza
    String status = read(BOOKWORM.resolve("var/lib/dpkg/status"))
        .replace("Package: libc6\n", "Package: libc6\n\u0000\u0001garbage\n");
    Path root = statusImage(status);

    RecordingCatalogContext context = context(root, cataloger, CatalogLimits.defaults());
    List<CatalogedPackage> packages = catalog(cataloger, context);

    assertThat(byName(packages)).hasSize(86).doesNotContainKey("libc6").containsKey("libgcc-s1");
    assertThat(context.skippedFiles()).singleElement().satisfies(skip -> assertThat(skip.reason())
        .matches("stanza at line (\\d+): line \\d+ is not a field: '\\\\x00\\\\x01garbage'"));
  }

  @Test
  void anInstalledStanzaWithoutStatusIsReported() throws IOException {
    // hand-made: a distroless control stanza put into the status file, where Status is required
    Path root = statusImage(read(DISTROLESS.resolve("var/lib/dpkg/status.d/libc6")));

    RecordingCatalogContext context = context(root, cataloger, CatalogLimits.defaults());

    assertThat(catalog(cataloger, context)).isEmpty();
    assertThat(context.skippedFiles()).singleElement().extracting(skip -> skip.reason())
        .isEqualTo("stanza at line 1 has no Status field");
  }

  @Test
  void anEmptyStatusFileHasNoPackages() throws IOException {
    RecordingCatalogContext context = context(statusImage(""), cataloger,
        CatalogLimits.defaults());

    assertThat(catalog(cataloger, context)).isEmpty();
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void aStatusFileOverTheLimitIsSkippedNamingTheLimit() throws IOException {
    Path root = statusImage(read(BOOKWORM.resolve("var/lib/dpkg/status")));
    RecordingCatalogContext context = context(root, cataloger,
        new CatalogLimits(1L << 30, 1000, 4096, 1));

    assertThat(catalog(cataloger, context)).isEmpty();
    assertThat(context.skippedFiles()).singleElement().satisfies(skip -> {
      assertThat(skip.path()).isEqualTo("/var/lib/dpkg/status");
      assertThat(skip.reason()).isEqualTo("file of " + Files.size(
          root.resolve("var/lib/dpkg/status")) + " bytes is larger than maxFileBytes (4096 bytes)");
    });
  }

  private Path statusImage(String status) throws IOException {
    Path file = temp.resolve("var/lib/dpkg/status");
    Files.createDirectories(file.getParent());
    Files.writeString(file, status, StandardCharsets.UTF_8);
    return temp;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static Map<String, CatalogedPackage> byName(List<CatalogedPackage> packages) {
    return packages.stream().collect(Collectors.toMap(CatalogedPackage::name,
        Function.identity()));
  }
}
