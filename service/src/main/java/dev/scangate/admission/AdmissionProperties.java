package dev.scangate.admission;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
 */
@ConfigurationProperties("scangate.admission")
public record AdmissionProperties(String defaultEnvironment,
    Map<String, EnvironmentSettings> environments, Duration tagCacheTtl, Integer tagCacheSize,
    Duration breakGlassMaxDuration, Duration refreshInterval, Integer recordQueueSize) {

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
}
