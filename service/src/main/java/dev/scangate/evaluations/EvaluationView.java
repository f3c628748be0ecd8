package dev.scangate.evaluations;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An explained evaluation: API shape of the {@code evaluation} of promotions and dry runs.
 *
 * @param id null for a dry run (nothing recorded)
 * @param decision {@code ALLOWED} or {@code DENIED}
 * @param rules every rule's outcome in policy order; failed selector rules list the findings
 *     that decided them, each with the waivers that would cover it if approved or scoped to
 *     this environment, and the waiver request that would unblock it
 * @param scanId the scan of a single-platform image; null for an index (see {@code platforms})
 *     and for an image never scanned
 * @param platforms for an image index, each platform evaluated, with the scan it contributed
 *     (no scan when the platform has none); null for a single-platform image
 * @param unscanned for an index with platforms lacking a successful scan: which, and how to scan
 *     them
 * @param waiversApplied which waiver covered which finding
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationView(UUID id, Image image, String environment, Policy policy,
    UUID scanId, List<PlatformView> platforms, String unscanned, Instant evaluatedAt, boolean allowed, String decision, List<RuleView> rules,
    List<AppliedWaiverView> waiversApplied, FindingCounts findings) {

  public EvaluationView {
    rules = List.copyOf(rules);
    waiversApplied = List.copyOf(waiversApplied);
    platforms = platforms == null ? null : List.copyOf(platforms);
  }

  /** The same view with the id it was recorded under. */
  public EvaluationView withId(UUID recorded) {
    return new EvaluationView(recorded, image, environment, policy, scanId, platforms, unscanned,
        evaluatedAt, allowed,
        decision, rules, waiversApplied, findings);
  }

  public record Image(String reference, String digest, String repository) {
  }

  /** A platform of an index and the latest successful scan of its manifest. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PlatformView(String platform, String digest, UUID scanId,
      Instant scanFinishedAt) {
  }

  public record Policy(UUID id, String name, UUID versionId, int version, String digest) {
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record RuleView(String id, String action, String outcome, String message,
      List<DecidingFinding> findings) {
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record DecidingFinding(String vulnerability, List<String> aliases, String severity,
      @JsonProperty("package") String purl, List<Blocked> waiversNotApplying,
      SuggestedWaiver unblockWith) {
  }

  /** A waiver for the finding's vulnerability that does not apply here, and why. */
  public record Blocked(UUID waiverId, String reason) {
  }

  /** The scope of a waiver request that would cover the finding. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SuggestedWaiver(String vulnerability, @JsonProperty("package") String pkg,
      String repository, String environment) {
  }

  public record AppliedWaiverView(UUID waiverId, String vulnerability,
      @JsonProperty("package") String purl) {
  }

  public record FindingCounts(int total, int waived) {
  }
}
