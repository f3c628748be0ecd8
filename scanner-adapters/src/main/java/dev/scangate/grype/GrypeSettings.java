package dev.scangate.grype;

import dev.scangate.vuln.DatabaseUpdates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How scangate runs Grype.
 *
 * <pre>{@code
 * new GrypeSettings(Path.of("/usr/local/bin/grype"), Path.of("/var/lib/scangate/grype-db"),
 *     DatabaseUpdates.NEVER, Duration.ofMinutes(10), 256L << 20, 2, null, Map.of());
 * }</pre>
 *
 * @param binary the {@code grype} executable; the matcher refuses to start when it is not an
 *     executable file
 * @param dbCacheDirectory Grype's database directory ({@code GRYPE_DB_CACHE_DIR}); null for
 *     Grype's default ({@code ~/.cache/grype/db})
 * @param databaseUpdates whether Grype may download a database while scanning
 * @param timeout limit for one run; Grype and everything it started is killed after it
 * @param maxOutputBytes largest report accepted
 * @param maxConcurrent how many Grype processes this matcher runs at once (each loads the
 *     whole database, hundreds of MiB)
 * @param scratchDirectory where Grype's output is spooled; null for the system temp directory
 * @param environment extra variables for Grype (registry credentials such as
 *     {@code GRYPE_REGISTRY_AUTH_USERNAME}, {@code GRYPE_DB_UPDATE_URL}); never logged; they
 *     override scangate's own settings
 */
public record GrypeSettings(Path binary, Path dbCacheDirectory, DatabaseUpdates databaseUpdates,
    Duration timeout, long maxOutputBytes, int maxConcurrent, Path scratchDirectory,
    Map<String, String> environment) {

  public GrypeSettings {
    Objects.requireNonNull(binary, "binary");
    Objects.requireNonNull(databaseUpdates, "databaseUpdates");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("grype timeout must be positive: " + timeout);
    }
    if (maxOutputBytes < 1) {
      throw new IllegalArgumentException("grype maxOutputBytes must be positive: "
          + maxOutputBytes);
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("grype maxConcurrent must be at least 1: "
          + maxConcurrent);
    }
    environment = environment == null ? Map.of() : Map.copyOf(environment);
  }

  /**
   * Grype's default database directory, no updates while scanning, 10 minutes, 256 MiB of
   * output, two runs at once, the system temp directory, no extra variables.
   */
  public static GrypeSettings of(Path binary) {
    return new GrypeSettings(binary, null, DatabaseUpdates.NEVER, Duration.ofMinutes(10),
        256L << 20, 2, null, Map.of());
  }
}
