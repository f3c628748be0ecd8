package dev.scangate.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.PackageType;
import dev.scangate.catalog.SkippedFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go binary cataloger over two executables built by Debian's Go 1.19 toolchain
 * (src/test/scripts/go-fixtures.sh): hello-replaced (amd64, main module (devel), a module
 * replacement and a directory replacement) and tool-386 (32-bit, installed at v1.2.3).
 */
class GoBinaryCatalogerTest {

  private final GoBinaryCataloger cataloger = new GoBinaryCataloger();

  @TempDir
  Path image;

  @Test
  void findsTheModulesOfABinaryBuiltFromSourceWithReplacements() throws IOException {
    Fixtures.copy("go/hello-replaced", image, "usr/local/bin/hello");
    TestCatalogContext context = TestCatalogContext.of(image);

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages)
        .extracting(CatalogedPackage::name, CatalogedPackage::version, CatalogedPackage::purl)
        .containsExactly(
            tuple("example.com/hello", "(devel)", "pkg:golang/example.com/hello@%28devel%29"),
            // the replacement is the code in the binary
            tuple("example.com/greeting-fork", "v1.1.0",
                "pkg:golang/example.com/greeting-fork@v1.1.0"),
            // a directory replacement keeps the required version
            tuple("example.com/local", "v0.0.0", "pkg:golang/example.com/local@v0.0.0"),
            tuple("stdlib", "go1.19.8", "pkg:golang/stdlib@1.19.8"));
    assertThat(packages.get(0).properties())
        .containsEntry("go.develVersion", "true")
        .containsEntry("go.mainModule", "example.com/hello")
        .containsEntry("go.version", "go1.19.8");
    assertThat(packages.get(1).properties())
        .containsEntry("go.replaces", "example.com/greeting@v1.0.0")
        .containsEntry("go.h1Digest", "h1:G6UPCxDBxvF0YuylvsxVkOiWwxMqvuv4hhPFWTUJxPE=");
    assertThat(packages.get(2).properties()).containsEntry("go.replacedBy", "./local");
    assertThat(packages.get(3).licenses()).containsExactly("BSD-3-Clause");
    assertThat(packages).allSatisfy(p -> {
      assertThat(p.type()).isEqualTo(PackageType.GOLANG);
      assertThat(p.path()).isEqualTo("/usr/local/bin/hello");
      assertThat(p.architecture()).isEqualTo("amd64");
      assertThat(p.foundBy()).isEqualTo("go-module-binary");
      assertThat(p.confidence()).isEqualTo(Confidence.HIGH);
      assertThat(p.layerDigest()).isEqualTo(DirectoryFilesystem.LAYER);
    });
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void findsTheModulesOfAnInstalled32BitBinary() throws IOException {
    Fixtures.copy("go/tool-386", image, "usr/bin/tool");

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    assertThat(packages)
        .extracting(CatalogedPackage::purl, p -> p.properties().get("go.h1Digest"),
            CatalogedPackage::architecture)
        .containsExactly(
            tuple("pkg:golang/example.com/tool@v1.2.3",
                "h1:cPhPjE2LLpe+eA5+WjuHa9+TGqy0Y7lpAVwWQ44rCvM=", "386"),
            tuple("pkg:golang/example.com/greeting@v1.0.0",
                "h1:2J+TmeI2YehVKDf4JqNqU5vABsTN67WtPf2j+nLDcMU=", "386"),
            tuple("pkg:golang/stdlib@1.19.8", null, "386"));
    assertThat(packages.get(0).properties()).doesNotContainKey("go.develVersion");
  }

  @Test
  void findsBuildInfoThroughTheDataSegmentWhenSectionHeadersAreGone() throws IOException {
    Path binary = Fixtures.copy("go/hello-replaced", image, "app/hello");
    // hand-made: the real binary with e_shoff and e_shnum zeroed, as some packers leave them
    try (RandomAccessFile file = new RandomAccessFile(binary.toFile(), "rw")) {
      file.seek(40);
      file.write(new byte[8]);
      file.seek(60);
      file.write(new byte[2]);
    }

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    assertThat(packages).extracting(CatalogedPackage::purl).containsExactly(
        "pkg:golang/example.com/hello@%28devel%29", "pkg:golang/example.com/greeting-fork@v1.1.0",
        "pkg:golang/example.com/local@v0.0.0", "pkg:golang/stdlib@1.19.8");
  }

  @Test
  void findsNothingInAnElfThatIsNotGo() throws IOException {
    Path ls = image.resolve("bin/ls");
    Files.createDirectories(ls.getParent());
    Files.copy(Path.of("/bin/ls"), ls, StandardCopyOption.COPY_ATTRIBUTES);
    TestCatalogContext context = TestCatalogContext.of(image);

    assertThat(cataloger.catalog(context)).isEmpty();
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void skipsATruncatedGoBinaryWithItsReason() throws IOException {
    Path binary = Fixtures.path("go/hello-replaced");
    Path truncated = JarTool.truncated(binary, image.resolve("usr/bin/hello"),
        (int) Files.size(binary) / 2);
    Files.setPosixFilePermissions(truncated, Files.getPosixFilePermissions(binary));
    Fixtures.copy("go/tool-386", image, "usr/bin/tool");
    TestCatalogContext context = TestCatalogContext.of(image);

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages).extracting(CatalogedPackage::path).containsOnly("/usr/bin/tool");
    assertThat(context.skippedFiles()).singleElement().satisfies(s -> {
      assertThat(s.path()).isEqualTo("/usr/bin/hello");
      assertThat(s.reason()).startsWith("truncated or malformed ELF: ")
          .contains("beyond the end of the file (444416 bytes)");
    });
  }

  @Test
  void skipsAGoBinaryLargerThanMaxFileBytes() throws IOException {
    Fixtures.copy("go/hello-replaced", image, "usr/bin/hello");
    TestCatalogContext context = TestCatalogContext.of(image,
        TestCatalogContext.limits(100_000, 4));

    assertThat(cataloger.catalog(context)).isEmpty();
    assertThat(context.skippedFiles()).extracting(SkippedFile::path, SkippedFile::reason)
        .containsExactly(tuple("/usr/bin/hello",
            "file is 888832 bytes, larger than maxFileBytes (100000)"));
  }

  @Test
  void ignoresExecutablesThatAreNotElf() throws IOException {
    Path script = image.resolve("usr/bin/run.sh");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\n" + "echo hello\n".repeat(200));
    script.toFile().setExecutable(true);
    TestCatalogContext context = TestCatalogContext.of(image, TestCatalogContext.limits(100, 4));

    assertThat(cataloger.catalog(context)).isEmpty();
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void wantsExecutablesOfAtLeastOneKibibyte() {
    assertThat(cataloger.wants("/usr/bin/fzf", 3_274_176, 0755)).isTrue();
    assertThat(cataloger.wants("/opt/app/server", 2048, 0700)).isTrue();
    assertThat(cataloger.wants("/usr/bin/tiny", 1023, 0755)).isFalse();
    assertThat(cataloger.wants("/usr/share/doc/README", 4096, 0644)).isFalse();
  }

  @Test
  void parsesModuleInfoAsGoVersionPrintsIt() {
    GoModuleInfo info = GoModuleInfo.parse("""
        path\tgithub.com/cpuguy83/go-md2man/v2
        build\t-compiler=gc
        build\tCGO_CPPFLAGS="-Wdate-time -D_FORTIFY_SOURCE=2"
        build\tGOARCH=amd64
        """);

    assertThat(info.path()).isEqualTo("github.com/cpuguy83/go-md2man/v2");
    assertThat(info.main()).isNull();
    assertThat(info.settings())
        .containsEntry("CGO_CPPFLAGS", "-Wdate-time -D_FORTIFY_SOURCE=2")
        .containsEntry("GOARCH", "amd64");
    assertThatThrownBy(() -> GoModuleInfo.parse("dep\tonly-a-path\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected path, version and optional sum in 'dep\tonly-a-path'");
  }

  @Test
  void writesTheStdlibVersionWithoutTheGoPrefix() {
    assertThat(GoBinaryCataloger.stdlibVersion("go1.22.1")).isEqualTo("1.22.1");
    assertThat(GoBinaryCataloger.stdlibVersion("go1.22.1 X:boringcrypto")).isEqualTo("1.22.1");
    assertThat(GoBinaryCataloger.stdlibVersion("go1.21rc2")).isEqualTo("1.21rc2");
  }
}
