package dev.scangate.catalog.os;

import static dev.scangate.catalog.os.OsFixtures.catalog;
import static dev.scangate.catalog.os.OsFixtures.filesystem;
import static dev.scangate.catalog.os.OsFixtures.identities;
import static dev.scangate.catalog.os.OsFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.DirectoryFilesystem;
import dev.scangate.catalog.Distro;
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

class ApkCatalogerTest {

  private static final Path ALPINE_316 = resource("apk/syft-multiple-2");
  private static final Path ALPINE_34 = resource("apk/trivy-apk");
  private static final Path CORRUPT = resource("apk/syft-corrupt");

  private final ApkCataloger cataloger = new ApkCataloger();

  @TempDir
  Path temp;

  @Test
  void catalogsEveryRecordOfARealDatabase() throws IOException {
    RecordingCatalogContext context = context(ALPINE_316, alpine(), CatalogLimits.defaults());

    List<CatalogedPackage> packages = catalog(cataloger, context);

    assertThat(identities(packages)).containsExactly(
        row("alpine-baselayout-data", "3.2.0-r22", "alpine-baselayout"),
        row("musl", "1.2.3-r0", "musl"),
        row("busybox", "1.35.0-r17", "busybox"),
        row("alpine-baselayout", "3.2.0-r22", "alpine-baselayout"),
        row("alpine-keys", "2.4-r1", "alpine-keys"),
        row("ca-certificates-bundle", "20220614-r0", "ca-certificates"),
        row("libcrypto1.1", "1.1.1q-r0", "openssl"),
        row("libssl1.1", "1.1.1q-r0", "openssl"),
        row("ssl_client", "1.35.0-r17", "busybox"),
        row("zlib", "1.2.12-r3", "zlib"),
        row("apk-tools", "2.12.9-r3", "apk-tools"),
        row("scanelf", "1.3.4-r0", "pax-utils"),
        row("musl-utils", "1.2.3-r0", "musl"),
        row("libc-utils", "0.7.2-r3", "libc-dev"));
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void buildsPackageUrlsWithArchDistroAndUpstreamAsSyftDoes() {
    Map<String, CatalogedPackage> packages = byName(catalog(cataloger,
        context(ALPINE_316, alpine(), CatalogLimits.defaults())));

    assertThat(packages.get("ssl_client").purl()).isEqualTo(
        "pkg:apk/alpine/ssl_client@1.35.0-r17?arch=x86_64&distro=alpine-3.15.4&upstream=busybox");
    assertThat(packages.get("musl").purl())
        .isEqualTo("pkg:apk/alpine/musl@1.2.3-r0?arch=x86_64&distro=alpine-3.15.4");
  }

  @Test
  void withoutADistroUsesTheAlpineNamespaceAndNoDistroQualifier() {
    Map<String, CatalogedPackage> packages = byName(catalog(cataloger,
        context(ALPINE_316, null, CatalogLimits.defaults())));

    assertThat(packages.get("libssl1.1").purl())
        .isEqualTo("pkg:apk/alpine/libssl1.1@1.1.1q-r0?arch=x86_64&upstream=openssl");
  }

  @Test
  void keepsSpdxExpressionsWholeAndSplitsOldLicenseLists() {
    Map<String, CatalogedPackage> alpine316 = byName(catalog(cataloger,
        context(ALPINE_316, alpine(), CatalogLimits.defaults())));
    Map<String, CatalogedPackage> alpine34 = byName(catalog(cataloger,
        context(ALPINE_34, alpine(), CatalogLimits.defaults())));

    assertThat(alpine316.get("ca-certificates-bundle").licenses())
        .containsExactly("MPL-2.0 AND MIT");
    assertThat(alpine316.get("musl-utils").licenses()).containsExactly("MIT", "BSD", "GPL2+");
    assertThat(alpine316.get("busybox").licenses()).containsExactly("GPL-2.0-only");
    assertThat(alpine34.get("ada-libs").licenses())
        .containsExactly("( Apache-2.0 OR MIT ) AND MPL-2.0");
  }

  @Test
  void recordsWhereEachPackageWasFound() {
    CatalogedPackage zlib = byName(catalog(cataloger,
        context(ALPINE_316, alpine(), CatalogLimits.defaults()))).get("zlib");

    assertThat(zlib.type()).isEqualTo(PackageType.APK);
    assertThat(zlib.path()).isEqualTo("/lib/apk/db/installed");
    assertThat(zlib.layerDigest()).isEqualTo(DirectoryFilesystem.LAYER_DIGEST);
    assertThat(zlib.foundBy()).isEqualTo("apk");
    assertThat(zlib.confidence()).isEqualTo(Confidence.HIGH);
  }

  @Test
  void aRecordWithoutVersionIsSkippedAndTheRestIsCataloged() {
    RecordingCatalogContext context = context(ALPINE_34, alpine(), CatalogLimits.defaults());

    List<CatalogedPackage> packages = catalog(cataloger, context);

    assertThat(packages).hasSize(15);
    // the file ends without a newline; its last record counts
    assertThat(packages.get(14).name()).isEqualTo("ada-libs");
    assertThat(context.skippedFiles()).singleElement().satisfies(skip -> {
      assertThat(skip.path()).isEqualTo("/lib/apk/db/installed");
      assertThat(skip.cataloger()).isEqualTo("apk");
      assertThat(skip.reason()).isEqualTo(
          "record at line 23 (invalidPackageWithoutAVersion) has no valid version (V:): ''");
    });
  }

  @Test
  void aGarbledRecordIsSkippedAndTheRestIsCataloged() {
    RecordingCatalogContext context = context(CORRUPT, alpine(), CatalogLimits.defaults());

    assertThat(catalog(cataloger, context)).extracting(CatalogedPackage::name)
        .containsExactly("alpine-baselayout-data");
    assertThat(context.skippedFiles()).singleElement().extracting(skip -> skip.reason())
        .isEqualTo("record at line 1: line 1 is not <letter>:<value>: 'this is a corrupt db'");
  }

  @Test
  void aDatabaseCutOffInsideARecordKeepsTheRecordsBeforeIt() throws IOException {
    // hand-made: the real database truncated inside its last record, before its version
    String installed = Files.readString(ALPINE_316.resolve("lib/apk/db/installed"));
    Path root = installedImage(installed.substring(0, installed.indexOf("\nV:0.7.2-r3") + 1));

    RecordingCatalogContext context = context(root, alpine(), CatalogLimits.defaults());

    assertThat(catalog(cataloger, context)).hasSize(13);
    assertThat(context.skippedFiles()).singleElement().extracting(skip -> skip.reason())
        .isEqualTo("record at line 624 (libc-utils) has no valid version (V:): ''");
  }

  @Test
  void twoPackagesWithoutABlankLineBetweenThemAreReported() throws IOException {
    // hand-made: the blank line between two real records removed
    String installed = Files.readString(ALPINE_316.resolve("lib/apk/db/installed"))
        .replace("Z:Q1qKA23VzMUDle+Dqnrr5Kz+Xvty4=\n\n", "Z:Q1qKA23VzMUDle+Dqnrr5Kz+Xvty4=\n");
    RecordingCatalogContext context = context(installedImage(installed), alpine(),
        CatalogLimits.defaults());

    assertThat(catalog(cataloger, context)).hasSize(12).extracting(CatalogedPackage::name)
        .doesNotContain("alpine-keys", "ca-certificates-bundle");
    assertThat(context.skippedFiles()).singleElement().extracting(skip -> skip.reason())
        .asString().endsWith("starts a second package without a blank line");
  }

  @Test
  void anEmptyDatabaseHasNoPackages() throws IOException {
    RecordingCatalogContext context = context(installedImage(""), alpine(),
        CatalogLimits.defaults());

    assertThat(catalog(cataloger, context)).isEmpty();
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void aDatabaseOverTheLimitIsSkippedNamingTheLimit() {
    RecordingCatalogContext context = context(ALPINE_316, alpine(),
        new CatalogLimits(1L << 30, 1000, 8192, 1));

    assertThat(catalog(cataloger, context)).isEmpty();
    assertThat(context.skippedFiles()).singleElement().extracting(skip -> skip.reason())
        .isEqualTo("file of 14073 bytes is larger than maxFileBytes (8192 bytes)");
  }

  @Test
  void readsAUsrMergedDatabaseOnceThroughTheLibSymlink() throws IOException {
    Path db = temp.resolve("usr/lib/apk/db/installed");
    Files.createDirectories(db.getParent());
    Files.copy(ALPINE_316.resolve("lib/apk/db/installed"), db);
    Files.createSymbolicLink(temp.resolve("lib"), Path.of("usr/lib"));

    List<CatalogedPackage> packages =
        catalog(cataloger, context(temp, alpine(), CatalogLimits.defaults()));

    assertThat(packages).hasSize(14);
    assertThat(packages.get(0).path()).isEqualTo("/usr/lib/apk/db/installed");
  }

  @Test
  void wantsOnlyTheInstalledDatabase() {
    assertThat(cataloger.wants("/lib/apk/db/installed", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/usr/lib/apk/db/installed", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/lib/apk/db/scripts.tar", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/lib/apk/db/installed.new", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/var/lib/apk/db/installed", 1, 0644)).isFalse();
  }

  private RecordingCatalogContext context(Path root, Distro distro, CatalogLimits limits) {
    return new RecordingCatalogContext(filesystem(root, cataloger), distro, limits, "apk");
  }

  /** The distro of the trivy os-release fixture (Alpine 3.15.4). */
  private static Distro alpine() {
    try {
      return OsRelease.parse(Files.readString(resource("os-release/alpine"),
          StandardCharsets.UTF_8)).orElseThrow();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path installedImage(String installed) throws IOException {
    Path file = temp.resolve("lib/apk/db/installed");
    Files.createDirectories(file.getParent());
    Files.writeString(file, installed, StandardCharsets.UTF_8);
    return temp;
  }

  private static List<String> row(String name, String version, String source) {
    return List.of(name, version, "x86_64", source, version);
  }

  private static Map<String, CatalogedPackage> byName(List<CatalogedPackage> packages) {
    return packages.stream().collect(Collectors.toMap(CatalogedPackage::name,
        Function.identity()));
  }
}
