package dev.scangate.registries;

import dev.scangate.registry.RegistrySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Which registries scangate may pull from and how it reaches them.
 *
 * @param allowed registry hosts ({@code host[:port]}, {@code *} wildcards) scangate may pull from
 * @param insecure hosts reached over plain HTTP; also allowed on loopback or private addresses
 * @param skipTlsVerify hosts whose TLS certificate is not verified
 * @param dockerConfig a Docker {@code config.json} with registry credentials
 * @param connectTimeout TCP connect timeout
 * @param readTimeout longest wait for response headers or for the next bytes of a body
 * @param maxAttempts attempts per request on 429, 5xx and transport errors
 * @param maxManifestSize largest manifest or index accepted
 * @param maxConfigSize largest image config accepted
 */
@ConfigurationProperties("scangate.registries")
public record RegistryProperties(List<String> allowed, List<String> insecure,
    List<String> skipTlsVerify, Path dockerConfig, Duration connectTimeout, Duration readTimeout,
    Integer maxAttempts, DataSize maxManifestSize, DataSize maxConfigSize) {

  RegistrySettings toSettings() {
    RegistrySettings defaults = RegistrySettings.defaults();
    Path config = dockerConfig;
    if (config == null) {
      Path home = Path.of(System.getProperty("user.home"), ".docker", "config.json");
      config = Files.isRegularFile(home) ? home : null;
    } else if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException("scangate.registries.docker-config: " + config
          + " is not a readable file");
    }
    return new RegistrySettings(
        allowed == null ? defaults.allowed() : allowed,
        insecure == null ? List.of() : insecure,
        skipTlsVerify == null ? List.of() : skipTlsVerify,
        config,
        connectTimeout == null ? defaults.connectTimeout() : connectTimeout,
        readTimeout == null ? defaults.readTimeout() : readTimeout,
        maxAttempts == null ? defaults.maxAttempts() : maxAttempts,
        defaults.initialBackoff(),
        defaults.maxBackoff(),
        maxManifestSize == null ? defaults.maxManifestBytes() : maxManifestSize.toBytes(),
        maxConfigSize == null ? defaults.maxConfigBytes() : maxConfigSize.toBytes());
  }
}
