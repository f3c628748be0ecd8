package dev.scangate.admission;

import dev.scangate.admission.AdmissionDecision.BreakGlass;
import dev.scangate.admission.AdmissionDecision.ImageVerdict;
import dev.scangate.admission.AdmissionProperties.EnvironmentSettings;
import dev.scangate.admission.AdmissionProperties.Mode;
import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Decides admission requests: an image may run in an environment when its digest is promoted
 * there and not revoked. Digest-pinned images are decided from memory ({@link PromotedDigests});
 * only tag-only references reach the registry, through a short-lived cache.
 *
 * <p>Break-glass: the annotations {@code scangate.dev/break-glass: <reason>} and
 * {@code scangate.dev/break-glass-expires: <RFC 3339 time>} on the object (or its pod template)
 * admit a request the policy would deny, until that time and for at most
 * {@code scangate.admission.break-glass-max-duration}; every use is recorded.
 */
@Service
public class AdmissionService {

  public static final String BREAK_GLASS = "scangate.dev/break-glass";
  public static final String BREAK_GLASS_EXPIRES = "scangate.dev/break-glass-expires";
  private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

  private final AdmissionProperties properties;
  private final PromotedDigests promoted;
  private final TagResolver tags;
  private final AdmissionRecorder recorder;
  private final Clock clock;

  AdmissionService(AdmissionProperties properties, PromotedDigests promoted, TagResolver tags,
      AdmissionRecorder recorder, Clock clock) {
    this.properties = properties;
    this.promoted = promoted;
    this.tags = tags;
    this.recorder = recorder;
    this.clock = clock;
  }

  /**
   * @param environmentParam the webhook URL's {@code environment}, or null
   * @throws ApiException 400 when no environment is given or configured, or it is not a name
   */
  public AdmissionDecision review(AdmissionRequest request, String environmentParam) {
    String environment = environment(environmentParam);
    EnvironmentSettings settings = properties.environment(environment);
    Mode mode = settings.modeValue();
    AdmissionDecision decision = decide(request, environment, settings, mode);
    if (!request.dryRun() && worthRecording(decision)) {
      recorder.record(request, decision, clock.instant());
    }
    return decision;
  }

  private AdmissionDecision decide(AdmissionRequest request, String environment,
      EnvironmentSettings settings, Mode mode) {
    if (request.problem() != null) {
      String message = "scangate cannot check " + request.object() + ": " + request.problem();
      return finish(request, environment, mode, settings, false, 400, message, List.of(),
          new ArrayList<>());
    }
    if (!AdmissionReviewReader.isChecked(request.kind())) {
      return new AdmissionDecision(environment, mode, true, true, 200, null, List.of(), List.of(),
          false, null);
    }
    if (request.namespace() != null && settings.exemptNamespaces().contains(request.namespace())) {
      return new AdmissionDecision(environment, mode, true, true, 200, null, List.of(), List.of(),
          true, null);
    }
    Map<String, ImageVerdict> verdicts = new LinkedHashMap<>();
    for (AdmissionRequest.ContainerImage container : request.images()) {
      verdicts.computeIfAbsent(container.image(), image -> verdict(image, environment,
          settings));
    }
    List<ImageVerdict> images = List.copyOf(verdicts.values());
    List<String> warnings = new ArrayList<>();
    List<String> denials = new ArrayList<>();
    for (ImageVerdict verdict : images) {
      if (!verdict.allowed()) {
        denials.add(verdict.reason());
      } else if (verdict.reason() != null) {
        warnings.add(verdict.reason());
      }
    }
    if (denials.isEmpty()) {
      return new AdmissionDecision(environment, mode, true, true, 200, null, List.copyOf(warnings),
          images, false, null);
    }
    String message = "scangate denied " + request.object() + " in environment " + environment
        + ": " + String.join("; ", denials);
    return finish(request, environment, mode, settings, false, 403, message, images, warnings);
  }

  /** Applies mode and break-glass to a request the policy denies. */
  private AdmissionDecision finish(AdmissionRequest request, String environment, Mode mode,
      EnvironmentSettings settings, boolean policyAllows, int code, String message,
      List<ImageVerdict> images, List<String> warnings) {
    Optional<String> breakGlassProblem = Optional.empty();
    if (settings.breakGlass() && request.annotations().containsKey(BREAK_GLASS)) {
      BreakGlassCheck check = breakGlass(request);
      if (check.valid != null) {
        warnings.add("admitted by break-glass until " + check.valid.expires() + " ("
            + check.valid.reason() + "); this is recorded. Without it: " + message);
        return new AdmissionDecision(environment, mode, true, policyAllows, code, null,
            List.copyOf(warnings), images, false, check.valid);
      }
      breakGlassProblem = Optional.of(check.problem);
    }
    String fullMessage = breakGlassProblem.map(p -> message + " (break-glass not honoured: " + p
        + ")").orElse(message);
    return switch (mode) {
      case ENFORCE -> new AdmissionDecision(environment, mode, false, policyAllows, code,
          fullMessage, List.copyOf(warnings), images, false, null);
      case WARN -> {
        warnings.add(fullMessage + " (warn mode: admitted)");
        yield new AdmissionDecision(environment, mode, true, policyAllows, code, null,
            List.copyOf(warnings), images, false, null);
      }
      case AUDIT -> new AdmissionDecision(environment, mode, true, policyAllows, code,
          fullMessage, List.copyOf(warnings), images, false, null);
    };
  }

  private record BreakGlassCheck(BreakGlass valid, String problem) {}

  private BreakGlassCheck breakGlass(AdmissionRequest request) {
    String reason = request.annotations().get(BREAK_GLASS).trim();
    if (reason.isEmpty()) {
      return new BreakGlassCheck(null, BREAK_GLASS + " must give a reason");
    }
    String expiresValue = request.annotations().get(BREAK_GLASS_EXPIRES);
    if (expiresValue == null || expiresValue.isBlank()) {
      return new BreakGlassCheck(null, BREAK_GLASS_EXPIRES + " must give an expiry time"
          + " (RFC 3339, e.g. 2026-01-31T18:00:00Z)");
    }
    Instant expires;
    try {
      expires = Instant.parse(expiresValue.trim());
    } catch (DateTimeParseException e) {
      return new BreakGlassCheck(null, BREAK_GLASS_EXPIRES + " '" + expiresValue
          + "' is not an RFC 3339 time such as 2026-01-31T18:00:00Z");
    }
    Instant now = clock.instant();
    if (!expires.isAfter(now)) {
      return new BreakGlassCheck(null, "it expired at " + expires);
    }
    if (expires.isAfter(now.plus(properties.breakGlassMaxDuration()))) {
      return new BreakGlassCheck(null, "its expiry " + expires + " is more than "
          + properties.breakGlassMaxDuration() + " ahead (scangate.admission"
          + ".break-glass-max-duration)");
    }
    return new BreakGlassCheck(new BreakGlass(reason, expires), null);
  }

  private ImageVerdict verdict(String image, String environment, EnvironmentSettings settings) {
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      return new ImageVerdict(image, null, false, "'" + image + "' is not a valid image"
          + " reference: " + e.getMessage());
    }
    Digest digest = reference.digest();
    if (digest == null) {
      if (settings.requireDigest()) {
        return new ImageVerdict(image, null, false, "image " + image + " is referenced by tag"
            + " only and environment " + environment + " requires a digest: pin it as "
            + reference.name() + "@sha256:<digest of the promoted image>");
      }
      try {
        digest = tags.resolve(reference);
      } catch (RuntimeException e) {
        return new ImageVerdict(image, null, false, "image " + image + " is referenced by tag"
            + " only and resolving the tag failed (" + e.getMessage() + "); pin its digest");
      }
    }
    Optional<PromotedDigests.Promotion> promotion = promoted.find(environment, digest.toString());
    if (promotion.isEmpty()) {
      return new ImageVerdict(image, digest.toString(), false, "image " + image
          + (reference.digest() == null ? " (" + digest + ")" : "") + " is not promoted to "
          + environment + "; promote it with POST /api/v1/promotions {\"image\": \""
          + reference.name() + "@" + digest + "\", \"environment\": \"" + environment + "\"}");
    }
    if (promotion.get().atRisk()) {
      return new ImageVerdict(image, digest.toString(), true, "the promotion of " + image
          + " to " + environment + " is at risk since " + promotion.get().atRiskSince()
          + " and will be revoked unless its findings are fixed or waived");
    }
    return new ImageVerdict(image, digest.toString(), true, null);
  }

  private String environment(String param) {
    String environment = param == null || param.isBlank() ? properties.defaultEnvironment()
        : param.trim();
    if (environment == null) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "no environment: add"
          + " ?environment=<name> to the webhook URL or set"
          + " scangate.admission.default-environment");
    }
    if (!NAME.matcher(environment).matches()) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "environment '" + environment
          + "' is not an environment name (lowercase letters, digits, dashes)");
    }
    return environment;
  }

  private static boolean worthRecording(AdmissionDecision decision) {
    return !decision.policyAllows() || decision.exempt() || decision.breakGlass() != null;
  }
}
