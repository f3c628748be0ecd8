package dev.scangate.policy;

import java.util.List;
import java.util.Objects;

/**
 * One rule's outcome in an evaluation.
 *
 * <pre>{@code
 * RuleResult r = evaluation.result("no-fixable-critical-or-high");
 * r.outcome();          // FAIL
 * r.message();          // "2 fixable critical or high finding(s) not waived: CVE-…, CVE-…"
 * r.decidingFindings(); // the findings the selector picked
 * }</pre>
 *
 * @param message for FAIL the rendered message template, for ERROR what went wrong, for PASS
 *     empty
 * @param decidingFindings for a selector rule that failed, the unwaived findings the selector
 *     picked; empty otherwise
 */
public record RuleResult(String ruleId, Action action, Outcome outcome, String message,
    List<FindingRef> decidingFindings) {

  public RuleResult {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    message = message == null ? "" : message;
    decidingFindings = List.copyOf(decidingFindings);
  }

  /** Whether the rule failed or could not be evaluated, which both count against the image. */
  public boolean failedOrErrored() {
    return outcome != Outcome.PASS;
  }
}
