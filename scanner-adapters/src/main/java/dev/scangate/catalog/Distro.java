package dev.scangate.catalog;

/**
 * The operating system of an image from {@code /etc/os-release} (or {@code /usr/lib/os-release}).
 *
 * <pre>{@code
 * new Distro("debian", "12", "Debian GNU/Linux 12 (bookworm)", "bookworm", null).purlQualifier();
 * // "debian-12"
 * }</pre>
 *
 * @param id {@code ID}, e.g. {@code debian}, {@code alpine}, {@code rhel}
 * @param versionId {@code VERSION_ID}, e.g. {@code 12}, {@code 3.20.3}, {@code 9.4}; may be null
 * @param prettyName {@code PRETTY_NAME}; may be null
 * @param versionCodename {@code VERSION_CODENAME}; may be null
 * @param idLike {@code ID_LIKE}; may be null
 */
public record Distro(String id, String versionId, String prettyName, String versionCodename,
    String idLike) {

  public Distro {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("distro id is required");
    }
  }

  /** The {@code distro} qualifier of package URLs, e.g. {@code debian-12}. */
  public String purlQualifier() {
    return versionId == null ? id : id + "-" + versionId;
  }
}
