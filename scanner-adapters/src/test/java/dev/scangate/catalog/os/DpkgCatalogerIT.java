package dev.scangate.catalog.os;

import static dev.scangate.catalog.os.OsFixtures.catalog;
import static dev.scangate.catalog.os.OsFixtures.context;
import static dev.scangate.catalog.os.OsFixtures.identities;
import static dev.scangate.catalog.os.OsFixtures.installedByDpkgQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.catalog.CatalogLimits;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.RecordingCatalogContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dpkg cataloger against dpkg itself: a real debootstrap rootfs (with held, deinstall-selected
 * and removed packages), a distroless status.d made from that rootfs's real .debs, and this
 * machine's own dpkg database. Needs root, debootstrap and dpkg (Debian); the first run downloads
 * the packages (see src/test/scripts/debootstrap-rootfs.sh).
 */
class DpkgCatalogerIT {

  private static final String FORMAT = "${Package}\\t${Version}\\t${Architecture}"
      + "\\t${source:Package}\\t${source:Version}\\t${db:Status-Abbrev}\\n";

  private static Path work;
  private static Path rootfs;

  private final DpkgCataloger cataloger = new DpkgCataloger();

  @BeforeAll
  static void installRootfs() throws IOException {
    Path parent = Files.createDirectories(Path.of("/tmp/scangate-test"));
    work = Files.createTempDirectory(parent, "dpkg-it");
    rootfs = work.resolve("rootfs");
    TestCommands.run(600, "bash", "src/test/scripts/debootstrap-rootfs.sh", rootfs.toString());
  }

  @AfterAll
  static void removeRootfs() {
    if (work != null) {
      TestCommands.run(120, "rm", "-rf", "--one-file-system", work.toString());
    }
  }

  @Test
  void catalogsADebootstrapRootfsExactlyAsDpkgQuery() {
    List<List<String>> truth = installedByDpkgQuery(rows(TestCommands.run(60, "dpkg-query",
        "--admindir=" + rootfs.resolve("var/lib/dpkg"), "-W", "-f", FORMAT)));
    RecordingCatalogContext context = context(rootfs, cataloger, CatalogLimits.defaults());

    List<CatalogedPackage> packages = catalog(cataloger, context);

    assertThat(identities(packages)).containsExactlyInAnyOrderElementsOf(truth);
    assertThat(truth).extracting(row -> row.get(0)).contains("bash", "e2fsprogs")
        .doesNotContain("util-linux-extra");
    // the distro comes through the rootfs's /etc/os-release -> ../usr/lib/os-release symlink
    assertThat(packages).allSatisfy(p -> assertThat(p.purl()).contains("distro=debian-12"));
    // nearly every copyright file names its licenses (libxcrypt's free-form one does not)
    assertThat(packages).filteredOn(p -> !p.licenses().isEmpty()).hasSizeGreaterThan(80);
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void catalogsADistrolessStatusDirectoryMadeFromTheRealDebs() throws IOException {
    Path distroless = work.resolve("distroless");
    Path statusD = Files.createDirectories(distroless.resolve("var/lib/dpkg/status.d"));
    Files.createDirectories(distroless.resolve("etc"));
    Files.copy(rootfs.resolve("usr/lib/os-release"), distroless.resolve("etc/os-release"));
    List<String> names = new ArrayList<>();
    try (Stream<Path> debs = Files.list(rootfs.resolve("var/cache/apt/archives"))) {
      for (Path deb : (Iterable<Path>) debs.filter(p -> p.toString().endsWith(".deb"))::iterator) {
        String control = TestCommands.run(60, "dpkg-deb", "--field", deb.toString());
        String name = control.lines().filter(l -> l.startsWith("Package: ")).findFirst()
            .orElseThrow().substring(9);
        Files.writeString(statusD.resolve(name), control, StandardCharsets.UTF_8);
        names.add(name);
      }
    }
    List<String> query = new ArrayList<>(List.of("dpkg-query",
        "--admindir=" + rootfs.resolve("var/lib/dpkg"), "-W", "-f", FORMAT));
    query.addAll(names);
    List<List<String>> truth = new ArrayList<>();
    for (List<String> row : rows(TestCommands.run(60, query.toArray(String[]::new)))) {
      truth.add(row.subList(0, 5));
    }
    RecordingCatalogContext context = context(distroless, cataloger, CatalogLimits.defaults());

    List<CatalogedPackage> packages = catalog(cataloger, context);

    assertThat(names).hasSize(88);
    assertThat(identities(packages)).containsExactlyInAnyOrderElementsOf(truth);
    assertThat(context.skippedFiles()).isEmpty();
  }

  @Test
  void catalogsThisMachinesDpkgDatabaseExactlyAsDpkgQuery() throws IOException {
    // a snapshot, so dpkg runs of other processes cannot change it between the two readings
    Path host = work.resolve("host");
    Files.createDirectories(host.resolve("var/lib/dpkg"));
    Files.createDirectories(host.resolve("etc"));
    Files.copy(Path.of("/var/lib/dpkg/status"), host.resolve("var/lib/dpkg/status"));
    Files.copy(Path.of("/etc/os-release"), host.resolve("etc/os-release"));
    List<List<String>> truth = installedByDpkgQuery(rows(TestCommands.run(60, "dpkg-query",
        "--admindir=" + host.resolve("var/lib/dpkg"), "-W", "-f", FORMAT)));
    RecordingCatalogContext context = context(host, cataloger, CatalogLimits.defaults());

    List<CatalogedPackage> packages = catalog(cataloger, context);

    assertThat(truth).hasSizeGreaterThan(100);
    assertThat(identities(packages)).containsExactlyInAnyOrderElementsOf(truth);
    assertThat(context.skippedFiles()).isEmpty();
  }

  private static List<List<String>> rows(String tsv) {
    List<List<String>> rows = new ArrayList<>();
    tsv.lines().filter(l -> !l.isEmpty()).forEach(l -> rows.add(List.of(l.split("\t", -1))));
    return rows;
  }
}
