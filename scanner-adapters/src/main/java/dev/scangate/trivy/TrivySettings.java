package dev.scangate.trivy;

import dev.scangate.vuln.DatabaseUpdates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How scangate runs Trivy.
 *
 * <pre>{@code
 * new TrivySettings(Path.of("/usr/local/bin/trivy"), Path.of("/var/lib/scangate/trivy-cache"),
 *     DatabaseUpdates.NEVER, Duration.ofMinutes(10), 256L << 20, 2, null, Map.of());
 * }</pre>
 *
 * @param binary the {@code trivy} executable; the matcher refuses to start when it is not an
 *     executable file
 * @param cacheDirectory Trivy's cache directory holding its databases ({@code TRIVY_CACHE_DIR});
 *     null for Trivy's default ({@code ~/.cache/trivy})
 * @param databaseUpdates whether Trivy may download its databases while scanning
 * @param timeout limit for one run; Trivy and everything it started is killed after it
 * @param maxOutputBytes largest report accepted
 * @param maxConcurrent how many Trivy processes this matcher runs at once
 * @param scratchDirectory where Trivy's output is spooled; null for the system temp directory
 * @param environment extra variables for Trivy (registry credentials such as
 *     {@code TRIVY_USERNAME}, {@code TRIVY_DB_REPOSITORY}); never logged; they override
 *     scangate's own settings
 */
public record TrivySettings(Path binary, Path cacheDirectory, DatabaseUpdates databaseUpdates,
    Duration timeout, long maxOutputBytes, int maxConcurrent, Path scratchDirectory,
    Map<String, String> environment) {

  public TrivySettings {
    Objects.requireNonNull(binary, "binary");
    Objects.requireNonNull(databaseUpdates, "databaseUpdates");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("trivy timeout must be positive: " + timeout);
    }
    if (maxOutputBytes < 1) {
      throw new IllegalArgumentException("trivy maxOutputBytes must be positive: "
          + maxOutputBytes);
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("trivy maxConcurrent must be at least 1: "
          + maxConcurrent);
    }
    environment = environment == null ? Map.of() : Map.copyOf(environment);
  }

  /**
   * Trivy's default cache directory, no database downloads while scanning, 10 minutes, 256 MiB
   * of output, two runs at once, the system temp directory, no extra variables.
   */
  public static TrivySettings of(Path binary) {
    return new TrivySettings(binary, null, DatabaseUpdates.NEVER, Duration.ofMinutes(10),
        256L << 20, 2, null, Map.of());
  }
}
