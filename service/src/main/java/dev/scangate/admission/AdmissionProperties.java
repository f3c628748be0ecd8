package dev.scangate.admission;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How {@code POST /k8s/admission} answers. The environment comes from the webhook URL
 * ({@code /k8s/admission?environment=prod}) or, for a cluster whose webhook has none, from
 * {@code defaultEnvironment}.
 *
 * <pre>{@code
 * scangate:
 *   admission:
 *     default-environment: prod
 *     environments:
 *       prod:
 *         mode: enforce
 *         require-digest: true
 *         exempt-namespaces: [kube-system]
 *       staging:
 *         mode: warn
 * }</pre>
 *
 * @param defaultEnvironment the environment of requests whose URL names none; unset → such
 *     requests are refused with 400
 * @param environments per-environment settings; an environment not listed is enforced, resolves
 *     tags, and exempts no namespace
 * @param tagCacheTtl how long a tag's resolution to a digest is reused
 * @param tagCacheSize how many tag resolutions are kept
 * @param breakGlassMaxDuration the longest a break-glass annotation may be valid for, counted
 *     from the admission request
 * @param refreshInterval how often the promoted-digest set is read again in full, in addition to
 *     the change notifications that keep it current
 * @param recordQueueSize how many decisions may wait to be written; beyond that they are dropped
 *     and counted ({@code scangate.admission.records.dropped})
 * @param listener the admission endpoint's own port ({@link AdmissionListener}); off unless a
 *     port is set
 */
@ConfigurationProperties("scangate.admission")
public record AdmissionProperties(String defaultEnvironment,
    Map<String, EnvironmentSettings> environments, Duration tagCacheTtl, Integer tagCacheSize,
    Duration breakGlassMaxDuration, Duration refreshInterval, Integer recordQueueSize,
    Listener listener) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

  public AdmissionProperties {
    if (defaultEnvironment != null && defaultEnvironment.isBlank()) {
      defaultEnvironment = null;
    }
    if (defaultEnvironment != null && !NAME.matcher(defaultEnvironment).matches()) {
      throw new IllegalArgumentException("scangate.admission.default-environment must be an"
          + " environment name (lowercase letters, digits, dashes), got '" + defaultEnvironment
          + "'");
    }
    Map<String, EnvironmentSettings> checked = new LinkedHashMap<>();
    if (environments != null) {
      environments.forEach((name, settings) -> {
        if (!NAME.matcher(name).matches()) {
          throw new IllegalArgumentException("scangate.admission.environments: '" + name
              + "' is not an environment name (lowercase letters, digits, dashes)");
        }
        checked.put(name, settings == null ? EnvironmentSettings.DEFAULT : settings);
      });
    }
    environments = Map.copyOf(checked);
    tagCacheTtl = positive("tag-cache-ttl", tagCacheTtl, Duration.ofSeconds(30));
    tagCacheSize = tagCacheSize == null ? 10_000 : tagCacheSize;
    if (tagCacheSize < 0) {
      throw new IllegalArgumentException("scangate.admission.tag-cache-size must not be"
          + " negative, got " + tagCacheSize);
    }
    breakGlassMaxDuration = positive("break-glass-max-duration", breakGlassMaxDuration,
        Duration.ofHours(24));
    refreshInterval = positive("refresh-interval", refreshInterval, Duration.ofSeconds(60));
    recordQueueSize = recordQueueSize == null ? 10_000 : recordQueueSize;
    if (recordQueueSize < 1) {
      throw new IllegalArgumentException("scangate.admission.record-queue-size must be at"
          + " least 1, got " + recordQueueSize);
    }
    listener = listener == null ? Listener.OFF : listener;
  }

  private static Duration positive(String name, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("scangate.admission." + name + " must be positive, got "
          + value);
    }
    return value;
  }

  /** The settings of one environment; defaults when it is not configured. */
  public EnvironmentSettings environment(String name) {
    return environments.getOrDefault(name, EnvironmentSettings.DEFAULT);
  }

  /** What happens to a request the policy would deny. */
  public enum Mode {
    /** Denied. */
    ENFORCE,
    /** Allowed, with the reasons as warnings shown by kubectl. */
    WARN,
    /** Allowed without warnings; the decision is recorded. */
    AUDIT;

    static Mode parse(String value) {
      if (value == null || value.isBlank()) {
        return ENFORCE;
      }
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("scangate.admission.environments.*.mode must be"
            + " enforce, warn or audit, got '" + value + "'");
      }
    }
  }

  /**
   * @param mode {@code enforce} (default), {@code warn} or {@code audit}
   * @param requireDigest deny images referenced by tag only, instead of resolving the tag
   * @param exemptNamespaces namespaces admitted without checks (recorded)
   * @param breakGlass whether the break-glass annotation is honoured (default true)
   */
  public record EnvironmentSettings(String mode, Boolean requireDigest,
      List<String> exemptNamespaces, Boolean breakGlass) {

    static final EnvironmentSettings DEFAULT = new EnvironmentSettings(null, null, null, null);

    public EnvironmentSettings {
      Mode.parse(mode);
      requireDigest = requireDigest != null && requireDigest;
      exemptNamespaces = exemptNamespaces == null ? List.of() : List.copyOf(exemptNamespaces);
      breakGlass = breakGlass == null || breakGlass;
    }

    public Mode modeValue() {
      return Mode.parse(mode);
    }
  }

  /**
   * The admission endpoint on a port of its own, served by an event-loop HTTP server that does
   * nothing else: API traffic on the main port never delays an admission answer, and the path
   * carries none of the API's per-request machinery (sessions, security filters, MVC dispatch).
   *
   * <pre>{@code
   * scangate:
   *   admission:
   *     listener:
   *       port: 8443
   *       ssl-bundle: admission     # spring.ssl.bundle.pem.admission.*; reloaded on change
   * }</pre>
   *
   * @param port the port; unset → no listener (the main port serves {@code /k8s/admission}
   *     either way); 0 → any free port
   * @param address the address to bind; default all
   * @param sslBundle the Spring SSL bundle holding the certificate and key; unset → plain HTTP
   *     (Kubernetes requires TLS: only behind a TLS-terminating proxy)
   * @param threads event-loop threads; default the number of processors
   * @param maxRequestSize the largest AdmissionReview accepted, default 8MB
   */
  public record Listener(Integer port, String address, String sslBundle, Integer threads,
      DataSize maxRequestSize) {

    static final Listener OFF = new Listener(null, null, null, null, null);

    public Listener {
      if (port != null && (port < 0 || port > 65535)) {
        throw new IllegalArgumentException("scangate.admission.listener.port must be between 0"
            + " and 65535, got " + port);
      }
      address = address == null || address.isBlank() ? "0.0.0.0" : address.trim();
      sslBundle = sslBundle == null || sslBundle.isBlank() ? null : sslBundle.trim();
      threads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
      if (threads < 1) {
        throw new IllegalArgumentException("scangate.admission.listener.threads must be at"
            + " least 1, got " + threads);
      }
      maxRequestSize = maxRequestSize == null ? DataSize.ofMegabytes(8) : maxRequestSize;
      if (maxRequestSize.toBytes() < 1024 || maxRequestSize.toBytes() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("scangate.admission.listener.max-request-size must be"
            + " between 1KB and 2GB, got " + maxRequestSize);
      }
    }

    public boolean enabled() {
      return port != null;
    }
  }
}
