package dev.scangate.vulndb;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Where scangate's OSV database comes from and when it is refreshed.
 *
 * @param mirror base URL of an OSV bucket ({@code <mirror>/<ecosystem>/all.zip})
 * @param ecosystems the OSV ecosystems imported from the mirror on schedule
 * @param sources explicit sources instead of mirror + ecosystems: {@code http(s)} URLs of OSV
 *     zips, or local paths of a zip, a JSON file or a directory of records
 * @param allowedUrls URL prefixes an on-demand {@code {"url": …}} import may fetch; the mirror is
 *     always allowed
 * @param schedule the scheduled import of the sources
 * @param maxDownloadSize largest zip downloaded
 * @param spoolDirectory where downloads are written while they are read
 * @param connectTimeout TCP connect timeout of downloads
 * @param readTimeout longest wait for the next bytes of a download
 */
@ConfigurationProperties("scangate.vulndb")
public record VulndbProperties(URI mirror, List<String> ecosystems, List<String> sources,
    List<String> allowedUrls, Schedule schedule, DataSize maxDownloadSize, Path spoolDirectory, Duration connectTimeout,
    Duration readTimeout) {

  /** The public OSV bucket. */
  public static final URI DEFAULT_MIRROR =
      URI.create("https://osv-vulnerabilities.storage.googleapis.com");
  static final List<String> DEFAULT_ECOSYSTEMS = List.of("Debian", "Ubuntu", "Alpine",
      "Red Hat", "Rocky Linux", "AlmaLinux", "Maven", "npm", "PyPI", "Go");

  /**
   * @param enabled whether sources are imported on schedule
   * @param interval time between two imports of a source
   * @param checkInterval how often the scheduler looks for a source that is due
   */
  public record Schedule(Boolean enabled, Duration interval, Duration checkInterval) {
    public Schedule {
      enabled = enabled == null ? Boolean.TRUE : enabled;
      interval = interval == null ? Duration.ofHours(24) : interval;
      checkInterval = checkInterval == null ? Duration.ofMinutes(10) : checkInterval;
      if (interval.isNegative() || interval.isZero() || checkInterval.isNegative()
          || checkInterval.isZero()) {
        throw new IllegalArgumentException("scangate.vulndb.schedule.interval and"
            + " check-interval must be positive");
      }
    }
  }

  public VulndbProperties {
    mirror = mirror == null ? DEFAULT_MIRROR : mirror;
    String scheme = mirror.getScheme() == null ? "" : mirror.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || mirror.getHost() == null) {
      throw new IllegalArgumentException("scangate.vulndb.mirror: \"" + mirror
          + "\" is not an http(s) URL (e.g. " + DEFAULT_MIRROR + ")");
    }
    ecosystems = ecosystems == null ? DEFAULT_ECOSYSTEMS : List.copyOf(ecosystems);
    sources = sources == null ? List.of() : List.copyOf(sources);
    allowedUrls = allowedUrls == null ? List.of() : List.copyOf(allowedUrls);
    schedule = schedule == null ? new Schedule(null, null, null) : schedule;
    maxDownloadSize = maxDownloadSize == null ? DataSize.ofGigabytes(2) : maxDownloadSize;
    spoolDirectory = spoolDirectory == null
        ? Path.of(System.getProperty("java.io.tmpdir"), "scangate-vulndb") : spoolDirectory;
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofMinutes(2) : readTimeout;
  }

  /** The mirror base without a trailing slash. */
  String mirrorBase() {
    String base = mirror.toString();
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** The URL of an ecosystem's zip on the mirror ({@code Red Hat} → {@code Red%20Hat}). */
  String mirrorUrl(String ecosystem) {
    String segment = java.net.URLEncoder.encode(ecosystem, StandardCharsets.UTF_8)
        .replace("+", "%20");
    return mirrorBase() + "/" + segment + "/all.zip";
  }

  /** The prefixes an on-demand URL import must start with. */
  List<String> urlPrefixes() {
    List<String> prefixes = new ArrayList<>();
    prefixes.add(mirrorBase() + "/");
    for (String allowed : allowedUrls) {
      prefixes.add(allowed);
    }
    return prefixes;
  }
}
