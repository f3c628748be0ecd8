package dev.scangate.policies;

import dev.scangate.policy.Rule;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A policy version: API shape of {@code GET /api/v1/policies/{id}/versions}. */
public record PolicyVersionView(UUID id, UUID policyId, String policyName, int version,
    String digest, Instant createdAt, String createdBy, List<RuleView> rules) {

  /** A rule as the API shows it. */
  public record RuleView(String id, String description, String action, String expression,
      String findingSelector, String messageTemplate) {
  }

  static PolicyVersionView of(StoredPolicyVersion v) {
    return new PolicyVersionView(v.id(), v.policyId(), v.policyName(), v.version(), v.digest(),
        v.createdAt(), v.createdBy(), v.definition().rules().stream().map(PolicyVersionView::rule)
            .toList());
  }

  private static RuleView rule(Rule r) {
    return new RuleView(r.id(), r.description(), r.action().name(), r.expression(),
        r.findingSelector(), r.messageTemplate());
  }
}
