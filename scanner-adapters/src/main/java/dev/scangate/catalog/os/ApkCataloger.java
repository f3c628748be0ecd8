package dev.scangate.catalog.os;

import dev.scangate.catalog.CatalogContext;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.Distro;
import dev.scangate.catalog.FileEntry;
import dev.scangate.catalog.PackageCataloger;
import dev.scangate.catalog.PackageType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Alpine (and Wolfi, Chainguard) packages from apk's database {@code /lib/apk/db/installed}
 * ({@code /usr/lib/apk/db/installed} on usr-merged systems). The format
 * (https://wiki.alpinelinux.org/wiki/Apk_spec, "Installed Database V2") is one record per
 * package, records separated by blank lines, each line {@code <letter>:<value>}: {@code P} name,
 * {@code V} version, {@code A} architecture, {@code o} origin (source) package, {@code L}
 * license, and file lines ({@code F}, {@code R}, {@code Z}, …) that are not needed here.
 *
 * <pre>{@code
 * new ApkCataloger().catalog(context);
 * // [CatalogedPackage[type=APK, name=ssl_client, version=1.35.0-r17,
 * //   purl=pkg:apk/alpine/ssl_client@1.35.0-r17?arch=x86_64&distro=alpine-3.16.2&upstream=busybox,
 * //   sourceName=busybox, sourceVersion=1.35.0-r17, licenses=[GPL-2.0-only], ...], ...]
 * }</pre>
 *
 * <p>A record is one package: a record without a name or version, or with a line that is not
 * {@code <letter>:<value>}, is reported as skipped and the others are still cataloged. The origin
 * package shares the version of the packages built from it (one APKBUILD), so that is the source
 * version. Licenses: an SPDX expression ({@code MPL-2.0 AND MIT}) is kept whole, the older
 * space-separated lists ({@code MIT BSD GPL2+}) are split, as syft does.
 */
public final class ApkCataloger implements PackageCataloger {

  static final String INSTALLED = "/lib/apk/db/installed";
  static final String USR_INSTALLED = "/usr/lib/apk/db/installed";

  private static final Pattern SPDX_OPERATOR = Pattern.compile("\\(|\\)| AND | OR | WITH ");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");
  private static final Pattern VERSION = Pattern.compile("[\\x21-\\x7e]+");

  @Override
  public String id() {
    return "apk";
  }

  @Override
  public boolean wants(String path, long size, int mode) {
    return path.equals(INSTALLED) || path.equals(USR_INSTALLED);
  }

  @Override
  public List<CatalogedPackage> catalog(CatalogContext context) throws IOException {
    // Regular files only: with /lib a symlink to usr/lib, the database is listed once, under
    // /usr/lib, and not again under its other name.
    List<CatalogedPackage> packages = new ArrayList<>();
    for (FileEntry database : context.filesystem().files(
        path -> path.equals(INSTALLED) || path.equals(USR_INSTALLED))) {
      if (ParseLimit.admits(context, database)) {
        read(context, database, packages);
      }
    }
    return packages;
  }

  private void read(CatalogContext context, FileEntry database, List<CatalogedPackage> packages)
      throws IOException {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(
        context.filesystem().open(database), StandardCharsets.UTF_8))) {
      Map<Character, String> fields = new HashMap<>();
      String problem = null;
      int start = 0;
      int number = 0;
      for (String line = lines.readLine(); ; line = lines.readLine()) {
        number++;
        if (line == null || line.isEmpty()) {
          if (start != 0) {
            toPackage(context, database, start, fields, problem).ifPresent(packages::add);
          }
          if (line == null) {
            return;
          }
          fields = new HashMap<>();
          problem = null;
          start = 0;
          continue;
        }
        if (start == 0) {
          start = number;
        }
        if (problem != null) {
          continue;
        }
        if (line.length() < 2 || line.charAt(1) != ':') {
          problem = "line " + number + " is not <letter>:<value>: " + ControlStanza.quote(line);
        } else if (line.charAt(0) == 'P' && fields.containsKey('P')) {
          problem = "line " + number + " starts a second package without a blank line";
        } else {
          // file lines (F, R, Z, a, M) repeat; only the package's own fields are kept
          fields.putIfAbsent(line.charAt(0), line.substring(2));
        }
      }
    }
  }

  private Optional<CatalogedPackage> toPackage(CatalogContext context, FileEntry database,
      int line, Map<Character, String> fields, String problem) {
    String where = "record at line " + line;
    if (problem != null) {
      context.skipped(database.path(), where + ": " + problem);
      return Optional.empty();
    }
    String name = fields.getOrDefault('P', "");
    if (!NAME.matcher(name).matches()) {
      context.skipped(database.path(), where + " has no valid package name (P:): "
          + ControlStanza.quote(name));
      return Optional.empty();
    }
    String version = fields.getOrDefault('V', "");
    if (!VERSION.matcher(version).matches()) {
      context.skipped(database.path(), where + " (" + name + ") has no valid version (V:): "
          + ControlStanza.quote(version));
      return Optional.empty();
    }
    String architecture = emptyToNull(fields.get('A'));
    String origin = emptyToNull(fields.get('o'));
    Distro distro = context.distro().orElse(null);
    String purl;
    try {
      purl = OsPackageUrl.of(PackageType.APK,
          distro == null ? "alpine" : distro.id().toLowerCase(Locale.ROOT), name, version,
          Map.of("arch", architecture == null ? "" : architecture,
              "upstream", origin == null || origin.equals(name) ? "" : origin), distro);
    } catch (IllegalArgumentException e) {
      context.skipped(database.path(), where + ": " + e.getMessage());
      return Optional.empty();
    }
    return Optional.of(new CatalogedPackage(PackageType.APK, name, version, purl,
        origin == null ? name : origin, version, architecture, licenses(fields.get('L')),
        database.layerDigest(), database.path(), id(), Confidence.HIGH, Map.of()));
  }

  private static List<String> licenses(String license) {
    if (license == null || license.isBlank()) {
      return List.of();
    }
    String trimmed = license.strip();
    if (SPDX_OPERATOR.matcher(trimmed).find()) {
      return List.of(trimmed);
    }
    return List.of(trimmed.split("\\s+"));
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
