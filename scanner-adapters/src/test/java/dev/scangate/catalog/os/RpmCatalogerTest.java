package dev.scangate.catalog.os;

import static dev.scangate.catalog.os.OsFixtures.catalog;
import static dev.scangate.catalog.os.OsFixtures.filesystem;
import static dev.scangate.catalog.os.OsFixtures.resource;
import static dev.scangate.catalog.os.OsFixtures.tsv;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RpmCatalogerTest {

  private static final Path SQLITE_IMAGE = resource("rpm/sqlite");
  private static final String DB = "var/lib/rpm/rpmdb.sqlite";

  @TempDir
  Path temp;

  @TempDir
  Path scratch;

  private RpmCataloger cataloger() {
    return new RpmCataloger(scratch);
  }

  @Test
  void catalogsExactlyThePackagesRpmQaReports() {
    RecordingCatalogContext context = context(SQLITE_IMAGE, distro("os-release/rhel"),
        CatalogLimits.defaults());

    List<CatalogedPackage> packages = catalog(cataloger(), context);

    assertThat(packages.stream().map(RpmCatalogerTest::asRpmQaRow))
        .containsExactlyInAnyOrderElementsOf(rpmQa(SQLITE_IMAGE.resolve("rpm-qa.tsv")));
    assertThat(packages).hasSize(4);
    assertThat(context.skippedFiles()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bdb-4096", "bdb-512", "bdb-65536", "bdb-big-endian"})
  void catalogsBerkeleyDbDatabasesExactlyAsRpmReadsThem(String layout) {
    Path image = resource("rpm/" + layout);
    RecordingCatalogContext context = context(image, null, CatalogLimits.defaults());

    List<CatalogedPackage> packages = catalog(cataloger(), context);

    assertThat(packages.stream().map(RpmCatalogerTest::asRpmQaRow))
        .containsExactlyInAnyOrderElementsOf(rpmQa(image.resolve("rpm-qa.tsv")));
    assertThat(packages).hasSize(4)
        .allSatisfy(p -> assertThat(p.path()).isEqualTo("/var/lib/rpm/Packages"));
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void buildsPackageUrlsAsSyftDoes() {
    Map<String, CatalogedPackage> packages = byName(catalog(cataloger(),
        context(SQLITE_IMAGE, distro("os-release/rhel"), CatalogLimits.defaults())));

    assertThat(packages.get("scangate-demo").purl()).isEqualTo(
        "pkg:rpm/redhat/scangate-demo@1.4.2-3.el9?arch=x86_64&distro=rhel-9.4&epoch=2"
            + "&upstream=scangate-demo-1.4.2-3.el9.src.rpm");
    assertThat(packages.get("scangate-tools-libs").purl()).isEqualTo(
        "pkg:rpm/redhat/scangate-tools-libs@0.9-1.fc40?arch=x86_64&distro=rhel-9.4"
            + "&upstream=scangate-tools-0.9-1.fc40.src.rpm");
    assertThat(packages.get("scangate-data").purl()).isEqualTo(
        "pkg:rpm/redhat/scangate-data@2024.1-7?arch=noarch&distro=rhel-9.4"
            + "&upstream=scangate-data-2024.1-7.src.rpm");
  }

  @Test
  void namespacesFollowTheDistro() {
    assertThat(byName(catalog(cataloger(), context(SQLITE_IMAGE, distro("os-release/rocky"),
        CatalogLimits.defaults()))).get("scangate-data").purl()).isEqualTo(
            "pkg:rpm/rocky/scangate-data@2024.1-7?arch=noarch&distro=rocky-9.3"
                + "&upstream=scangate-data-2024.1-7.src.rpm");
    assertThat(byName(catalog(cataloger(), context(SQLITE_IMAGE, null,
        CatalogLimits.defaults()))).get("scangate-data").purl()).isEqualTo(
            "pkg:rpm/scangate-data@2024.1-7?arch=noarch&upstream=scangate-data-2024.1-7.src.rpm");
  }

  @Test
  void keepsEpochLicenseSourceAndVendor() {
    Map<String, CatalogedPackage> packages = byName(catalog(cataloger(),
        context(SQLITE_IMAGE, distro("os-release/rhel"), CatalogLimits.defaults())));

    CatalogedPackage demo = packages.get("scangate-demo");
    assertThat(demo.type()).isEqualTo(PackageType.RPM);
    assertThat(demo.version()).isEqualTo("2:1.4.2-3.el9");
    assertThat(demo.licenses()).containsExactly("GPL-2.0-or-later AND MIT");
    assertThat(demo.sourceName()).isEqualTo("scangate-demo");
    assertThat(demo.sourceVersion()).isEqualTo("1.4.2-3.el9");
    assertThat(demo.properties()).containsEntry("rpm.vendor", "scangate test");
    assertThat(demo.path()).isEqualTo("/var/lib/rpm/rpmdb.sqlite");
    assertThat(demo.layerDigest()).isEqualTo(DirectoryFilesystem.LAYER_DIGEST);
    assertThat(demo.foundBy()).isEqualTo("rpm");
    assertThat(demo.confidence()).isEqualTo(Confidence.HIGH);
    CatalogedPackage libs = packages.get("scangate-tools-libs");
    assertThat(libs.version()).isEqualTo("0.9-1.fc40");
    assertThat(libs.sourceName()).isEqualTo("scangate-tools");
    assertThat(libs.properties()).isEmpty();
  }

  @Test
  void readsTheSysimageDatabaseOnceThroughTheVarLibSymlink() throws IOException {
    Path db = temp.resolve("usr/lib/sysimage/rpm/rpmdb.sqlite");
    Files.createDirectories(db.getParent());
    Files.copy(SQLITE_IMAGE.resolve(DB), db);
    Files.createDirectories(temp.resolve("var/lib"));
    Files.createSymbolicLink(temp.resolve("var/lib/rpm"), Path.of("../../usr/lib/sysimage/rpm"));

    List<CatalogedPackage> packages =
        catalog(cataloger(), context(temp, null, CatalogLimits.defaults()));

    assertThat(packages).hasSize(4);
    assertThat(packages.get(0).path()).isEqualTo("/usr/lib/sysimage/rpm/rpmdb.sqlite");
  }

  @Test
  void readsWhatIsStillInTheWriteAheadLog() throws IOException, SQLException {
    // a copy of the real database, changed through SQLite and captured before the change is
    // checkpointed: the removal of scangate-data is only in rpmdb.sqlite-wal
    Path work = Files.createDirectories(temp.resolve("work"));
    Files.copy(SQLITE_IMAGE.resolve(DB), work.resolve("rpmdb.sqlite"));
    Path image = Files.createDirectories(temp.resolve("image/var/lib/rpm"));
    try (Connection connection =
        DriverManager.getConnection("jdbc:sqlite:" + work.resolve("rpmdb.sqlite"));
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_autocheckpoint = 0");
      statement.execute("DELETE FROM Packages WHERE hnum = (SELECT max(hnum) FROM Packages"
          + " WHERE hnum < (SELECT max(hnum) FROM Packages))");
      Files.copy(work.resolve("rpmdb.sqlite"), image.resolve("rpmdb.sqlite"));
      Files.copy(work.resolve("rpmdb.sqlite-wal"), image.resolve("rpmdb.sqlite-wal"));
    }

    List<CatalogedPackage> withWal = catalog(cataloger(),
        context(temp.resolve("image"), null, CatalogLimits.defaults()));
    Files.delete(image.resolve("rpmdb.sqlite-wal"));
    List<CatalogedPackage> withoutWal = catalog(cataloger(),
        context(temp.resolve("image"), null, CatalogLimits.defaults()));

    assertThat(withWal).hasSize(3);
    assertThat(withoutWal).hasSize(4);
    try (Stream<Path> left = Files.list(scratch)) {
      assertThat(left).as("copies in the scratch directory are removed").isEmpty();
    }
  }

  @Test
  void aGarbledHeaderIsSkippedAndTheOtherPackagesAreCataloged() throws IOException,
      SQLException {
    // hand-made: one real header blob cut to 100 bytes
    Path db = copyOfDatabase();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE Packages SET blob = substr(blob, 1, 100) WHERE hnum = 1");
    }
    RecordingCatalogContext context = context(temp, null, CatalogLimits.defaults());

    assertThat(catalog(cataloger(), context)).hasSize(3);
    assertThat(context.skippedFiles()).singleElement().satisfies(skip -> {
      assertThat(skip.path()).isEqualTo("/var/lib/rpm/rpmdb.sqlite");
      assertThat(skip.cataloger()).isEqualTo("rpm");
      assertThat(skip.reason()).isEqualTo("header 1: header needs 1856 bytes but has 100");
    });
  }

  @Test
  void aFileThatIsNotSqliteIsSkippedWithTheReason() throws IOException {
    // hand-made: a dpkg status file where the rpm database should be
    Path db = temp.resolve(DB);
    Files.createDirectories(db.getParent());
    Files.copy(resource("dpkg/bookworm/var/lib/dpkg/status"), db);
    RecordingCatalogContext context = context(temp, null, CatalogLimits.defaults());

    assertThat(catalog(cataloger(), context)).isEmpty();
    assertThat(context.skippedFiles()).singleElement().extracting(skip -> skip.reason())
        .asString().startsWith("not a readable rpm sqlite database: ")
        .contains("file is not a database");
  }

  @Test
  void aTruncatedDatabaseIsSkippedWithTheReason() throws IOException {
    // hand-made: the real database cut after its first 16 pages
    byte[] whole = Files.readAllBytes(SQLITE_IMAGE.resolve(DB));
    Path db = temp.resolve(DB);
    Files.createDirectories(db.getParent());
    Files.write(db, Arrays.copyOf(whole, 16 * 4096));
    RecordingCatalogContext context = context(temp, null, CatalogLimits.defaults());

    assertThat(catalog(cataloger(), context)).isEmpty();
    assertThat(context.skippedFiles()).singleElement().extracting(skip -> skip.reason())
        .asString().startsWith("not a readable rpm sqlite database: ");
  }

  @Test
  void anEmptyFileIsSkippedWithTheReason() throws IOException {
    Path db = temp.resolve(DB);
    Files.createDirectories(db.getParent());
    Files.write(db, new byte[0]);
    RecordingCatalogContext context = context(temp, null, CatalogLimits.defaults());

    assertThat(catalog(cataloger(), context)).isEmpty();
    assertThat(context.skippedFiles()).singleElement().extracting(skip -> skip.reason())
        .asString().contains("no such table: Packages");
  }

  @Test
  void aDatabaseOverTheLimitIsSkippedNamingTheLimit() {
    RecordingCatalogContext context = context(SQLITE_IMAGE, null,
        new CatalogLimits(1L << 30, 1000, 65536, 1));

    assertThat(catalog(cataloger(), context)).isEmpty();
    assertThat(context.skippedFiles()).singleElement().extracting(skip -> skip.reason())
        .isEqualTo("file of 229376 bytes is larger than maxFileBytes (65536 bytes)");
  }

  @Test
  void ndbDatabasesAreReportedAsNotSupported() throws IOException {
    // hand-made placeholder: only the file name matters here
    Files.createDirectories(temp.resolve("usr/lib/sysimage/rpm"));
    Files.writeString(temp.resolve("usr/lib/sysimage/rpm/Packages.db"), "placeholder");
    RecordingCatalogContext context = context(temp, null, CatalogLimits.defaults());

    assertThat(catalog(cataloger(), context)).isEmpty();
    assertThat(context.skippedFiles()).extracting(skip -> skip.path() + ": " + skip.reason())
        .containsExactly("/usr/lib/sysimage/rpm/Packages.db: NDB rpm databases are not supported");
  }

  @Test
  void aBerkeleyDbNextToTheSqliteDatabaseIsLeftAlone() throws IOException {
    copyOfDatabase();
    Files.copy(resource("rpm/bdb-4096/var/lib/rpm/Packages"),
        temp.resolve("var/lib/rpm/Packages"));
    RecordingCatalogContext context = context(temp, null, CatalogLimits.defaults());

    assertThat(catalog(cataloger(), context)).hasSize(4)
        .allSatisfy(p -> assertThat(p.path()).isEqualTo("/var/lib/rpm/rpmdb.sqlite"));
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void aFileThatIsNotBerkeleyDbIsSkippedWithTheReason() throws IOException {
    // hand-made: a dpkg status file where the rpm database should be
    Path db = Files.createDirectories(temp.resolve("var/lib/rpm")).resolve("Packages");
    Files.copy(resource("dpkg/bookworm/var/lib/dpkg/status"), db);
    RecordingCatalogContext context = context(temp, null, CatalogLimits.defaults());

    assertThat(catalog(cataloger(), context)).isEmpty();
    assertThat(context.skippedFiles()).singleElement().extracting(skip -> skip.reason())
        .isEqualTo("not a readable Berkeley DB rpm database: not a Berkeley DB hash database"
            + " (magic 0x72657375)");
  }

  @Test
  void anEmptyBerkeleyDbFileIsSkippedWithTheReason() throws IOException {
    Path db = Files.createDirectories(temp.resolve("var/lib/rpm")).resolve("Packages");
    Files.write(db, new byte[0]);
    RecordingCatalogContext context = context(temp, null, CatalogLimits.defaults());

    assertThat(catalog(cataloger(), context)).isEmpty();
    assertThat(context.skippedFiles()).singleElement().extracting(skip -> skip.reason())
        .isEqualTo("not a readable Berkeley DB rpm database: file of 0 bytes is too short for a"
            + " Berkeley DB");
  }

  @Test
  void aTruncatedBerkeleyDbKeepsTheHeadersStillInTheFile() throws IOException {
    // hand-made: the real 512-byte-page database cut after its first 16 pages
    byte[] whole = Files.readAllBytes(resource("rpm/bdb-512/var/lib/rpm/Packages"));
    Path db = Files.createDirectories(temp.resolve("var/lib/rpm")).resolve("Packages");
    Files.write(db, Arrays.copyOf(whole, 16 * 512));
    RecordingCatalogContext context = context(temp, null, CatalogLimits.defaults());

    List<CatalogedPackage> packages = catalog(cataloger(), context);

    assertThat(context.skippedFiles()).extracting(skip -> skip.reason()).first().asString()
        .startsWith("database is truncated: its last page is " + (whole.length / 512 - 1)
            + " but the file of 8192 bytes holds 16 pages");
    assertThat(context.skippedFiles().subList(1, context.skippedFiles().size())).isNotEmpty()
        .allSatisfy(skip -> assertThat(skip.reason()).contains("overflow chain breaks at page"));
    assertThat(packages.size() + context.skippedFiles().size() - 1).isEqualTo(5);
  }

  @Test
  void aDamagedOverflowPageCostsOnlyItsHeader() throws IOException {
    // hand-made: the type byte of the first overflow page (type 7) made that of a hash page
    byte[] bytes = Files.readAllBytes(resource("rpm/bdb-4096/var/lib/rpm/Packages"));
    int page = 1;
    while (bytes[page * 4096 + 25] != 7) {
      page++;
    }
    bytes[page * 4096 + 25] = 13;
    int damaged = page;
    Path db = Files.createDirectories(temp.resolve("var/lib/rpm")).resolve("Packages");
    Files.write(db, bytes);
    RecordingCatalogContext context = context(temp, null, CatalogLimits.defaults());

    List<CatalogedPackage> packages = catalog(cataloger(), context);

    // reported where the chain points at it, and where the page itself is read as a hash page
    assertThat(context.skippedFiles()).extracting(skip -> skip.reason()).hasSize(2)
        .anySatisfy(reason -> assertThat(reason).endsWith(": page " + damaged
            + " is not an overflow page"))
        .anySatisfy(reason -> assertThat(reason).startsWith("hash page " + damaged + " has "));
    // one header is lost: a package's, or gpg-pubkey's, which is not listed anyway
    assertThat(packages).hasSizeBetween(3, 4);
  }

  @Test
  void wantsOnlyTheRpmDatabases() {
    RpmCataloger cataloger = cataloger();
    assertThat(cataloger.wants("/var/lib/rpm/rpmdb.sqlite", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/var/lib/rpm/rpmdb.sqlite-wal", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/usr/lib/sysimage/rpm/rpmdb.sqlite", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/var/lib/rpm/Packages", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/usr/lib/sysimage/rpm/Packages.db", 1, 0644)).isTrue();
    assertThat(cataloger.wants("/var/lib/rpm/rpmdb.sqlite-shm", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/var/lib/rpm/Name", 1, 0644)).isFalse();
    assertThat(cataloger.wants("/root/rpmdb.sqlite", 1, 0644)).isFalse();
  }

  @Test
  void splitsSourceRpmFileNames() {
    assertThat(RpmCataloger.SourceRpm.parse("glibc-2.34-100.el9.src.rpm"))
        .contains(new RpmCataloger.SourceRpm("glibc", "2.34-100.el9"));
    assertThat(RpmCataloger.SourceRpm.parse("python-pip-21.3.1-1.el9.nosrc.rpm"))
        .contains(new RpmCataloger.SourceRpm("python-pip", "21.3.1-1.el9"));
    assertThat(RpmCataloger.SourceRpm.parse("glibc-2.34.tar.gz")).isEmpty();
    assertThat(RpmCataloger.SourceRpm.parse("noversion.src.rpm")).isEmpty();
  }

  private Path copyOfDatabase() throws IOException {
    Path db = temp.resolve(DB);
    Files.createDirectories(db.getParent());
    Files.copy(SQLITE_IMAGE.resolve(DB), db);
    return db;
  }

  /** rpm-qa.tsv without gpg-pubkey (a key, not a package) and without EPOCHNUM. */
  private static List<List<String>> rpmQa(Path tsv) {
    return tsv(tsv).stream()
        .filter(row -> !row.get(0).equals("gpg-pubkey"))
        .map(row -> List.of(row.get(0), row.get(1), row.get(3), row.get(4), row.get(5),
            row.get(6), row.get(7), row.get(8)))
        .collect(Collectors.toList());
  }

  /** A package as the columns of rpm-qa.tsv without EPOCHNUM. */
  private static List<String> asRpmQaRow(CatalogedPackage p) {
    String version = p.version();
    String epoch = "(none)";
    int colon = version.indexOf(':');
    if (colon >= 0) {
      epoch = version.substring(0, colon);
      version = version.substring(colon + 1);
    }
    int dash = version.lastIndexOf('-');
    String sourceRpm = p.sourceName() + "-" + p.sourceVersion() + ".src.rpm";
    return new ArrayList<>(List.of(p.name(), epoch, version.substring(0, dash),
        version.substring(dash + 1), p.architecture(), String.join(" ", p.licenses()), sourceRpm,
        p.properties().getOrDefault("rpm.vendor", "(none)")));
  }

  private RecordingCatalogContext context(Path root, Distro distro, CatalogLimits limits) {
    return new RecordingCatalogContext(filesystem(root, cataloger()), distro, limits, "rpm");
  }

  private static Distro distro(String osRelease) {
    try {
      return OsRelease.parse(Files.readString(resource(osRelease), StandardCharsets.UTF_8))
          .orElseThrow();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, CatalogedPackage> byName(List<CatalogedPackage> packages) {
    return packages.stream().collect(Collectors.toMap(CatalogedPackage::name,
        Function.identity()));
  }
}
