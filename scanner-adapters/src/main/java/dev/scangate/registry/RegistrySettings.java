package dev.scangate.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How scangate reaches registries: which it may pull from, which speak plain HTTP, timeouts,
 * retries and size limits. The service binds {@code scangate.registries.*} to this record.
 *
 * <pre>{@code
 * RegistrySettings settings = RegistrySettings.defaults()
 *     .withAllowed("registry.internal.example:5000", "*.example.com")
 *     .withInsecure("registry.internal.example:5000");
 * }</pre>
 *
 * @param allowed registries scangate may pull from, as {@code host[:port]}; {@code *} matches any
 *     characters except {@code :} (so {@code *.example.com} matches {@code a.b.example.com}), and an
 *     entry without port matches only references without port. {@code index.docker.io} and
 *     {@code registry-1.docker.io} mean {@code docker.io}. Null means {@link #DEFAULT_ALLOWED}.
 * @param insecure registries reached over plain HTTP; they are allowed even when not listed in
 *     {@code allowed}, and an exact entry (no wildcard) may resolve to a private or loopback address
 * @param skipTlsVerify registries whose TLS certificate is not verified
 * @param dockerConfig a Docker {@code config.json} (or the directory holding it) with
 *     credentials; null means {@code $DOCKER_CONFIG/config.json}, then
 *     {@code ~/.docker/config.json}, each if present
 * @param connectTimeout TCP connect timeout; null means 10 s
 * @param readTimeout longest wait for response headers, and for each byte of a body; null means
 *     60 s
 * @param maxAttempts attempts per request, counting the first, for 429, 5xx and transport errors
 * @param initialBackoff wait before the second attempt, doubled for each further one; null means
 *     500 ms
 * @param maxBackoff cap on any wait, including a registry's {@code Retry-After}; null means 30 s
 * @param maxManifestBytes largest manifest accepted (the distribution spec's reference
 *     implementations refuse manifests over 4 MiB)
 * @param maxConfigBytes largest image config accepted
 */
public record RegistrySettings(List<String> allowed, List<String> insecure,
    List<String> skipTlsVerify, Path dockerConfig, Duration connectTimeout, Duration readTimeout,
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, long maxManifestBytes,
    long maxConfigBytes) {

  /** The public registries scangate may pull from unless configured otherwise. */
  public static final List<String> DEFAULT_ALLOWED = List.of("docker.io", "ghcr.io", "quay.io",
      "gcr.io", "registry.k8s.io", "public.ecr.aws", "mcr.microsoft.com");
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_ATTEMPTS = 4;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
  public static final long DEFAULT_MAX_MANIFEST_BYTES = 4L * 1024 * 1024;
  public static final long DEFAULT_MAX_CONFIG_BYTES = 8L * 1024 * 1024;

  // host[:port] with optional * wildcards; IPv6 literals in brackets.
  private static final Pattern ENTRY =
      Pattern.compile("(?:[a-z0-9*](?:[a-z0-9*.-]*[a-z0-9*])?|\\[[0-9a-f:.]+\\])(?::(?:[0-9]+|\\*))?");

  public RegistrySettings {
    allowed = normalize("allowed", allowed == null ? DEFAULT_ALLOWED : allowed);
    insecure = normalize("insecure", insecure == null ? List.of() : insecure);
    skipTlsVerify = normalize("skipTlsVerify", skipTlsVerify == null ? List.of() : skipTlsVerify);
    connectTimeout = positive("connectTimeout", connectTimeout, DEFAULT_CONNECT_TIMEOUT);
    readTimeout = positive("readTimeout", readTimeout, DEFAULT_READ_TIMEOUT);
    initialBackoff = positive("initialBackoff", initialBackoff, DEFAULT_INITIAL_BACKOFF);
    maxBackoff = positive("maxBackoff", maxBackoff, DEFAULT_MAX_BACKOFF);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff (" + maxBackoff
          + ") must not be shorter than initialBackoff (" + initialBackoff + ")");
    }
    if (maxManifestBytes < 1 || maxConfigBytes < 1) {
      throw new IllegalArgumentException("maxManifestBytes and maxConfigBytes must be positive");
    }
  }

  /** The public registries, HTTPS only, no credentials file beyond the default locations. */
  public static RegistrySettings defaults() {
    return new RegistrySettings(DEFAULT_ALLOWED, List.of(), List.of(), null,
        DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_MAX_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_MANIFEST_BYTES,
        DEFAULT_MAX_CONFIG_BYTES);
  }

  public RegistrySettings withAllowed(String... entries) {
    return new RegistrySettings(List.of(entries), insecure, skipTlsVerify, dockerConfig,
        connectTimeout, readTimeout, maxAttempts, initialBackoff, maxBackoff, maxManifestBytes,
        maxConfigBytes);
  }

  public RegistrySettings withInsecure(String... entries) {
    return new RegistrySettings(allowed, List.of(entries), skipTlsVerify, dockerConfig,
        connectTimeout, readTimeout, maxAttempts, initialBackoff, maxBackoff, maxManifestBytes,
        maxConfigBytes);
  }

  public RegistrySettings withSkipTlsVerify(String... entries) {
    return new RegistrySettings(allowed, insecure, List.of(entries), dockerConfig,
        connectTimeout, readTimeout, maxAttempts, initialBackoff, maxBackoff, maxManifestBytes,
        maxConfigBytes);
  }

  public RegistrySettings withDockerConfig(Path path) {
    return new RegistrySettings(allowed, insecure, skipTlsVerify, path, connectTimeout,
        readTimeout, maxAttempts, initialBackoff, maxBackoff, maxManifestBytes, maxConfigBytes);
  }

  public RegistrySettings withTimeouts(Duration connect, Duration read) {
    return new RegistrySettings(allowed, insecure, skipTlsVerify, dockerConfig, connect, read,
        maxAttempts, initialBackoff, maxBackoff, maxManifestBytes, maxConfigBytes);
  }

  public RegistrySettings withRetries(int attempts, Duration initial, Duration max) {
    return new RegistrySettings(allowed, insecure, skipTlsVerify, dockerConfig, connectTimeout,
        readTimeout, attempts, initial, max, maxManifestBytes, maxConfigBytes);
  }

  public RegistrySettings withLimits(long manifestBytes, long configBytes) {
    return new RegistrySettings(allowed, insecure, skipTlsVerify, dockerConfig, connectTimeout,
        readTimeout, maxAttempts, initialBackoff, maxBackoff, manifestBytes, configBytes);
  }

  /** Lowercases, maps Docker Hub's aliases to docker.io and rejects malformed entries. */
  static String normalizeRegistry(String registry) {
    String lower = registry.strip().toLowerCase(Locale.ROOT);
    if ("index.docker.io".equals(lower) || "registry-1.docker.io".equals(lower)) {
      return "docker.io";
    }
    return lower;
  }

  private static List<String> normalize(String name, List<String> entries) {
    List<String> normalized = new ArrayList<>();
    for (String entry : entries) {
      if (entry == null || entry.isBlank()) {
        throw new IllegalArgumentException(name + " has an empty entry");
      }
      String value = normalizeRegistry(entry);
      if (!ENTRY.matcher(value).matches()) {
        throw new IllegalArgumentException(name + " entry \"" + entry
            + "\" is not host[:port] (wildcard * allowed), e.g. registry.example.com:5000 or"
            + " *.example.com");
      }
      normalized.add(value);
    }
    return List.copyOf(normalized);
  }

  private static Duration positive(String name, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "RegistrySettings[allowed=" + allowed + ", insecure=" + insecure + ", skipTlsVerify="
        + skipTlsVerify + ", dockerConfig=" + dockerConfig + ", connectTimeout=" + connectTimeout
        + ", readTimeout=" + readTimeout + ", maxAttempts=" + maxAttempts + ", backoff="
        + initialBackoff + ".." + maxBackoff + ", limits=" + Arrays.asList(maxManifestBytes,
        maxConfigBytes) + "]";
  }
}
