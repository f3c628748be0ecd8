package dev.scangate.environments;

import java.time.Duration;
import java.util.UUID;

/**
 * One environment (dev, staging, prod, …) in promotion order, bound to a policy version.
 *
 * @param position the order of promotion, lowest first
 * @param requiresPrevious whether an image must be promoted to the environment before this one
 *     first
 * @param gracePeriod how long a promotion that fails a re-evaluation stays AT_RISK before it is
 *     revoked; zero revokes at once
 */
public record Environment(String name, int position, UUID policyId, String policyName,
    UUID policyVersionId, int policyVersion, String policyDigest, boolean requiresPrevious,
    Duration gracePeriod) {

  /** Whether a promotion that fails a re-evaluation is revoked without a grace period. */
  public boolean revokesImmediately() {
    return gracePeriod.isZero();
  }
}
