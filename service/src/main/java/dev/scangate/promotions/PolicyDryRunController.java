package dev.scangate.promotions;

import dev.scangate.platform.Authority;
import dev.scangate.platform.RequiresAuthority;
import dev.scangate.environments.Environment;
import dev.scangate.environments.EnvironmentService;
import dev.scangate.evaluations.EvaluationResult;
import dev.scangate.evaluations.EvaluationService;
import dev.scangate.evaluations.EvaluationView;
import dev.scangate.evaluations.ImageTarget;
import dev.scangate.evaluations.ImageTargets;
import dev.scangate.image.ImageReference;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import dev.scangate.policies.PolicyService;
import dev.scangate.policies.StoredPolicyVersion;
import dev.scangate.policy.Action;
import dev.scangate.policy.CompiledPolicy;
import dev.scangate.policy.RuleResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Dry runs of a policy over one image, and impact previews of a draft version. */
@RestController
@RequestMapping("/api/v1/policies/{id}")
class PolicyDryRunController {

  /** Body of a dry run; {@code version} defaults to the latest. */
  record DryRunRequest(String image, String environment, Integer version) {
  }

  /** An image whose verdict the draft would change. */
  record Flip(UUID promotionId, String image, String environment, String currentPolicy,
      boolean currentlyAllowed, boolean draftAllowed, List<String> draftFailedRules) {
  }

  /** A promotion the preview could not evaluate, and why. */
  record Skipped(UUID promotionId, String image, String environment, String error) {
  }

  record Preview(UUID policyId, String policyName, int draftVersion, String draftDigest,
      int evaluated, List<Flip> flips, List<Skipped> skipped) {
  }

  private final PolicyService policies;
  private final EnvironmentService environments;
  private final ImageTargets targets;
  private final EvaluationService evaluations;
  private final PromotionService promotions;

  PolicyDryRunController(PolicyService policies, EnvironmentService environments,
      ImageTargets targets, EvaluationService evaluations, PromotionService promotions) {
    this.policies = policies;
    this.environments = environments;
    this.targets = targets;
    this.evaluations = evaluations;
    this.promotions = promotions;
  }

  /** Evaluates without recording anything. */
  @RequiresAuthority(Authority.READ)
  @PostMapping("/evaluate")
  EvaluationView evaluate(@PathVariable UUID id,
      @RequestBody(required = false) DryRunRequest request) {
    if (request == null) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST,
          "the body must be {\"image\": …, \"environment\"?: …}");
    }
    policies.find(id).orElseThrow(() -> PolicyService.notFound(id));
    StoredPolicyVersion version = (request.version() == null ? policies.latest(id)
        : policies.version(id, request.version())).orElseThrow(() -> new ApiException(
            ProblemType.VALIDATION_FAILED, "version: policy " + id + " has no version "
                + request.version(), Map.of("field", "version")));
    String environment = request.environment() == null || request.environment().isBlank()
        ? environments.list().stream().findFirst().map(Environment::name).orElse("dev")
        : environments.require(request.environment()).name();
    ImageTarget target = targets.resolve(request.image());
    return evaluations.evaluate(target, environment, version).view();
  }

  /**
   * Evaluates a draft next version (not saved) over every ACTIVE or AT_RISK promotion and lists
   * those whose verdict differs from the verdict of their environment's current policy.
   */
  @RequiresAuthority(Authority.POLICY_ADMIN)
  @PostMapping("/versions/preview")
  Preview preview(@PathVariable UUID id, @RequestBody JsonNode body) {
    CompiledPolicy draft = policies.draft(id, body);
    List<Flip> flips = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    int evaluated = 0;
    for (PromotionView p : promotions.live()) {
      ImageTarget target = new ImageTarget(p.image().reference(),
          ImageReference.parse(p.image().repository() + "@" + p.image().digest()));
      try {
        Environment environment = environments.require(p.environment());
        EvaluationResult current = evaluations.evaluate(target, environment);
        EvaluationResult proposed = evaluations.evaluate(target, environment.name(), draft, id,
            null);
        evaluated++;
        if (current.allowed() != proposed.allowed()) {
          List<String> failed = proposed.evaluation().results().stream()
              .filter(r -> r.action() == Action.DENY && r.failedOrErrored())
              .map(RuleResult::ruleId).toList();
          flips.add(new Flip(p.id(), p.image().repository() + "@" + p.image().digest(),
              p.environment(), environment.policyName() + " v" + environment.policyVersion(),
              current.allowed(), proposed.allowed(), failed));
        }
      } catch (ApiException e) {
        skipped.add(new Skipped(p.id(), p.image().digest(), p.environment(), e.getMessage()));
      }
    }
    return new Preview(id, draft.version().policyName(), draft.version().version(),
        draft.digest(), evaluated, flips, skipped);
  }
}
