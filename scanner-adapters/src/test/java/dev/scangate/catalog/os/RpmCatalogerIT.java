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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rpm cataloger against rpm itself, on a database made now by make-rpm-fixtures.sh (rpmbuild,
 * rpm -i --justdb into a sqlite rpmdb, rpm --import). Needs Debian's rpm and gpg packages
 * ({@code apt-get install -y rpm gpg}); fails, saying so, without them.
 */
class RpmCatalogerIT {

  @TempDir
  Path out;

  @TempDir
  Path scratch;

  @Test
  void catalogsAFreshlyBuiltDatabaseExactlyAsRpmQa() {
    TestCommands.run(300, "bash", "src/test/scripts/make-rpm-fixtures.sh", out.toString());
    RpmCataloger cataloger = new RpmCataloger(scratch);
    RecordingCatalogContext context = new RecordingCatalogContext(filesystem(out, cataloger),
        null, CatalogLimits.defaults(), "rpm");

    List<CatalogedPackage> packages = catalog(cataloger, context);

    // rpm -qa: NAME EPOCH EPOCHNUM VERSION RELEASE ARCH LICENSE SOURCERPM VENDOR
    List<List<String>> truth = tsv(out.resolve("rpm-qa.tsv")).stream()
        .filter(row -> !row.get(0).equals("gpg-pubkey"))
        .map(row -> List.of(row.get(0),
            (row.get(1).equals("(none)") ? "" : row.get(1) + ":") + row.get(3) + "-" + row.get(4),
            row.get(5), row.get(6), row.get(7)))
        .collect(Collectors.toList());
    assertThat(packages.stream().map(p -> List.of(p.name(), p.version(), p.architecture(),
        String.join(" ", p.licenses()), p.purl().replaceAll(".*upstream=", ""))))
        .containsExactlyInAnyOrderElementsOf(truth);
    assertThat(truth).hasSize(4);
    assertThat(tsv(out.resolve("rpm-qa.tsv"))).hasSize(5);
    assertThat(context.skippedFiles()).isEmpty();
  }
}
