package dev.scangate.findings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The external scanners the match stage runs next to the built-in OSV matcher. A scanner runs
 * when its binary is configured; a configured binary that is not an executable file stops
 * startup.
 *
 * @param grype how to run Grype
 * @param trivy how to run Trivy
 */
@ConfigurationProperties("scangate.scanners")
public record ScannerProperties(Grype grype, Trivy trivy) {

  public ScannerProperties {
    grype = grype == null ? new Grype(null, null, null, null, null, null, null) : grype;
    trivy = trivy == null ? new Trivy(null, null, null, null, null, null, null) : trivy;
  }

  /**
   * @param binary the {@code grype} executable; unset: Grype does not run
   * @param dbDirectory Grype's database directory ({@code GRYPE_DB_CACHE_DIR}); unset: Grype's
   *     default
   * @param offline true: Grype never updates its database while scanning (the operator runs
   *     {@code grype db update}); false: it checks before each scan
   * @param timeout limit of one run
   * @param concurrency Grype processes at once
   * @param maxOutputSize largest report accepted
   * @param environment extra environment variables (registry credentials, update URL)
   */
  public record Grype(Path binary, Path dbDirectory, Boolean offline, Duration timeout,
      Integer concurrency, DataSize maxOutputSize, Map<String, String> environment) {
    public Grype {
      offline = offline == null ? Boolean.TRUE : offline;
      timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
      concurrency = concurrency == null ? 2 : concurrency;
      maxOutputSize = maxOutputSize == null ? DataSize.ofMegabytes(256) : maxOutputSize;
      environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
  }

  /**
   * @param binary the {@code trivy} executable; unset: Trivy does not run
   * @param cacheDirectory Trivy's cache directory holding its databases
   *     ({@code TRIVY_CACHE_DIR}); unset: Trivy's default
   * @param offline true: Trivy never downloads databases while scanning; false: it may
   * @param timeout limit of one run
   * @param concurrency Trivy processes at once
   * @param maxOutputSize largest report accepted
   * @param environment extra environment variables
   */
  public record Trivy(Path binary, Path cacheDirectory, Boolean offline, Duration timeout,
      Integer concurrency, DataSize maxOutputSize, Map<String, String> environment) {
    public Trivy {
      offline = offline == null ? Boolean.TRUE : offline;
      timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
      concurrency = concurrency == null ? 2 : concurrency;
      maxOutputSize = maxOutputSize == null ? DataSize.ofMegabytes(256) : maxOutputSize;
      environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
  }
}
