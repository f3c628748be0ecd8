package dev.scangate.policy;

import dev.scangate.policy.waiver.AppliedWaiver;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The explained result of evaluating one policy version over one image in one environment.
 *
 * <pre>{@code
 * Evaluation e = evaluator.evaluate(compiled, input, waivers);
 * e.decision().allowed();
 * e.policyDigest();          // which exact rules decided
 * e.results();               // every rule's outcome, in policy order
 * e.waiversApplied();        // which waiver covered which finding
 * }</pre>
 */
public record Evaluation(String policyName, int policyVersion, String policyDigest,
    String environment, String imageDigest, Instant evaluatedAt, List<RuleResult> results,
    List<AppliedWaiver> waiversApplied, Decision decision) {

  public Evaluation {
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(policyDigest, "policyDigest");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(imageDigest, "imageDigest");
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
    results = List.copyOf(results);
    waiversApplied = List.copyOf(waiversApplied);
    Objects.requireNonNull(decision, "decision");
  }

  /** The result of the rule with this id, or null if the policy has no such rule. */
  public RuleResult result(String ruleId) {
    for (RuleResult r : results) {
      if (r.ruleId().equals(ruleId)) {
        return r;
      }
    }
    return null;
  }
}
