package dev.scangate.catalog.os;

import dev.scangate.catalog.CatalogContext;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.FileEntry;
import dev.scangate.catalog.ImageFilesystem;
import dev.scangate.catalog.PackageCataloger;
import dev.scangate.catalog.PackageType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * RPM packages from the rpm database of Red Hat family images: {@code rpmdb.sqlite} in
 * {@code /var/lib/rpm/} or {@code /usr/lib/sysimage/rpm/} (RHEL 9, UBI 9, Fedora 33+,
 * Rocky/Alma 9, Amazon Linux 2023), or the Berkeley DB {@code Packages} there. Each row of its {@code Packages} table is an rpm header
 * ({@link RpmHeader}); this reads its name, epoch, version, release, architecture, license,
 * source rpm and vendor.
 *
 * <pre>{@code
 * new RpmCataloger(scratchDirectory).catalog(context);
 * // [CatalogedPackage[type=RPM, name=openssl-libs, version=1:3.0.7-27.el9,
 * //   purl=pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.4&epoch=1
 * //     &upstream=openssl-3.0.7-27.el9.src.rpm,
 * //   sourceName=openssl, sourceVersion=3.0.7-27.el9, licenses=[Apache-2.0], ...], ...]
 * }</pre>
 *
 * <p>Package URLs follow syft: the namespace is the os-release {@code ID} ({@code rhel} becomes
 * {@code redhat}, {@code opensuse-*} becomes {@code opensuse}), the version is
 * {@code version-release}, and the epoch, when the header has one, is the {@code epoch}
 * qualifier (https://github.com/package-url/purl-spec, rpm type). The package's own version is
 * {@code [epoch:]version-release}, as rpm compares them. {@code gpg-pubkey} entries are keys
 * imported with {@code rpm --import}, not software, and are left out.
 *
 * <p>The database is copied (with its {@code -wal} file, when the image has one) into a fresh
 * directory under the scratch directory and opened read-only there, so SQLite can recover a
 * write-ahead log without touching the extracted image. Without {@code rpmdb.sqlite}, the
 * Berkeley DB hash database {@code Packages} of older images (RHEL/CentOS 7 and 8, UBI 8,
 * Amazon Linux 2) is read with {@link BerkeleyDbHash}, skipping the entry under key 0 (rpm's next
 * header number); SUSE's NDB {@code Packages.db} is reported as skipped.
 */
public final class RpmCataloger implements PackageCataloger {

  private static final List<String> DIRECTORIES =
      List.of("/var/lib/rpm/", "/usr/lib/sysimage/rpm/");
  private static final String SQLITE = "rpmdb.sqlite";
  private static final String WAL = "-wal";
  private static final String BERKELEY_DB = "Packages";
  private static final String NDB = "Packages.db";
  private static final Set<String> WANTED = wanted();

  private final Path scratch;

  /** Copies databases under {@code java.io.tmpdir}. */
  public RpmCataloger() {
    this(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** @param scratch an existing directory for the short-lived copies of rpm databases */
  public RpmCataloger(Path scratch) {
    this.scratch = scratch;
  }

  private static Set<String> wanted() {
    Set<String> wanted = new HashSet<>();
    for (String directory : DIRECTORIES) {
      wanted.add(directory + SQLITE);
      wanted.add(directory + SQLITE + WAL);
      wanted.add(directory + BERKELEY_DB);
      wanted.add(directory + NDB);
    }
    return Set.copyOf(wanted);
  }

  @Override
  public String id() {
    return "rpm";
  }

  @Override
  public boolean wants(String path, long size, int mode) {
    return WANTED.contains(path);
  }

  @Override
  public List<CatalogedPackage> catalog(CatalogContext context) throws IOException {
    // Regular files only: /var/lib/rpm is often a symlink to ../../usr/lib/sysimage/rpm, and the
    // database is listed once, under its real directory.
    List<FileEntry> databases = context.filesystem().files(WANTED::contains);
    List<CatalogedPackage> packages = new ArrayList<>();
    boolean sqlite = databases.stream().anyMatch(file -> file.path().endsWith("/" + SQLITE));
    for (FileEntry database : databases) {
      String name = database.path().substring(database.path().lastIndexOf('/') + 1);
      if (name.equals(SQLITE) && ParseLimit.admits(context, database)) {
        packages.addAll(readSqlite(context, database));
      }
      // rpm reads rpmdb.sqlite when there is one; the older formats matter only without it
      if (!sqlite && name.equals(BERKELEY_DB) && ParseLimit.admits(context, database)) {
        packages.addAll(readBerkeleyDb(context, database));
      }
      if (!sqlite && name.equals(NDB)) {
        context.skipped(database.path(), "NDB rpm databases are not supported");
      }
    }
    return packages;
  }

  private List<CatalogedPackage> readSqlite(CatalogContext context, FileEntry database)
      throws IOException {
    ImageFilesystem fs = context.filesystem();
    Path directory = Files.createTempDirectory(scratch, "rpmdb");
    try {
      Path copy = directory.resolve(SQLITE);
      copy(fs, database, copy);
      Optional<FileEntry> wal = fs.file(database.path() + WAL);
      if (wal.isPresent() && ParseLimit.admits(context, wal.get())) {
        copy(fs, wal.get(), directory.resolve(SQLITE + WAL));
      }
      Map<Long, byte[]> headers = new LinkedHashMap<>();
      try {
        readPackagesTable(copy, headers);
      } catch (SQLException e) {
        context.skipped(database.path(), "not a readable rpm sqlite database: "
            + e.getMessage());
        return List.of();
      }
      List<CatalogedPackage> packages = new ArrayList<>();
      for (Map.Entry<Long, byte[]> header : headers.entrySet()) {
        toPackage(context, database, header.getKey(), header.getValue())
            .ifPresent(packages::add);
      }
      return packages;
    } finally {
      deleteRecursively(directory);
    }
  }

  private List<CatalogedPackage> readBerkeleyDb(CatalogContext context, FileEntry database)
      throws IOException {
    List<CatalogedPackage> packages = new ArrayList<>();
    try {
      BerkeleyDbHash.read(context.filesystem().localPath(database), new BerkeleyDbHash.Visitor() {
        @Override
        public void entry(int page, ByteBuffer key, byte[] value) {
          if (key.remaining() != 4) {
            context.skipped(database.path(), "entry in hash page " + page + " has a key of "
                + key.remaining() + " bytes, not a header number");
            return;
          }
          long number = Integer.toUnsignedLong(key.getInt(0));
          // rpm keeps its next header number under key 0
          if (number != 0) {
            toPackage(context, database, number, value).ifPresent(packages::add);
          }
        }

        @Override
        public void problem(String description) {
          context.skipped(database.path(), description);
        }
      });
    } catch (IllegalArgumentException e) {
      context.skipped(database.path(), "not a readable Berkeley DB rpm database: "
          + e.getMessage());
    }
    return packages;
  }

  private static void copy(ImageFilesystem fs, FileEntry file, Path target) throws IOException {
    try (InputStream in = fs.open(file)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void readPackagesTable(Path database, Map<Long, byte[]> headers)
      throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection connection = config.createConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT hnum, blob FROM Packages ORDER BY hnum")) {
      while (rows.next()) {
        headers.put(rows.getLong(1), rows.getBytes(2));
      }
    }
  }

  private Optional<CatalogedPackage> toPackage(CatalogContext context, FileEntry database,
      long number, byte[] blob) {
    String where = "header " + number;
    try {
      if (blob == null) {
        throw new IllegalArgumentException("no header data");
      }
      RpmHeader header = RpmHeader.parse(blob);
      String name = required(header, RpmHeader.NAME, "NAME");
      if (name.equals("gpg-pubkey")) {
        return Optional.empty();
      }
      String version = required(header, RpmHeader.VERSION, "VERSION");
      String release = required(header, RpmHeader.RELEASE, "RELEASE");
      Optional<Integer> epoch = header.int32(RpmHeader.EPOCH);
      String architecture = header.string(RpmHeader.ARCH).filter(a -> !a.isEmpty()).orElse(null);
      String sourceRpm = header.string(RpmHeader.SOURCERPM).filter(s -> !s.isEmpty())
          .orElse(null);
      Map<String, String> properties = new HashMap<>();
      header.string(RpmHeader.VENDOR).filter(v -> !v.isEmpty())
          .ifPresent(v -> properties.put("rpm.vendor", v));
      header.string(RpmHeader.MODULARITYLABEL).filter(m -> !m.isEmpty())
          .ifPresent(m -> properties.put("rpm.modularityLabel", m));
      List<String> licenses = header.string(RpmHeader.LICENSE).filter(l -> !l.isBlank())
          .map(List::of).orElse(List.of());
      Distro distro = context.distro().orElse(null);
      Map<String, String> qualifiers = new HashMap<>();
      qualifiers.put("arch", architecture);
      qualifiers.put("epoch", epoch.map(String::valueOf).orElse(null));
      qualifiers.put("upstream", sourceRpm);
      String purl = OsPackageUrl.of(PackageType.RPM, namespace(distro), name,
          version + "-" + release, qualifiers, distro);
      Optional<SourceRpm> source = Optional.ofNullable(sourceRpm).flatMap(SourceRpm::parse);
      return Optional.of(new CatalogedPackage(PackageType.RPM, name,
          epoch.map(e -> e + ":").orElse("") + version + "-" + release, purl,
          source.map(SourceRpm::name).orElse(null), source.map(SourceRpm::version).orElse(null),
          architecture, licenses, database.layerDigest(), database.path(), id(),
          Confidence.HIGH, properties));
    } catch (IllegalArgumentException e) {
      context.skipped(database.path(), where + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private static String required(RpmHeader header, int tag, String name) {
    return header.string(tag).filter(value -> !value.isEmpty())
        .orElseThrow(() -> new IllegalArgumentException("no " + name + " tag (" + tag + ")"));
  }

  /** syft's namespaces: the os-release ID, with RHEL as redhat and openSUSE as opensuse. */
  private static String namespace(Distro distro) {
    if (distro == null) {
      return null;
    }
    String id = distro.id().toLowerCase(Locale.ROOT);
    if (id.equals("rhel") || id.equals("hummingbird")) {
      return "redhat";
    }
    return id.startsWith("opensuse") ? "opensuse" : id;
  }

  /** The name and {@code version-release} of a source rpm file name. */
  record SourceRpm(String name, String version) {

    /**
     * {@code glibc-2.34-100.el9.src.rpm} gives {@code glibc} and {@code 2.34-100.el9}; empty
     * when the file name does not have the {@code name-version-release.src.rpm} shape.
     */
    static Optional<SourceRpm> parse(String fileName) {
      String base;
      if (fileName.endsWith(".src.rpm")) {
        base = fileName.substring(0, fileName.length() - ".src.rpm".length());
      } else if (fileName.endsWith(".nosrc.rpm")) {
        base = fileName.substring(0, fileName.length() - ".nosrc.rpm".length());
      } else {
        return Optional.empty();
      }
      int release = base.lastIndexOf('-');
      int version = release < 1 ? -1 : base.lastIndexOf('-', release - 1);
      if (version < 1) {
        return Optional.empty();
      }
      return Optional.of(new SourceRpm(base.substring(0, version), base.substring(version + 1)));
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
