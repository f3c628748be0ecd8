package dev.scangate.syft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How scangate runs Syft.
 *
 * <pre>{@code
 * new SyftSettings(Path.of("/usr/local/bin/syft"), Duration.ofMinutes(10), 512L << 20,
 *     Path.of("/var/lib/scangate/tmp"), Map.of());
 * }</pre>
 *
 * @param binary the {@code syft} executable
 * @param timeout limit for one scan; Syft and everything it started is killed after it
 * @param maxOutputBytes largest syft-json accepted (its size grows with the package count)
 * @param scratchDirectory where Syft's output is spooled; null for the system temp directory
 * @param environment extra variables for Syft, e.g. {@code SYFT_REGISTRY_AUTH_AUTHORITY} or
 *     {@code SYFT_REGISTRY_INSECURE_USE_HTTP}; never logged
 */
public record SyftSettings(Path binary, Duration timeout, long maxOutputBytes,
    Path scratchDirectory, Map<String, String> environment) {

  public SyftSettings {
    Objects.requireNonNull(binary, "binary");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("syft timeout must be positive: " + timeout);
    }
    if (maxOutputBytes < 1) {
      throw new IllegalArgumentException("syft maxOutputBytes must be positive");
    }
    environment = environment == null ? Map.of() : Map.copyOf(environment);
  }

  /** 10 minutes, 512 MiB of output, the system temp directory, no extra variables. */
  public static SyftSettings of(Path binary) {
    return new SyftSettings(binary, Duration.ofMinutes(10), 512L << 20, null, Map.of());
  }
}
