package dev.scangate.webhooks;

import dev.scangate.image.ImageReference;
import dev.scangate.image.InvalidReferenceException;
import dev.scangate.image.Platform;
import dev.scangate.jobs.Priority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The systems allowed to send webhooks, one entry per source name; a delivery is posted to
 * {@code /api/v1/webhooks/<name>}. Validated at startup: an unknown provider, a source without a
 * secret, or an option that does not apply to its provider stops the application with a message
 * naming the source.
 *
 * <pre>{@code
 * scangate:
 *   webhooks:
 *     sources:
 *       ghcr:
 *         provider: github
 *         secret-file: /run/secrets/github-webhook
 *       hub:
 *         provider: dockerhub
 *         secret: ${DOCKERHUB_WEBHOOK_TOKEN}
 * }</pre>
 *
 * @param sources the configured sources by name (lowercase letters, digits and dashes)
 * @param contentReplayWindow for providers whose deliveries carry no id (Harbor, Docker Hub,
 *     Quay, and any delivery missing its id header), how long an identical body counts as a
 *     repeat of the earlier delivery rather than a new event
 */
@ConfigurationProperties("scangate.webhooks")
public record WebhookProperties(Map<String, Source> sources, Duration contentReplayWindow) {

  private static final String PREFIX = "scangate.webhooks.sources.";
  private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
  /** Providers whose payloads name repositories but not (always) the registry host. */
  private static final Set<Provider> WITH_REGISTRY = EnumSet.of(Provider.GITHUB, Provider.HARBOR,
      Provider.DOCKERHUB, Provider.QUAY, Provider.DISTRIBUTION);

  public WebhookProperties {
    contentReplayWindow = contentReplayWindow == null ? Duration.ofMinutes(10)
        : contentReplayWindow;
    if (contentReplayWindow.isNegative()) {
      throw new IllegalArgumentException("scangate.webhooks.content-replay-window must not be"
          + " negative, got " + contentReplayWindow);
    }
    Map<String, Source> checked = new LinkedHashMap<>();
    if (sources != null) {
      sources.forEach((name, source) -> checked.put(name, validated(name, source)));
    }
    sources = Map.copyOf(checked);
  }

  /**
   * One source. The secret is never logged or returned: {@link #toString()} hides it.
   *
   * @param provider {@code github}, {@code gitlab}, {@code harbor}, {@code dockerhub},
   *     {@code quay}, {@code distribution} or {@code generic}
   * @param secret the shared secret (or set {@code secretFile})
   * @param secretFile a file holding the secret; trailing line breaks are dropped
   * @param registry the registry host ({@code host[:port]}) of the images this source reports,
   *     replacing the host named in the payload; default: from the payload, or {@code docker.io}
   *     for Docker Hub, {@code ghcr.io} for GitHub, {@code quay.io} for Quay
   * @param platform platform to scan, as in {@code POST /api/v1/scans}; default
   *     {@code scangate.scans.default-platform}
   * @param priority {@code LOW}, {@code NORMAL} or {@code HIGH} (default)
   * @param tolerance for {@code generic}: how far {@code webhook-timestamp} may be from the
   *     server's clock (default 5m)
   */
  public record Source(String provider, String secret, Path secretFile, String registry,
      String platform, String priority, Duration tolerance) {

    Provider providerId() {
      return Provider.parse(provider);
    }

    @Override
    public String toString() {
      return "Source[provider=" + provider + ", secret=" + (secret == null ? "unset" : "***")
          + ", secretFile=" + secretFile + ", registry=" + registry + ", platform=" + platform
          + ", priority=" + priority + ", tolerance=" + tolerance + "]";
    }
  }

  private static Source validated(String name, Source source) {
    String where = PREFIX + name;
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(where + ": a source name must be 1-64 lowercase letters,"
          + " digits and dashes, e.g. \"ghcr\"; it is the last segment of the delivery URL");
    }
    if (source == null || source.provider() == null || source.provider().isBlank()) {
      throw new IllegalArgumentException(where + ".provider is required, one of "
          + Provider.names());
    }
    Provider provider;
    try {
      provider = Provider.parse(source.provider().strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ".provider: " + e.getMessage());
    }
    String secret = secret(where, source);
    if (provider == Provider.GENERIC) {
      try {
        StandardWebhookSignature.decodeSecret(secret);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
    }
    String registry = blankToNull(source.registry());
    if (registry != null) {
      if (!WITH_REGISTRY.contains(provider)) {
        throw new IllegalArgumentException(where + ".registry does not apply to provider "
            + provider + ": its payloads carry complete image references");
      }
      registry = registry(where, registry);
    }
    String platform = blankToNull(source.platform());
    if (platform != null && !"all".equals(platform)) {
      try {
        platform = Platform.parse(platform).toString();
      } catch (InvalidReferenceException e) {
        throw new IllegalArgumentException(where + ".platform: " + e.getMessage());
      }
    }
    String priority = blankToNull(source.priority());
    priority = priority == null ? Priority.HIGH.name() : priority.toUpperCase(Locale.ROOT);
    try {
      Priority.valueOf(priority);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ".priority: \"" + source.priority()
          + "\" is not one of LOW, NORMAL, HIGH");
    }
    Duration tolerance = source.tolerance();
    if (tolerance != null && provider != Provider.GENERIC) {
      throw new IllegalArgumentException(where + ".tolerance applies only to provider generic"
          + " (Standard Webhooks timestamps); " + provider + " deliveries carry no signed time");
    }
    if (provider == Provider.GENERIC) {
      tolerance = tolerance == null ? Duration.ofMinutes(5) : tolerance;
      if (tolerance.isNegative() || tolerance.isZero()) {
        throw new IllegalArgumentException(where + ".tolerance must be positive, got "
            + tolerance);
      }
    }
    return new Source(provider.id(), secret, source.secretFile(), registry, platform, priority,
        tolerance);
  }

  private static String secret(String where, Source source) {
    boolean inline = source.secret() != null && !source.secret().isEmpty();
    if (inline && source.secretFile() != null) {
      throw new IllegalArgumentException(where + ": set either secret or secret-file, not both");
    }
    if (!inline && source.secretFile() == null) {
      throw new IllegalArgumentException(where + " has no secret: set " + where + ".secret or "
          + where + ".secret-file; scangate accepts no unauthenticated deliveries");
    }
    String secret = source.secret();
    if (!inline) {
      try {
        secret = Files.readString(source.secretFile(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException(where + ".secret-file: cannot read "
            + source.secretFile() + " (" + e.getClass().getSimpleName() + ")");
      }
      // Files written by editors, `echo` and Kubernetes tooling often end with a line break.
      secret = secret.replaceAll("[\\r\\n]+$", "");
      if (secret.isEmpty()) {
        throw new IllegalArgumentException(where + ".secret-file: " + source.secretFile()
            + " is empty");
      }
    }
    return secret;
  }

  private static String registry(String where, String registry) {
    String normalized = registry.toLowerCase(Locale.ROOT);
    try {
      // A host is recognised the way image references recognise one: with a dot or a port, or
      // localhost (distribution/reference).
      ImageReference probe = ImageReference.parse(normalized + "/probe:1");
      if (probe.registry().equals(normalized)) {
        return normalized;
      }
    } catch (InvalidReferenceException e) {
      // reported below
    }
    throw new IllegalArgumentException(where + ".registry: \"" + registry + "\" is not a registry"
        + " host[:port] such as registry.example.com or harbor.internal:8443");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
