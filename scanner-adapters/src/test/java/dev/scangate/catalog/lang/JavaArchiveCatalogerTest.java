package dev.scangate.catalog.lang;

import static dev.scangate.catalog.lang.JarTool.copy;
import static dev.scangate.catalog.lang.JarTool.testJar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.PackageType;
import dev.scangate.catalog.SkippedFile;
import dev.scangate.catalog.lang.JavaArchiveMetadata.ArchiveFileName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java archive cataloger over real jars from Maven Central (copied by the build into
 * target/test-jars) and over wars, ears and Spring Boot jars assembled from them with the JDK's
 * jar tool.
 */
class JavaArchiveCatalogerTest {

  private static final String LOG4J_CORE = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String LOG4J_API = "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1";
  private static final String OPENTEST4J = "pkg:maven/org.opentest4j/opentest4j@1.3.0";

  private final JavaArchiveCataloger cataloger = new JavaArchiveCataloger();

  @TempDir
  Path image;

  @TempDir
  Path work;

  @Test
  void identifiesLog4jCoreByItsPomProperties() throws IOException {
    copy(testJar("log4j-core-2.14.1.jar"), image, "opt/app/lib/log4j-core-2.14.1.jar");
    TestCatalogContext context = TestCatalogContext.of(image);

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages).singleElement().satisfies(p -> {
      assertThat(p.type()).isEqualTo(PackageType.MAVEN);
      assertThat(p.name()).isEqualTo("log4j-core");
      assertThat(p.version()).isEqualTo("2.14.1");
      assertThat(p.purl()).isEqualTo(LOG4J_CORE);
      assertThat(p.path()).isEqualTo("/opt/app/lib/log4j-core-2.14.1.jar");
      assertThat(p.layerDigest()).isEqualTo(DirectoryFilesystem.LAYER);
      assertThat(p.foundBy()).isEqualTo("java-archive");
      assertThat(p.confidence()).isEqualTo(Confidence.HIGH);
      assertThat(p.properties()).containsEntry("maven.groupId", "org.apache.logging.log4j")
          .containsEntry("java.identitySource", "pom.properties")
          .doesNotContainKey("java.parent");
    });
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void takesLicensesFromTheEmbeddedPomXml() throws IOException {
    copy(testJar("jopt-simple-5.0.4.jar"), image, "app/lib/jopt-simple-5.0.4.jar");

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    assertThat(packages).extracting(CatalogedPackage::purl, CatalogedPackage::licenses)
        .containsExactly(tuple("pkg:maven/net.sf.jopt-simple/jopt-simple@5.0.4",
            List.of("The MIT License")));
  }

  @Test
  void reportsAMalformedPomXmlAndStillIdentifiesTheJar() throws IOException {
    // hand-made damage: a real jar whose pom.xml is replaced by a cut-off copy of it
    Path content = work.resolve("jar");
    String pomDir = "META-INF/maven/net.sf.jopt-simple/jopt-simple/";
    try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(
        testJar("jopt-simple-5.0.4.jar").toFile())) {
      Files.createDirectories(content.resolve(pomDir));
      Files.write(content.resolve(pomDir + "pom.properties"),
          jar.getInputStream(jar.getEntry(pomDir + "pom.properties")).readAllBytes());
      byte[] pom = jar.getInputStream(jar.getEntry(pomDir + "pom.xml")).readAllBytes();
      Files.write(content.resolve(pomDir + "pom.xml"), java.util.Arrays.copyOf(pom, 900));
    }
    JarTool.create(image.resolve("app/jopt-simple-5.0.4.jar"), content, null, false);
    TestCatalogContext context = TestCatalogContext.of(image);

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages).extracting(CatalogedPackage::purl, CatalogedPackage::licenses)
        .containsExactly(tuple("pkg:maven/net.sf.jopt-simple/jopt-simple@5.0.4", List.of()));
    assertThat(context.skippedFiles()).singleElement().satisfies(s -> {
      assertThat(s.path()).isEqualTo("/app/jopt-simple-5.0.4.jar!/" + pomDir + "pom.xml");
      assertThat(s.reason()).startsWith("malformed pom.xml: ");
    });
  }

  @Test
  void identifiesTheArchiveByPomPropertiesEvenWhenRenamed() throws IOException {
    copy(testJar("log4j-core-2.14.1.jar"), image, "app/logging.jar");

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    assertThat(packages).extracting(CatalogedPackage::purl, CatalogedPackage::confidence)
        .containsExactly(tuple(LOG4J_CORE, Confidence.HIGH));
  }

  @Test
  void reportsTheArtifactShadedIntoAJarWithItsParent() throws IOException {
    copy(testJar("surefire-api-2.12.4.jar"), image, "usr/share/maven/surefire-api-2.12.4.jar");

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    String surefire = "pkg:maven/org.apache.maven.surefire/surefire-api@2.12.4";
    assertThat(packages)
        .extracting(CatalogedPackage::purl, CatalogedPackage::confidence,
            p -> p.properties().get("java.parent"), CatalogedPackage::path)
        .containsExactly(
            tuple(surefire, Confidence.HIGH, null, "/usr/share/maven/surefire-api-2.12.4.jar"),
            tuple("pkg:maven/org.codehaus.plexus/plexus-utils@3.0.8", Confidence.HIGH, surefire,
                "/usr/share/maven/surefire-api-2.12.4.jar"));
  }

  @Test
  void reportsEveryModuleOfAnUberJar() throws IOException {
    copy(testJar("jline-3.26.3.jar"), image, "opt/tool/lib/jline-3.26.3.jar");

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    String jline = "pkg:maven/org.jline/jline@3.26.3";
    assertThat(packages).hasSize(13);
    assertThat(packages.get(0).purl()).isEqualTo(jline);
    assertThat(packages.subList(1, 13)).allSatisfy(p -> {
      assertThat(p.properties()).containsEntry("java.parent", jline);
      assertThat(p.confidence()).isEqualTo(Confidence.HIGH);
      assertThat(p.version()).isEqualTo("3.26.3");
    });
    assertThat(packages).extracting(CatalogedPackage::purl)
        .contains("pkg:maven/org.jline/jline-reader@3.26.3",
            "pkg:maven/org.jline/jansi-core@3.26.3",
            "pkg:maven/org.jline/jline-terminal-ffm@3.26.3");
  }

  @Test
  void identifiesAJarWithOnlyAManifestFromTheManifest() throws IOException {
    copy(testJar("opentest4j-1.3.0.jar"), image, "app/lib/opentest4j-1.3.0.jar");

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    assertThat(packages).singleElement().satisfies(p -> {
      assertThat(p.purl()).isEqualTo(OPENTEST4J);
      assertThat(p.confidence()).isEqualTo(Confidence.MEDIUM);
      assertThat(p.licenses()).containsExactly("The Apache License, Version 2.0");
      assertThat(p.properties()).containsEntry("java.identitySource", "MANIFEST.MF");
    });
  }

  @Test
  void fallsBackToTheFileNameWhenNothingInsideNamesTheArchive() throws IOException {
    // a jar made by the jar tool carries a manifest without any version
    Path classes = work.resolve("classes");
    copy(testJar("opentest4j-1.3.0.jar"), classes, "lib.bin");
    JarTool.create(image.resolve("app/plugin-api-0.9.1.jar"), classes, null, false);

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    assertThat(packages).extracting(CatalogedPackage::purl, CatalogedPackage::confidence)
        .containsExactly(tuple("pkg:maven/plugin-api/plugin-api@0.9.1", Confidence.LOW));
  }

  @Test
  void findsJarsInAWarInAnEarWithTheirNestedPaths() throws IOException {
    Path ear = ear();

    TestCatalogContext context = TestCatalogContext.of(image);
    List<CatalogedPackage> packages = cataloger.catalog(context);

    String shopEar = "pkg:maven/shop/shop@2.0.0";
    String shopWar = "pkg:maven/shop-web/shop-web@2.0.0";
    assertThat(ear).exists();
    assertThat(packages)
        .extracting(CatalogedPackage::purl, CatalogedPackage::path,
            p -> p.properties().get("java.parent"))
        .containsExactly(
            tuple(shopEar, "/srv/shop-2.0.0.ear", null),
            tuple(OPENTEST4J, "/srv/shop-2.0.0.ear!/lib/opentest4j-1.3.0.jar", shopEar),
            tuple(shopWar, "/srv/shop-2.0.0.ear!/shop-web-2.0.0.war", shopEar),
            tuple(LOG4J_API, "/srv/shop-2.0.0.ear!/shop-web-2.0.0.war!/WEB-INF/lib/"
                + "log4j-api-2.14.1.jar", shopWar),
            tuple(LOG4J_CORE, "/srv/shop-2.0.0.ear!/shop-web-2.0.0.war!/WEB-INF/lib/"
                + "log4j-core-2.14.1.jar", shopWar));
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void reportsArchivesNestedDeeperThanTheLimit() throws IOException {
    ear();
    TestCatalogContext context = TestCatalogContext.of(image,
        TestCatalogContext.limits(CatalogLimits.defaults().maxFileBytes(), 1));

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages).extracting(CatalogedPackage::purl)
        .containsExactly("pkg:maven/shop/shop@2.0.0", OPENTEST4J,
            "pkg:maven/shop-web/shop-web@2.0.0");
    assertThat(context.skippedFiles()).extracting(SkippedFile::path, SkippedFile::reason)
        .containsExactlyInAnyOrder(
            tuple("/srv/shop-2.0.0.ear!/shop-web-2.0.0.war!/WEB-INF/lib/log4j-api-2.14.1.jar",
                "nested archive at depth 2 is deeper than maxArchiveDepth (1)"),
            tuple("/srv/shop-2.0.0.ear!/shop-web-2.0.0.war!/WEB-INF/lib/log4j-core-2.14.1.jar",
                "nested archive at depth 2 is deeper than maxArchiveDepth (1)"));
  }

  @Test
  void findsTheLibrariesOfASpringBootJar() throws IOException {
    Path content = work.resolve("boot");
    copy(testJar("log4j-core-2.14.1.jar"), content, "BOOT-INF/lib/log4j-core-2.14.1.jar");
    copy(testJar("log4j-api-2.14.1.jar"), content, "BOOT-INF/lib/log4j-api-2.14.1.jar");
    copy(testJar("opentest4j-1.3.0.jar"), content, "BOOT-INF/classes/application.bin");
    Path manifest = Files.writeString(work.resolve("MANIFEST.MF"), """
        Manifest-Version: 1.0
        Main-Class: org.springframework.boot.loader.launch.JarLauncher
        Start-Class: com.example.demo.DemoApplication
        Spring-Boot-Classes: BOOT-INF/classes/
        Spring-Boot-Lib: BOOT-INF/lib/
        Implementation-Title: demo
        Implementation-Version: 0.0.1-SNAPSHOT
        """, StandardCharsets.UTF_8);
    // Spring Boot stores nested jars uncompressed
    JarTool.create(image.resolve("app/app.jar"), content, manifest, true);

    List<CatalogedPackage> packages = cataloger.catalog(TestCatalogContext.of(image));

    String demo = "pkg:maven/demo/demo@0.0.1-SNAPSHOT";
    assertThat(packages)
        .extracting(CatalogedPackage::purl, CatalogedPackage::path, CatalogedPackage::confidence,
            p -> p.properties().get("java.parent"))
        .containsExactly(
            tuple(demo, "/app/app.jar", Confidence.MEDIUM, null),
            tuple(LOG4J_API, "/app/app.jar!/BOOT-INF/lib/log4j-api-2.14.1.jar", Confidence.HIGH,
                demo),
            tuple(LOG4J_CORE, "/app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar",
                Confidence.HIGH, demo));
  }

  @Test
  void skipsATruncatedJarWithItsReasonAndStillFindsTheOthers() throws IOException {
    Path core = testJar("log4j-core-2.14.1.jar");
    JarTool.truncated(core, image.resolve("app/lib/log4j-core-2.14.1.jar"),
        (int) Files.size(core) / 2);
    copy(testJar("opentest4j-1.3.0.jar"), image, "app/lib/opentest4j-1.3.0.jar");
    TestCatalogContext context = TestCatalogContext.of(image);

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages).extracting(CatalogedPackage::purl).containsExactly(OPENTEST4J);
    assertThat(context.skippedFiles()).singleElement().satisfies(s -> {
      assertThat(s.path()).isEqualTo("/app/lib/log4j-core-2.14.1.jar");
      assertThat(s.reason()).startsWith("not a readable zip archive: ");
    });
  }

  @Test
  void skipsACorruptNestedJarAndKeepsItsSiblings() throws IOException {
    Path content = work.resolve("war");
    Path core = testJar("log4j-core-2.14.1.jar");
    JarTool.truncated(core, content.resolve("WEB-INF/lib/log4j-core-2.14.1.jar"), 200_000);
    copy(testJar("log4j-api-2.14.1.jar"), content, "WEB-INF/lib/log4j-api-2.14.1.jar");
    JarTool.create(image.resolve("srv/legacy.war"), content, null, false);
    TestCatalogContext context = TestCatalogContext.of(image);

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages).extracting(CatalogedPackage::purl)
        .containsExactly("pkg:maven/legacy/legacy", LOG4J_API);
    assertThat(context.skippedFiles()).singleElement().satisfies(s -> {
      assertThat(s.path()).isEqualTo("/srv/legacy.war!/WEB-INF/lib/log4j-core-2.14.1.jar");
      assertThat(s.reason()).startsWith("not a readable nested zip archive: ");
    });
  }

  @Test
  void skipsAnArchiveLargerThanMaxFileBytes() throws IOException {
    copy(testJar("log4j-core-2.14.1.jar"), image, "app/lib/log4j-core-2.14.1.jar");
    copy(testJar("opentest4j-1.3.0.jar"), image, "app/lib/opentest4j-1.3.0.jar");
    TestCatalogContext context = TestCatalogContext.of(image,
        TestCatalogContext.limits(1_000_000, 4));

    List<CatalogedPackage> packages = cataloger.catalog(context);

    assertThat(packages).extracting(CatalogedPackage::purl).containsExactly(OPENTEST4J);
    assertThat(context.skippedFiles()).singleElement().satisfies(s -> {
      assertThat(s.path()).isEqualTo("/app/lib/log4j-core-2.14.1.jar");
      assertThat(s.reason()).contains("maxFileBytes (1000000)");
    });
  }

  @Test
  void wantsJavaArchivesByTheirSuffixOnly() {
    assertThat(cataloger.wants("/app/a.jar", 10, 0644)).isTrue();
    assertThat(cataloger.wants("/app/A.WAR", 10, 0644)).isTrue();
    assertThat(cataloger.wants("/srv/x.ear", 10, 0644)).isTrue();
    assertThat(cataloger.wants("/var/jenkins_home/plugins/git.jpi", 10, 0644)).isTrue();
    assertThat(cataloger.wants("/var/jenkins_home/plugins/git.hpi", 10, 0644)).isTrue();
    assertThat(cataloger.wants("/app/a.jar.sha1", 10, 0644)).isFalse();
    assertThat(cataloger.wants("/app/ajar", 10, 0644)).isFalse();
    assertThat(cataloger.wants("/app/a.zip", 10, 0644)).isFalse();
  }

  @Test
  void splitsFileNamesAtTheFirstDashBeforeADigit() {
    assertThat(ArchiveFileName.parse("log4j-core-2.14.1.jar"))
        .isEqualTo(new ArchiveFileName("log4j-core-2.14.1", "log4j-core", "2.14.1"));
    assertThat(ArchiveFileName.parse("guava-32.1.3-jre.jar"))
        .isEqualTo(new ArchiveFileName("guava-32.1.3-jre", "guava", "32.1.3-jre"));
    assertThat(ArchiveFileName.parse("netty-codec-http2-4.1.100.Final.jar"))
        .isEqualTo(new ArchiveFileName("netty-codec-http2-4.1.100.Final", "netty-codec-http2",
            "4.1.100.Final"));
    assertThat(ArchiveFileName.parse("app.jar"))
        .isEqualTo(new ArchiveFileName("app", "app", null));
  }

  /**
   * /srv/shop-2.0.0.ear holding shop-web-2.0.0.war (WEB-INF/lib: log4j-api, log4j-core) and
   * lib/opentest4j-1.3.0.jar.
   */
  private Path ear() throws IOException {
    Path war = work.resolve("war");
    copy(testJar("log4j-core-2.14.1.jar"), war, "WEB-INF/lib/log4j-core-2.14.1.jar");
    copy(testJar("log4j-api-2.14.1.jar"), war, "WEB-INF/lib/log4j-api-2.14.1.jar");
    Files.writeString(war.resolve("index.html"), "<p>shop</p>");
    Path ear = work.resolve("ear");
    JarTool.create(ear.resolve("shop-web-2.0.0.war"), war, null, false);
    copy(testJar("opentest4j-1.3.0.jar"), ear, "lib/opentest4j-1.3.0.jar");
    return JarTool.create(image.resolve("srv/shop-2.0.0.ear"), ear, null, false);
  }

}
