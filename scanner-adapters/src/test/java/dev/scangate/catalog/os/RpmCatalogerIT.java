package dev.scangate.catalog.os;

import static dev.scangate.catalog.os.OsFixtures.catalog;
import static dev.scangate.catalog.os.OsFixtures.filesystem;
import static dev.scangate.catalog.os.OsFixtures.tsv;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.RecordingCatalogContext;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rpm cataloger against rpm itself, on databases made now by make-rpm-fixtures.sh: rpmbuild,
 * {@code rpm -i --justdb} into a sqlite rpmdb, {@code rpm --import}, and Berkeley DB copies of it
 * with 300 headers written by db5.3_load and listed by rpm's own BDB reader. Needs Debian's rpm,
 * gpg, sqlite3 and db5.3-util packages; fails, saying so, without them.
 */
class RpmCatalogerIT {

  @TempDir
  static Path out;

  @TempDir
  Path scratch;

  @BeforeAll
  static void buildDatabases() {
    TestCommands.run(300, "env", "SCANGATE_RPM_MANY=300", "bash",
        "src/test/scripts/make-rpm-fixtures.sh", out.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "bdb-4096", "bdb-many", "bdb-many-65536"})
  void catalogsAFreshlyBuiltDatabaseExactlyAsRpmQa(String layout) {
    Path image = out.resolve(layout);
    RpmCataloger cataloger = new RpmCataloger(scratch);
    RecordingCatalogContext context = new RecordingCatalogContext(filesystem(image, cataloger),
        null, CatalogLimits.defaults(), "rpm");

    List<CatalogedPackage> packages = catalog(cataloger, context);

    // rpm -qa: NAME EPOCH EPOCHNUM VERSION RELEASE ARCH LICENSE SOURCERPM VENDOR
    List<List<String>> truth = tsv(image.resolve("rpm-qa.tsv")).stream()
        .filter(row -> !row.get(0).equals("gpg-pubkey"))
        .map(row -> List.of(row.get(0),
            (row.get(1).equals("(none)") ? "" : row.get(1) + ":") + row.get(3) + "-" + row.get(4),
            row.get(5), row.get(6), row.get(7)))
        .collect(Collectors.toList());
    assertThat(packages.stream().map(p -> List.of(p.name(), p.version(), p.architecture(),
        String.join(" ", p.licenses()), p.purl().replaceAll(".*upstream=", ""))))
        .containsExactlyInAnyOrderElementsOf(truth);
    assertThat(truth).hasSizeGreaterThanOrEqualTo(4);
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void theManyHeaderDatabasesHoldWhatTheScriptWrote() {
    assertThat(tsv(out.resolve("bdb-many/rpm-qa.tsv"))).hasSize(300);
    assertThat(tsv(out.resolve("bdb-many-65536/rpm-qa.tsv"))).hasSize(300);
  }
}
