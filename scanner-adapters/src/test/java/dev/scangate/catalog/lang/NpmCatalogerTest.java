package dev.scangate.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The npm cataloger over a project installed by npm 11 from the npm registry and over the
 * lockfiles npm writes for it in each lockfileVersion (src/test/scripts/npm-fixtures.sh).
 */
class NpmCatalogerTest {

  private final NpmCataloger cataloger = new NpmCataloger();

  @TempDir
  Path image;

  @Test
  void findsEveryInstalledPackageWithItsLicenses() throws IOException {
    Fixtures.copy("npm/app", image, "srv/app");
    TestCatalogContext context = TestCatalogContext.of(image);

    List<CatalogedPackage> packages = cataloger.catalog(context);

    String modules = "/srv/app/node_modules/";
    assertThat(packages)
        .extracting(CatalogedPackage::purl, CatalogedPackage::licenses, CatalogedPackage::path)
        .containsExactly(
            tuple("pkg:npm/%40babel/helper-plugin-utils@7.22.5", List.of("MIT"),
                modules + "@babel/helper-plugin-utils/package.json"),
            tuple("pkg:npm/abbrev@2.0.0", List.of("ISC"), modules + "abbrev/package.json"),
            tuple("pkg:npm/is-number@7.0.0", List.of("MIT"), modules + "is-number/package.json"),
            // legacy "licenses": [{"type": …}, …]
            tuple("pkg:npm/json-schema@0.2.3", List.of("AFLv2.1", "BSD"),
                modules + "json-schema/package.json"),
            tuple("pkg:npm/lodash@4.17.20", List.of("MIT"), modules + "lodash/package.json"),
            // nested where npm could not hoist it
            tuple("pkg:npm/abbrev@1.1.1", List.of("ISC"),
                modules + "nopt/node_modules/abbrev/package.json"),
            // legacy "license": {"type": "MIT", "url": …}
            tuple("pkg:npm/nopt@1.0.10", List.of("MIT"), modules + "nopt/package.json"),
            // "license": ["MIT", "Apache2"]
            tuple("pkg:npm/pause-stream@0.0.11", List.of("MIT", "Apache2"),
                modules + "pause-stream/package.json"),
            tuple("pkg:npm/through@2.3.8", List.of("MIT"), modules + "through/package.json"));
    assertThat(packages).allSatisfy(p -> {
      assertThat(p.type()).isEqualTo(PackageType.NPM);
      assertThat(p.foundBy()).isEqualTo("npm");
      assertThat(p.confidence()).isEqualTo(Confidence.HIGH);
      assertThat(p.layerDigest()).isEqualTo(DirectoryFilesystem.LAYER);
    });
    assertThat(packages.get(0).name()).isEqualTo("@babel/helper-plugin-utils");
    assertThat(context.skippedFiles()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void readsTheLockfileOfAProjectWithoutNodeModules(int lockfileVersion) throws IOException {
    Fixtures.copy("npm/lock-v" + lockfileVersion, image, "srv/app");
    TestCatalogContext context = TestCatalogContext.of(image);

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages).extracting(CatalogedPackage::purl).containsExactlyInAnyOrder(
        "pkg:npm/%40babel/helper-plugin-utils@7.22.5", "pkg:npm/abbrev@2.0.0",
        "pkg:npm/abbrev@1.1.1", "pkg:npm/is-number@7.0.0", "pkg:npm/json-schema@0.2.3",
        "pkg:npm/lodash@4.17.20", "pkg:npm/nopt@1.0.10", "pkg:npm/pause-stream@0.0.11",
        "pkg:npm/through@2.3.8");
    assertThat(packages).allSatisfy(p ->
        assertThat(p.path()).isEqualTo("/srv/app/package-lock.json"));
    assertThat(packages).filteredOn(p -> p.properties().containsKey("npm.dev"))
        .extracting(CatalogedPackage::name).containsExactly("is-number");
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void takesLicensesFromLockfilesThatRecordThem() throws IOException {
    Fixtures.copy("npm/lock-v3", image, "app");

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    assertThat(packages).filteredOn(p -> p.name().equals("pause-stream"))
        .singleElement().extracting(CatalogedPackage::licenses)
        .isEqualTo(List.of("MIT", "Apache2"));
  }

  @Test
  void ignoresTheLockfileOfAProjectWithInstalledPackages() throws IOException {
    Fixtures.copy("npm/app", image, "app");

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    assertThat(packages).hasSize(9)
        .noneMatch(p -> p.path().equals("/app/package-lock.json"));
  }

  @Test
  void skipsMalformedPackageJsonAndKeepsTheOthers() throws IOException {
    Fixtures.copy("npm/app", image, "app");
    Path lodash = image.resolve("app/node_modules/lodash/package.json");
    // hand-made damage: the real file cut in half
    String text = Files.readString(lodash, StandardCharsets.UTF_8);
    Files.writeString(lodash, text.substring(0, text.length() / 2), StandardCharsets.UTF_8);
    Files.writeString(image.resolve("app/node_modules/through/package.json"),
        "{\"description\": \"no name, no version\"}", StandardCharsets.UTF_8);
    TestCatalogContext context = TestCatalogContext.of(image);

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages).hasSize(7).extracting(CatalogedPackage::name)
        .doesNotContain("lodash", "through");
    assertThat(context.skippedFiles()).extracting(SkippedFile::path, SkippedFile::reason)
        .satisfiesExactly(
            lodashSkip -> assertThat(lodashSkip.toList()).first()
                .isEqualTo("/app/node_modules/lodash/package.json"),
            throughSkip -> assertThat(throughSkip.toList()).containsExactly(
                "/app/node_modules/through/package.json",
                "package.json has no \"name\" and \"version\" strings"));
    assertThat(context.skippedFiles().get(0).reason()).startsWith("not valid JSON: ");
  }

  @Test
  void skipsALockfileOfAnUnknownVersion() throws IOException {
    Fixtures.copy("npm/lock-v3", image, "app");
    Path lockfile = image.resolve("app/package-lock.json");
    Files.writeString(lockfile, Files.readString(lockfile)
        .replace("\"lockfileVersion\": 3", "\"lockfileVersion\": 4"));
    TestCatalogContext context = TestCatalogContext.of(image);

    assertThat(cataloger.catalog(context)).isEmpty();
    assertThat(context.skippedFiles()).extracting(SkippedFile::path, SkippedFile::reason)
        .containsExactly(tuple("/app/package-lock.json",
            "unsupported lockfileVersion 4 (1, 2 and 3 are known)"));
  }

  @Test
  void skipsPackageJsonLargerThanMaxFileBytes() throws IOException {
    Fixtures.copy("npm/app", image, "app");
    TestCatalogContext context = TestCatalogContext.of(image, TestCatalogContext.limits(1000, 4));

    List<CatalogedPackage> packages = cataloger.catalog(context);

    // abbrev 2.0.0 (1002 bytes) and is-number (1599 bytes) are over the limit
    assertThat(packages).hasSize(7).extracting(CatalogedPackage::purl)
        .doesNotContain("pkg:npm/abbrev@2.0.0", "pkg:npm/is-number@7.0.0");
    assertThat(context.skippedFiles()).extracting(SkippedFile::path, SkippedFile::reason)
        .containsExactly(
            tuple("/app/node_modules/abbrev/package.json",
                "file is 1002 bytes, larger than maxFileBytes (1000)"),
            tuple("/app/node_modules/is-number/package.json",
                "file is 1599 bytes, larger than maxFileBytes (1000)"));
  }

  @Test
  void wantsInstalledManifestsAndProjectLockfilesOnly() {
    assertThat(cataloger.wants("/app/node_modules/lodash/package.json", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/app/node_modules/@babel/core/package.json", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/app/node_modules/a/node_modules/b/package.json", 1, 0644))
        .isTrue();
    assertThat(cataloger.wants("/app/package-lock.json", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/package-lock.json", 1, 0644)).isTrue();
    // a package's own subdirectories, the project's manifest, lockfiles shipped in packages
    assertThat(cataloger.wants("/app/node_modules/@babel/runtime/helpers/esm/package.json", 1,
        0644)).isFalse();
    assertThat(cataloger.wants("/app/node_modules/lodash/fp/package.json", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/app/node_modules/@babel/package.json", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/app/package.json", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/app/node_modules/x/package-lock.json", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/app/node_modules/.package-lock.json", 1, 0644)).isFalse();
  }
}
