package dev.scangate.environments;

import java.util.UUID;

/** An environment: API shape of {@code GET /api/v1/environments}. */
record EnvironmentView(String name, int position, Policy policy, boolean requiresPrevious,
    String previous, String gracePeriod, boolean revokeImmediately) {

  record Policy(UUID id, String name, UUID versionId, int version, String digest) {
  }

  static EnvironmentView of(Environment e, String previous) {
    return new EnvironmentView(e.name(), e.position(), new Policy(e.policyId(), e.policyName(),
        e.policyVersionId(), e.policyVersion(), e.policyDigest()), e.requiresPrevious(),
        previous, e.gracePeriod().toString(), e.revokesImmediately());
  }
}
