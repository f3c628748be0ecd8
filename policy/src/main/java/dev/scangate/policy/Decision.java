package dev.scangate.policy;

import java.util.List;

/**
 * The overall answer of an evaluation.
 *
 * <p>Denied when any DENY rule failed or could not be evaluated (an ERROR on a DENY rule denies:
 * the engine fails closed). WARN rules that failed or errored are warnings either way.
 *
 * <pre>{@code
 * Decision d = evaluation.decision();
 * if (!d.allowed()) {
 *   ((Decision.Denied) d).failedRules().forEach(r -> log.info("{}: {}", r.ruleId(), r.message()));
 * }
 * }</pre>
 */
public sealed interface Decision permits Decision.Allowed, Decision.Denied {

  /** Whether the image may be promoted. */
  boolean allowed();

  /** WARN rules that failed or errored. */
  List<RuleResult> warnings();

  /** No DENY rule failed; there may be warnings. */
  record Allowed(List<RuleResult> warnings) implements Decision {

    public Allowed {
      warnings = List.copyOf(warnings);
    }

    @Override
    public boolean allowed() {
      return true;
    }
  }

  /** At least one DENY rule failed or errored. */
  record Denied(List<RuleResult> failedRules, List<RuleResult> warnings) implements Decision {

    public Denied {
      failedRules = List.copyOf(failedRules);
      if (failedRules.isEmpty()) {
        throw new IllegalArgumentException("a denial names at least one failed rule");
      }
      warnings = List.copyOf(warnings);
    }

    @Override
    public boolean allowed() {
      return false;
    }
  }

  /** The decision for these rule results. */
  static Decision of(List<RuleResult> results) {
    List<RuleResult> failed = results.stream()
        .filter(r -> r.action() == Action.DENY && r.failedOrErrored()).toList();
    List<RuleResult> warnings = results.stream()
        .filter(r -> r.action() == Action.WARN && r.failedOrErrored()).toList();
    return failed.isEmpty() ? new Allowed(warnings) : new Denied(failed, warnings);
  }
}
