package dev.scangate.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.scangate.catalog.CatalogedPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go binary cataloger over Go executables published by others, fetched at test time: esbuild
 * as the npm registry ships it (built with Go 1.20 in module mode, and with Go 1.17, whose build
 * info uses the older pointer format, for 32-bit x86 and big-endian s390x), and Debian's fzf
 * (built in GOPATH mode, so without module information).
 */
class GoBinaryCatalogerIT {

  private static final String X_SYS_2022 =
      "pkg:golang/golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8";
  private static final String X_SYS_2021 =
      "pkg:golang/golang.org/x/sys@v0.0.0-20210908233432-aa78b53d3365";
  private static final String ESBUILD = "pkg:golang/github.com/evanw/esbuild@%28devel%29";

  private final GoBinaryCataloger cataloger = new GoBinaryCataloger();

  @TempDir
  Path image;

  @Test
  void readsEsbuildBuiltWithGo120() throws IOException {
    install(RegistryDownloads.npmPackage("@esbuild/linux-x64@0.19.12"), "package/bin/esbuild",
        "app/node_modules/@esbuild/linux-x64/bin/esbuild");

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    assertThat(packages)
        .extracting(CatalogedPackage::purl, p -> p.properties().get("go.h1Digest"),
            CatalogedPackage::architecture)
        .containsExactly(
            tuple(ESBUILD, null, "amd64"),
            tuple(X_SYS_2022, "h1:0A+M6Uqn+Eje4kHMK80dtF3JCXC4ykBgQG4Fe06QRhQ=", "amd64"),
            tuple("pkg:golang/stdlib@1.20.12", null, "amd64"));
    assertThat(packages.get(0).properties())
        .containsEntry("go.develVersion", "true")
        .containsEntry("go.vcsRevision", "d7fd1ad35715cda76eb33343b7c07b275e402a2e");
  }

  @Test
  void readsThePointerFormatOfA32BitGo117Binary() throws IOException {
    install(RegistryDownloads.npmPackage("esbuild-linux-32@0.13.15"), "package/bin/esbuild",
        "usr/local/bin/esbuild");

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    assertThat(packages).extracting(CatalogedPackage::purl)
        .containsExactly(ESBUILD, X_SYS_2021, "pkg:golang/stdlib@1.17.2");
    assertThat(packages.get(1).properties())
        .containsEntry("go.h1Digest", "h1:6wSTsvPddg9gc/mVEEyk9oOAoxn+bT4Z9q1zx+4RwA4=");
  }

  @Test
  void readsThePointerFormatOfABigEndianGo117Binary() throws IOException {
    install(RegistryDownloads.npmPackage("esbuild-linux-s390x@0.14.10"), "package/bin/esbuild",
        "usr/local/bin/esbuild");

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    assertThat(packages).extracting(CatalogedPackage::purl)
        .containsExactly(ESBUILD, X_SYS_2021, "pkg:golang/stdlib@1.17.5");
  }

  @Test
  void reportsOnlyTheStdlibOfDebiansGopathBuild() throws IOException {
    install(RegistryDownloads.debianPackage("fzf"), "usr/bin/fzf", "usr/bin/fzf");
    TestCatalogContext context = TestCatalogContext.of(image);

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages).singleElement().satisfies(p -> {
      assertThat(p.purl()).isEqualTo("pkg:golang/stdlib@1.19.8");
      assertThat(p.version()).isEqualTo("go1.19.8");
      assertThat(p.architecture()).isEqualTo("amd64");
      assertThat(p.properties()).containsEntry("go.path", "github.com/junegunn/fzf");
    });
    assertThat(context.skippedFiles()).isEmpty();
  }

  private void install(Path unpacked, String from, String to) throws IOException {
    Path target = image.resolve(to);
    Files.createDirectories(target.getParent());
    Files.copy(unpacked.resolve(from), target, StandardCopyOption.COPY_ATTRIBUTES);
    assertThat(Files.isExecutable(target)).as("%s is executable", to).isTrue();
  }
}
