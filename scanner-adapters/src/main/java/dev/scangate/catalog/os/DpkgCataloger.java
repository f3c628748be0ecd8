package dev.scangate.catalog.os;

import dev.scangate.catalog.CatalogContext;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.FileEntry;
import dev.scangate.catalog.ImageFilesystem;
import dev.scangate.catalog.PackageCataloger;
import dev.scangate.catalog.PackageType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian packages from the dpkg database: {@code /var/lib/dpkg/status}, and the per-package
 * files of distroless images in {@code /var/lib/dpkg/status.d/} (one control stanza each, no
 * {@code Status} field; their {@code *.md5sums} neighbours are not stanzas).
 *
 * <pre>{@code
 * new DpkgCataloger().catalog(context);
 * // [CatalogedPackage[type=DEB, name=libc6, version=2.36-9+deb12u14,
 * //   purl=pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12&upstream=glibc,
 * //   sourceName=glibc, sourceVersion=2.36-9+deb12u14, architecture=amd64,
 * //   licenses=[LGPL-2.1, GPL-2], ...], ...]
 * }</pre>
 *
 * <p>Only installed packages count: the third word of {@code Status} is {@code installed}
 * (dpkg(1) package states), so {@code hold ok installed} is in and {@code deinstall ok
 * config-files} (removed, configuration left) is out. {@code Source: name (version)} gives the
 * source package and its version; without {@code Source} the package is its own source, and
 * without a version in it the source version is the package's, as {@code dpkg-query}'s
 * {@code source:Package} and {@code source:Version} fields do. Licenses come from the
 * {@code License:} fields of {@code /usr/share/doc/<package>/copyright} in the machine-readable
 * format (https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/), or else from its
 * references to {@code /usr/share/common-licenses/}.
 */
public final class DpkgCataloger implements PackageCataloger {

  static final String STATUS = "/var/lib/dpkg/status";
  static final String STATUS_D = "/var/lib/dpkg/status.d/";
  private static final String INFO = "/var/lib/dpkg/info/";
  private static final String DOC = "/usr/share/doc/";
  private static final String COPYRIGHT = "/copyright";

  /** dpkg's pkg_name_is_illegal: starts alphanumeric, then alphanumerics and {@code -+._}. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+._-]*");
  private static final Pattern VERSION = Pattern.compile("[\\x21-\\x7e]+");
  private static final Pattern SOURCE = Pattern.compile("(\\S+)(?:\\s+\\((\\S+)\\))?");
  private static final Pattern COMMON_LICENSE =
      Pattern.compile("/usr/share/common-licenses/([A-Za-z0-9_.+-]*[A-Za-z0-9+])");

  @Override
  public String id() {
    return "dpkg";
  }

  @Override
  public boolean wants(String path, long size, int mode) {
    return path.equals(STATUS) || isStatusD(path) || isCopyright(path) || isFileList(path);
  }

  /** {@code /var/lib/dpkg/info/<package>[:<arch>].list}: the files a package installed. */
  private static boolean isFileList(String path) {
    return path.startsWith(INFO) && path.endsWith(".list")
        && path.indexOf('/', INFO.length()) < 0;
  }

  private static boolean isStatusD(String path) {
    return path.startsWith(STATUS_D) && path.indexOf('/', STATUS_D.length()) < 0
        && !path.endsWith(".md5sums");
  }

  /** {@code /usr/share/doc/<package>/copyright}, one directory deep. */
  private static boolean isCopyright(String path) {
    return path.startsWith(DOC) && path.endsWith(COPYRIGHT)
        && path.indexOf('/', DOC.length()) == path.length() - COPYRIGHT.length();
  }

  @Override
  public List<CatalogedPackage> catalog(CatalogContext context) throws IOException {
    ImageFilesystem fs = context.filesystem();
    List<CatalogedPackage> packages = new ArrayList<>();
    for (FileEntry database : fs.files(path -> path.equals(STATUS) || isStatusD(path))) {
      if (ParseLimit.admits(context, database)) {
        boolean distroless = isStatusD(database.path());
        for (ControlStanza stanza : read(fs, database)) {
          toPackage(context, database, stanza, distroless).ifPresent(packages::add);
        }
      }
    }
    return packages;
  }

  private static List<ControlStanza> read(ImageFilesystem fs, FileEntry database)
      throws IOException {
    try (Reader reader = new InputStreamReader(fs.open(database), StandardCharsets.UTF_8)) {
      return ControlStanza.readAll(reader);
    }
  }

  private Optional<CatalogedPackage> toPackage(CatalogContext context, FileEntry database,
      ControlStanza stanza, boolean distroless) throws IOException {
    String where = "stanza at line " + stanza.line();
    if (stanza.malformed()) {
      context.skipped(database.path(), where + ": " + stanza.problem());
      return Optional.empty();
    }
    Optional<String> status = stanza.field("Status");
    if (status.isEmpty() && !distroless) {
      context.skipped(database.path(), where + " has no Status field");
      return Optional.empty();
    }
    if (status.isPresent() && !installed(status.get())) {
      return Optional.empty();
    }
    String name = stanza.field("Package").orElse("");
    if (!NAME.matcher(name).matches()) {
      context.skipped(database.path(), where + " has no valid Package field: "
          + ControlStanza.quote(name));
      return Optional.empty();
    }
    String version = stanza.field("Version").orElse("");
    if (!VERSION.matcher(version).matches()) {
      context.skipped(database.path(), where + " (" + name + ") has no valid Version field: "
          + ControlStanza.quote(version));
      return Optional.empty();
    }
    String architecture = stanza.field("Architecture").filter(a -> !a.isEmpty()).orElse(null);
    String sourceField = stanza.field("Source").orElse("");
    String sourceName = name;
    String sourceVersion = version;
    String upstream = null;
    if (!sourceField.isEmpty()) {
      Matcher source = SOURCE.matcher(sourceField);
      if (!source.matches()) {
        context.skipped(database.path(), where + " (" + name + ") has an invalid Source field: "
            + ControlStanza.quote(sourceField));
        return Optional.empty();
      }
      sourceName = source.group(1);
      if (source.group(2) != null) {
        sourceVersion = source.group(2);
      }
      // syft: upstream=<source> or <source>@<version> whenever the stanza names its source.
      upstream = source.group(2) == null ? sourceName : sourceName + "@" + sourceVersion;
    }
    Distro distro = context.distro().filter(DpkgCataloger::debianLike).orElse(null);
    String purl;
    try {
      purl = OsPackageUrl.of(PackageType.DEB, distro == null ? "debian" : distro.id(), name,
          version, Map.of("arch", nullToEmpty(architecture), "upstream", nullToEmpty(upstream)),
          distro);
    } catch (IllegalArgumentException e) {
      context.skipped(database.path(), where + ": " + e.getMessage());
      return Optional.empty();
    }
    return Optional.of(new CatalogedPackage(PackageType.DEB, name, version, purl, sourceName,
        sourceVersion, architecture, licenses(context, name), database.layerDigest(),
        database.path(), id(), Confidence.HIGH, installedFiles(context, name, architecture)));
  }

  /**
   * The number of paths dpkg lists as installed by the package ({@code info/<name>.list}, or
   * {@code <name>:<arch>.list} for multi-arch packages) and where that list is; empty where the
   * image has no lists (distroless).
   */
  private static Map<String, String> installedFiles(CatalogContext context, String name,
      String architecture) throws IOException {
    Optional<FileEntry> list = context.filesystem().file(INFO + name + ".list");
    if (list.isEmpty() && architecture != null) {
      list = context.filesystem().file(INFO + name + ":" + architecture + ".list");
    }
    if (list.isEmpty() || !ParseLimit.admits(context, list.get())) {
      return Map.of();
    }
    long files = 0;
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(
        context.filesystem().open(list.get()), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank() && !"/.".equals(line)) {
          files++;
        }
      }
    }
    return Map.of("dpkg.installedFiles", Long.toString(files), "dpkg.filesList",
        list.get().path());
  }

  /** dpkg(1): Status is "want flag status"; the package's files are there when status is so. */
  private static boolean installed(String status) {
    String[] words = status.split("\\s+");
    return words.length == 3 && words[2].equals("installed");
  }

  /** As syft: Debian, or a distro whose ID_LIKE names Debian (Ubuntu, Mint, …). */
  private static boolean debianLike(Distro distro) {
    return distro.id().equals("debian") || (distro.idLike() != null
        && Arrays.asList(distro.idLike().split("\\s+")).contains("debian"));
  }

  private static List<String> licenses(CatalogContext context, String name) throws IOException {
    Optional<FileEntry> copyright = context.filesystem().file(DOC + name + COPYRIGHT);
    if (copyright.isEmpty() || !ParseLimit.admits(context, copyright.get())) {
      return List.of();
    }
    Set<String> fields = new LinkedHashSet<>();
    Set<String> references = new LinkedHashSet<>();
    try (InputStream in = context.filesystem().open(copyright.get());
        BufferedReader lines = new BufferedReader(new InputStreamReader(in,
            StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.regionMatches(true, 0, "License:", 0, 8)) {
          String license = line.substring(8).strip();
          if (!license.isEmpty()) {
            fields.add(license);
          }
        }
        Matcher reference = COMMON_LICENSE.matcher(line);
        while (reference.find()) {
          references.add(reference.group(1));
        }
      }
    }
    return List.copyOf(fields.isEmpty() ? references : fields);
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
