package dev.scangate.catalog.os;

import dev.scangate.catalog.Distro;
import dev.scangate.catalog.FileEntry;
import dev.scangate.catalog.ImageFilesystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds an image's distro in its os-release file
 * (https://www.freedesktop.org/software/systemd/man/latest/os-release.html).
 *
 * <pre>{@code
 * OsRelease.detect(fs); // Optional[Distro[id=debian, versionId=12, ...]]
 * OsRelease.parse("ID=alpine\nVERSION_ID=3.20.3\n"); // Optional[Distro[id=alpine, ...]]
 * }</pre>
 *
 * <p>{@code /etc/os-release} is read first and {@code /usr/lib/os-release} is the fallback, as
 * the specification says. Debian images whose os-release has no {@code VERSION_ID} (or that
 * have only {@code /etc/debian_version}) get the major version of {@code /etc/debian_version}
 * when it is numeric ({@code 12.5} gives {@code 12}; {@code trixie/sid} gives none).
 */
public final class OsRelease {

  static final String ETC_OS_RELEASE = "/etc/os-release";
  static final String USR_LIB_OS_RELEASE = "/usr/lib/os-release";
  static final String DEBIAN_VERSION = "/etc/debian_version";

  /** Larger files are not os-release files; real ones are well under 1 KiB. */
  private static final int MAX_BYTES = 64 * 1024;

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern DEBIAN_MAJOR = Pattern.compile("(\\d+)(\\.\\d+)*");

  private OsRelease() {
  }

  /** Whether the layer extractor must keep {@code path} for {@link #detect}. */
  public static boolean wants(String path) {
    return path.equals(ETC_OS_RELEASE) || path.equals(USR_LIB_OS_RELEASE)
        || path.equals(DEBIAN_VERSION);
  }

  /**
   * The distro of the image, empty when it has neither a usable os-release nor
   * {@code /etc/debian_version}.
   *
   * @throws UncheckedIOException when a file that exists cannot be read
   */
  public static Optional<Distro> detect(ImageFilesystem fs) {
    Optional<Distro> distro = read(fs, ETC_OS_RELEASE).flatMap(OsRelease::parse);
    if (distro.isEmpty()) {
      distro = read(fs, USR_LIB_OS_RELEASE).flatMap(OsRelease::parse);
    }
    Optional<String> debianMajor = read(fs, DEBIAN_VERSION).flatMap(OsRelease::debianMajor);
    if (distro.isEmpty()) {
      // No os-release (very old or stripped Debian images): /etc/debian_version still says it.
      return read(fs, DEBIAN_VERSION).isPresent()
          ? Optional.of(new Distro("debian", debianMajor.orElse(null), null, null, null))
          : Optional.empty();
    }
    Distro found = distro.get();
    if (found.id().equals("debian") && found.versionId() == null && debianMajor.isPresent()) {
      return Optional.of(new Distro(found.id(), debianMajor.get(), found.prettyName(),
          found.versionCodename(), found.idLike()));
    }
    return distro;
  }

  /** The distro an os-release file describes; empty when it has no {@code ID}. */
  public static Optional<Distro> parse(String osRelease) {
    Map<String, String> fields = fields(osRelease);
    String id = fields.get("ID");
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new Distro(id.trim().toLowerCase(Locale.ROOT), blankToNull(
        fields.get("VERSION_ID")), blankToNull(fields.get("PRETTY_NAME")),
        blankToNull(fields.get("VERSION_CODENAME")), blankToNull(fields.get("ID_LIKE"))));
  }

  /**
   * The assignments of an os-release file. Values follow shell quoting as the specification
   * requires: single quotes are literal, double quotes let a backslash escape {@code " \ $ `},
   * and outside quotes a backslash escapes any character. Comments, blank lines and lines that
   * are not assignments are ignored; a later assignment wins.
   */
  static Map<String, String> fields(String osRelease) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : osRelease.split("\r?\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int equals = trimmed.indexOf('=');
      if (equals < 1) {
        continue;
      }
      String name = trimmed.substring(0, equals);
      if (!NAME.matcher(name).matches()) {
        continue;
      }
      unquote(trimmed.substring(equals + 1)).ifPresent(value -> fields.put(name, value));
    }
    return fields;
  }

  /** The shell value of {@code raw}; empty when a quote is not closed. */
  private static Optional<String> unquote(String raw) {
    StringBuilder value = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          value.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < raw.length() && "\"\\$`".indexOf(raw.charAt(i + 1)) >= 0) {
          value.append(raw.charAt(++i));
        } else {
          value.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '\\' && i + 1 < raw.length()) {
        value.append(raw.charAt(++i));
      } else {
        value.append(c);
      }
    }
    return quote == 0 ? Optional.of(value.toString().strip()) : Optional.empty();
  }

  private static Optional<String> debianMajor(String debianVersion) {
    Matcher matcher = DEBIAN_MAJOR.matcher(debianVersion.strip());
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private static Optional<String> read(ImageFilesystem fs, String path) {
    Optional<FileEntry> file = fs.file(path);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(file.get())) {
      return Optional.of(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + path + " of the image", e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
